import MusterReport

/// The page's stylesheet and script, served by the workbench itself so it
/// works offline. The report's own stylesheet comes first, so the result
/// sections look as they do in report.html.
enum WorkbenchAssets {
    static var style: String { RunReport.stylesheet + "\n" + own }

    static let own = """
    main { max-width: 980px; }
    section { margin-bottom: 12px; }
    .row { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: center; margin: 8px 0; }
    fieldset { border: 1px solid #ddd; margin: 12px 0; padding: 8px 14px 12px; }
    legend { font-weight: bold; padding: 0 6px; }
    p.doc, small.doc { display: block; color: #555; font-size: 13px; margin: 2px 0 6px; }
    .field { display: grid; grid-template-columns: minmax(10em, 15em) minmax(8em, 1fr); gap: 2px 12px; margin: 8px 0; }
    .field label { grid-column: 1; font-weight: bold; }
    .field input, .field select { grid-column: 2; font: inherit; padding: 3px 6px; min-width: 0; align-self: start; }
    .field small.doc { grid-column: 2; }
    .field output.msg { grid-column: 2; color: #b00020; font-size: 14px; }
    .field.bad input, .field.bad select { border: 2px solid #b00020; }
    .field.changed input, .field.changed select { background: #fff8dc; }
    .unit { font-weight: normal; color: #555; }
    .problems:empty { display: none; }
    .problems { color: #b00020; border-left: 4px solid #b00020; padding: 6px 12px; background: #fdf0f2; white-space: pre-wrap; font-size: 14px; }
    textarea { width: 100%; box-sizing: border-box; font-family: "DejaVu Sans Mono", monospace; font-size: 13px; }
    button { font: inherit; padding: 6px 14px; }
    button.primary { background: #0072B2; color: #fff; border: 1px solid #005a8c; }
    button:disabled { opacity: 0.5; }
    progress { width: 14em; }
    p.downloads a { margin-right: 14px; }
    ul.verdicts li { margin: 4px 0; }
    #variants li { margin: 4px 0; }
    label.check { font-weight: normal; }
    @media (max-width: 640px) {
      .field { grid-template-columns: 1fr; }
      .field label, .field input, .field select, .field small.doc, .field output.msg { grid-column: 1; }
      progress { width: 100%; }
    }
    """

    static let script = #"""
    "use strict";
    // The workbench page: loads a scenario into the form, validates as the
    // visitor types, runs and compares through the server's JSON API, and
    // follows progress through server-sent events.
    (function () {
      const $ = (id) => document.getElementById(id);
      const state = { source: null, yaml: "", original: {}, timer: null, job: null, compareJob: null, variants: [], lastValid: false };

      function fields() { return Array.from(document.querySelectorAll("[data-path]")).filter((el) => el.tagName !== "DIV"); }

      function changes() {
        const out = {};
        for (const el of fields()) {
          const p = el.dataset.path, v = el.value.trim();
          const box = el.closest(".field");
          const changed = state.original[p] !== undefined ? v !== state.original[p] : v !== "";
          box.classList.toggle("changed", changed);
          if (changed) out[p] = v;
        }
        return out;
      }

      function scenario() { return { yaml: state.yaml, source: state.source, changes: changes() }; }

      async function post(url, body) {
        const r = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
        let data = {};
        try { data = await r.json(); } catch (e) { data = { error: "the server answered " + r.status }; }
        return { status: r.status, data };
      }

      function showProblems(problems) {
        for (const el of document.querySelectorAll(".field")) {
          el.classList.remove("bad");
          el.querySelector("output.msg").textContent = "";
        }
        const general = [];
        for (const p of problems || []) {
          const box = p.field ? document.querySelector('.field[data-path="' + p.field + '"]') : null;
          if (box) {
            box.classList.add("bad");
            const out = box.querySelector("output.msg");
            out.textContent = (out.textContent ? out.textContent + "\n" : "") + p.text;
          } else general.push(p.text);
        }
        $("problems").textContent = general.join("\n");
      }

      async function validate(fill) {
        const { data } = await post("/api/validate", scenario());
        state.lastValid = !!data.ok;
        showProblems(data.problems);
        $("description").textContent = data.ok ? data.description.join(" · ") : "";
        if (data.ok && fill) {
          state.original = data.values || {};
          for (const el of fields()) el.value = state.original[el.dataset.path] ?? "";
          changes();
          if (!$("variant-label").value) $("variant-label").value = data.name || "";
          if (data.seed) $("seed").value = data.seed;
        }
        $("run").disabled = !data.ok;
        return data;
      }

      async function loadShipped(name) {
        const r = await fetch("/api/scenarios/" + encodeURIComponent(name));
        const data = await r.json();
        if (!r.ok) { $("problems").textContent = data.error || "cannot load"; return; }
        state.source = name; state.yaml = data.yaml; $("yaml").value = data.yaml;
        $("variant-label").value = "";
        await validate(true);
      }

      async function usePasted() {
        state.source = null; state.yaml = $("yaml").value; $("source").value = "";
        for (const el of fields()) el.value = "";
        state.original = {};
        $("variant-label").value = "";
        await validate(true);
      }

      function schedule() {
        clearTimeout(state.timer);
        state.timer = setTimeout(() => validate(false), 250);
      }

      function follow(id, bar, status, done) {
        const es = new EventSource("/api/jobs/" + id + "/events");
        es.addEventListener("status", (ev) => {
          const s = JSON.parse(ev.data);
          bar.max = Math.max(1, s.total); bar.value = s.done;
          if (s.phase === "queued") status.textContent = s.ahead > 0 ? "waiting: " + s.ahead + " run(s) ahead of yours" : "starting…";
          else if (s.phase === "running") status.textContent = "running: " + s.done + " of " + s.total + " replications";
          else if (s.phase === "done") status.textContent = "done: " + s.total + " replications";
          else if (s.phase === "cancelled") status.textContent = "cancelled";
          else if (s.phase === "failed") status.textContent = "failed: " + (s.error || "");
          if (["done", "cancelled", "failed"].includes(s.phase)) { es.close(); done(s.phase); }
        });
        es.onerror = () => { es.close(); status.textContent = "lost the connection to the server"; done("failed"); };
      }

      async function showFragment(id, target) {
        const clock = $("clock").checked ? "1" : "0";
        const r = await fetch("/jobs/" + id + "/fragment?clock=" + clock);
        target.innerHTML = r.ok ? await r.text() : "<p class=\"problems\">The result could not be loaded.</p>";
      }

      async function run() {
        $("run").disabled = true; $("cancel").disabled = false;
        $("status").textContent = "sending…"; $("progress").value = 0;
        const body = { scenario: scenario(), replications: parseInt($("replications").value, 10) || 0, seed: $("seed").value.trim() };
        const { status, data } = await post("/api/runs", body);
        if (status !== 202) {
          $("status").textContent = data.error || ("refused (" + status + ")");
          if (data.problems) showProblems(data.problems);
          $("run").disabled = false; $("cancel").disabled = true; return;
        }
        state.job = data.id;
        follow(data.id, $("progress"), $("status"), async (phase) => {
          $("run").disabled = false; $("cancel").disabled = true;
          if (phase !== "done") return;
          await showFragment(data.id, $("results"));
          const base = "/jobs/" + data.id + "/";
          $("downloads").innerHTML = "Download: <a id=\"dl-report\" href=\"" + base + "report.html\" download=\"report.html\">report.html</a>" +
            "<a id=\"dl-summary\" href=\"" + base + "summary.json\">summary.json</a>" +
            "<a id=\"dl-scenario\" href=\"" + base + "scenario.yaml\">scenario.yaml</a>" +
            " <span class=\"note\">(<code>muster run scenario.yaml</code> gives the same numbers)</span>";
        });
      }

      function drawVariants() {
        const list = $("variants");
        list.innerHTML = "";
        state.variants.forEach((v, i) => {
          const li = document.createElement("li");
          const changed = Object.keys(v.scenario.changes || {});
          li.textContent = v.label + " — " + (v.scenario.source || "pasted YAML") + (changed.length ? ", changed: " + changed.join(", ") : "") + " ";
          const rm = document.createElement("button");
          rm.type = "button"; rm.textContent = "remove";
          rm.onclick = () => { state.variants.splice(i, 1); drawVariants(); };
          li.appendChild(rm);
          list.appendChild(li);
        });
        $("compare").disabled = state.variants.length < 2;
      }

      async function compare() {
        $("compare").disabled = true;
        $("compare-status").textContent = "sending…";
        const body = { variants: state.variants, replications: parseInt($("replications").value, 10) || 0, seed: $("seed").value.trim() };
        const { status, data } = await post("/api/compare", body);
        if (status !== 202) {
          $("compare-status").textContent = (data.error || "refused") + (data.problems ? ": " + data.problems.map((p) => p.text).join("; ") : "");
          $("compare").disabled = false; return;
        }
        follow(data.id, $("compare-progress"), $("compare-status"), async (phase) => {
          $("compare").disabled = state.variants.length < 2;
          if (phase === "done") await showFragment(data.id, $("compare-results"));
        });
      }

      document.addEventListener("DOMContentLoaded", () => {
        for (const el of fields()) { el.addEventListener("input", schedule); el.addEventListener("change", schedule); }
        $("source").addEventListener("change", () => { if ($("source").value) loadShipped($("source").value); });
        $("use-yaml").addEventListener("click", usePasted);
        $("upload").addEventListener("change", () => {
          const f = $("upload").files[0];
          if (!f) return;
          if (f.size > 512 * 1024) { $("problems").textContent = "The file is larger than the workbench accepts (512 KiB)."; return; }
          f.text().then((t) => { $("yaml").value = t; usePasted(); });
        });
        $("run").addEventListener("click", run);
        $("cancel").addEventListener("click", () => { if (state.job) post("/api/jobs/" + state.job + "/cancel", {}); });
        $("add-variant").addEventListener("click", async () => {
          const data = await validate(false);
          if (!data.ok) return;
          const label = $("variant-label").value.trim() || data.name;
          state.variants.push({ label, scenario: JSON.parse(JSON.stringify(scenario())) });
          drawVariants();
        });
        $("compare").addEventListener("click", compare);
        if ($("source").value) loadShipped($("source").value);
      });
    })();
    """#
}
