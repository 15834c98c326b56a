"use strict";
// The workbench page: loads a scenario into the form, validates as the
// visitor types, runs and compares through the server's JSON API, and
// follows progress through server-sent events.
(function () {
  const $ = (id) => document.getElementById(id);
  const state = { source: null, yaml: "", original: {}, timer: null, job: null, compareJob: null, variants: [], lastValid: false };

  // ---- Pickers: a count or a distribution as a law and its numbers ----
  // The laws and their numbers, as the scenario reader takes them
  // (docs/reference/scenario.md, "Value types"). The field's text input
  // stays the value sent; the picker writes the scenario file's text there.
  const LAWS = {
    distribution: { "fixed time": ["value"], uniform: ["min", "max"], exponential: ["mean"], lognormal: ["mean", "sd"],
                     gamma: ["shape", "scale"], weibull: ["shape", "scale"], triangular: ["min", "mode", "max"] },
    count: { exactly: ["value"], between: ["min", "max"], poisson: ["mean"] },
  };

  // "{dist: lognormal, mean: 6m, sd: 4m}" → {dist: "lognormal", mean: "6m", sd: "4m"}; null for other text.
  function parseFlow(text) {
    text = text.trim();
    if (!text.startsWith("{") || !text.endsWith("}")) return null;
    const out = {};
    for (const part of text.slice(1, -1).split(",")) {
      const i = part.indexOf(":");
      if (i < 0) return null;
      out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
    }
    return out;
  }

  // The law and numbers of a field's text; null when the picker cannot show it.
  function readLaw(kind, text) {
    text = (text || "").trim();
    const m = parseFlow(text);
    if (kind === "count") {
      if (/^\d+$/.test(text)) return { law: "exactly", params: { value: text } };
      if (!m) return null;
      if (!m.dist && m.min !== undefined && m.max !== undefined) return { law: "between", params: m };
      if (m.dist === "fixed") return { law: "exactly", params: m };
      if (m.dist === "uniform") return { law: "between", params: m };
      if (m.dist === "poisson") return { law: "poisson", params: m };
      return null;
    }
    if (!m) return text && !text.includes("{") ? { law: "fixed time", params: { value: text } } : null;
    if (m.dist === "constant") return { law: "fixed time", params: m };
    return LAWS.distribution[m.dist] ? { law: m.dist, params: m } : null;
  }

  // The scenario file's text for a law and its numbers.
  function writeLaw(kind, law, params) {
    const names = LAWS[kind][law];
    const v = (n) => (params[n] || "").trim();
    if (law === "exactly" || law === "fixed time") return v("value");
    if (law === "between") return "{min: " + v("min") + ", max: " + v("max") + "}";
    return "{dist: " + law + names.map((n) => ", " + n + ": " + v(n)).join("") + "}";
  }

  function makePicker(box) {
    const kind = box.dataset.kind;
    const input = box.querySelector("input[data-path]");
    if (!LAWS[kind] || !input) return;
    const picker = document.createElement("div");
    picker.className = "picker";
    const law = document.createElement("select");
    law.id = input.id + "-law";
    law.setAttribute("aria-describedby", input.getAttribute("aria-describedby"));
    for (const name of Object.keys(LAWS[kind])) {
      const o = document.createElement("option");
      o.value = name; o.textContent = name;
      law.appendChild(o);
    }
    picker.appendChild(law);
    const numbers = document.createElement("span");
    numbers.className = "numbers";
    picker.appendChild(numbers);
    input.after(picker);
    box.querySelector("label").htmlFor = law.id;
    const write = () => {
      const params = {};
      for (const el of numbers.querySelectorAll("input")) params[el.dataset.param] = el.value;
      input.value = writeLaw(kind, law.value, params);
      input.dispatchEvent(new Event("input"));
    };
    const draw = (params) => {
      numbers.textContent = "";
      for (const n of LAWS[kind][law.value]) {
        const id = input.id + "-" + n;
        const l = document.createElement("label");
        l.htmlFor = id;
        l.textContent = n === "value" ? (kind === "count" ? "number" : "time") : n;
        const x = document.createElement("input");
        x.id = id; x.dataset.param = n; x.value = params[n] || "";
        x.setAttribute("aria-describedby", input.getAttribute("aria-describedby"));
        x.addEventListener("input", write);
        numbers.append(l, x);
      }
    };
    law.addEventListener("change", () => {
      const kept = {};
      for (const el of numbers.querySelectorAll("input")) kept[el.dataset.param] = el.value;
      draw(kept);
      write();
    });
    box.syncPicker = () => {
      const read = readLaw(kind, input.value);
      // Text the picker cannot show (or none) stays a plain text field.
      picker.hidden = !read;
      input.hidden = !!read;
      box.querySelector("label").htmlFor = read ? law.id : input.id;
      if (!read) return;
      law.value = read.law;
      draw(read.params);
    };
    box.syncPicker();
  }

  // A list of choices (the relay levels): a check box each, in the
  // allowed order, written back as "[a, b, c]".
  function makeChoices(box) {
    const input = box.querySelector("input[data-path]");
    const allowed = (box.dataset.allowed || "").split(" ").filter((x) => x);
    if (!input || !allowed.length) return;
    const group = document.createElement("fieldset");
    group.className = "picker choices";
    const legend = document.createElement("legend");
    legend.className = "visually-hidden";
    legend.textContent = box.querySelector("label").textContent;
    group.appendChild(legend);
    const boxes = allowed.map((name) => {
      const id = input.id + "-" + name;
      const l = document.createElement("label");
      const c = document.createElement("input");
      c.type = "checkbox"; c.id = id; c.value = name;
      c.setAttribute("aria-describedby", input.getAttribute("aria-describedby"));
      c.addEventListener("change", () => {
        input.value = "[" + boxes.filter((b) => b.checked).map((b) => b.value).join(", ") + "]";
        input.dispatchEvent(new Event("input"));
      });
      l.append(c, " " + name);
      group.appendChild(l);
      return c;
    });
    input.after(group);
    box.syncPicker = () => {
      const text = input.value.trim();
      const ok = /^\[[a-z, ]*\]$/.test(text);
      group.hidden = !ok;
      input.hidden = ok;
      if (!ok) return;
      const chosen = text.slice(1, -1).split(",").map((x) => x.trim());
      for (const b of boxes) b.checked = chosen.includes(b.value);
    };
    box.syncPicker();
  }

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

  // The page's session token: every request that changes something carries it.
  function session() { return document.querySelector('meta[name="muster-session"]').content; }

  function scenario() { return { yaml: state.yaml, source: state.source, changes: changes() }; }

  const STOPPED = "The workbench stopped (Ctrl-C on the server, or it was closed). Start it again and reload this page.";

  // Every request that changes something: JSON with the page's session
  // token. A refusal comes back as {error: reason}; no answer at all means
  // the server is gone.
  async function post(url, body) {
    let r;
    try {
      r = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", "X-Muster-Session": session() },
                             body: JSON.stringify(body) });
    } catch (e) {
      return { status: 0, data: { error: STOPPED } };
    }
    let data = {};
    try { data = await r.json(); } catch (e) { data = {}; }
    if (!r.ok && !data.error) data.error = "the server refused the request (" + r.status + ")";
    return { status: r.status, data };
  }

  // A refusal's reason in the page's message area (kept line breaks).
  function refused(text) { $("problems").textContent = text; }

  function showProblems(problems) {
    for (const el of document.querySelectorAll(".field")) {
      el.classList.remove("bad");
      el.querySelector("output.msg").textContent = "";
      for (const control of el.querySelectorAll("input, select")) control.removeAttribute("aria-invalid");
    }
    const general = [];
    for (const p of problems || []) {
      const box = p.field ? document.querySelector('.field[data-path="' + p.field + '"]') : null;
      if (box) {
        box.classList.add("bad");
        for (const control of box.querySelectorAll("input, select")) control.setAttribute("aria-invalid", "true");
        // A problem in a closed section opens it: the message is seen where it belongs.
        const details = box.closest("details");
        if (details) details.open = true;
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
    if (!data.ok && data.error) refused(data.error);
    $("description").textContent = data.ok ? data.description.join(" · ") : "";
    if (data.ok && fill) {
      state.original = data.values || {};
      for (const el of fields()) el.value = state.original[el.dataset.path] ?? "";
      for (const box of document.querySelectorAll(".field")) if (box.syncPicker) box.syncPicker();
      changes();
      if (!$("variant-label").value) $("variant-label").value = data.name || "";
      if (data.seed) $("seed").value = data.seed;
      if (data.replications) {
        $("replications-note").textContent = "The scenario file asks for " + data.replications +
          " replications; the workbench starts with 20, a first answer in seconds. Use " + data.replications +
          " (or more) for the figures you report.";
      }
    }
    $("run").disabled = !data.ok;
    return data;
  }

  async function loadShipped(name) {
    let r, data = {};
    try { r = await fetch("/api/scenarios/" + encodeURIComponent(name)); } catch (e) { refused(STOPPED); return; }
    try { data = await r.json(); } catch (e) { data = {}; }
    if (!r.ok) { refused(data.error || ("the server refused the request (" + r.status + ")")); return; }
    state.source = name; state.yaml = data.yaml; $("yaml").value = data.yaml;
    $("variant-label").value = "";
    await validate(true);
  }

  async function usePasted() {
    state.source = null; state.yaml = $("yaml").value; $("source").value = "";
    for (const el of fields()) el.value = "";
    for (const box of document.querySelectorAll(".field")) if (box.syncPicker) box.syncPicker();
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
    // done() first: it re-enables Run, which a stopped server cannot serve.
    es.addEventListener("stopped", () => { es.close(); done("stopped"); status.textContent = STOPPED; stopped(); });
    es.onerror = async () => {
      es.close();
      let alive = false;
      try { alive = (await fetch("/api/scenarios")).ok; } catch (e) { alive = false; }
      done("failed");
      status.textContent = alive ? "lost the connection to the server; reload the page" : STOPPED;
      if (!alive) stopped();
    };
  }

  // The server is gone: say so once, at the top, and offer nothing that needs it.
  function stopped() {
    refused(STOPPED);
    for (const b of document.querySelectorAll("button")) b.disabled = true;
  }

  // The shown run's (or comparison's) figures and its downloads, with the
  // axes the check box asks for: what is downloaded is what is on screen.
  async function showResult() {
    if (!state.shownRun) return;
    await showFragment(state.shownRun, $("results"));
    await showDownloads(state.shownRun, $("downloads"), "dl",
                        "<code>muster run scenario.yaml</code> gives the same numbers");
  }

  async function showComparison() {
    if (!state.shownCompare) return;
    await showFragment(state.shownCompare, $("compare-results"));
    await showDownloads(state.shownCompare, $("compare-downloads"), "cdl",
                        "<code>muster compare variant-1.yaml variant-2.yaml …</code> with the manifest's seed and replications gives the same numbers");
  }

  // Links to every file of the result, and to the whole folder as a zip.
  async function showDownloads(id, target, prefix, note) {
    let data = {};
    try { const r = await fetch("/api/jobs/" + id + "/files"); data = await r.json(); } catch (e) { data = {}; }
    target.textContent = "";
    if (!data.files) return;
    const clock = $("clock").checked ? "1" : "0";
    const link = (name, text) => {
      const a = document.createElement("a");
      a.id = prefix + "-" + name.replace(/\.(html|json|yaml)$/, "").replace(/[^A-Za-z0-9]+/g, "-");
      a.href = "/jobs/" + id + "/" + encodeURIComponent(name) + "?clock=" + clock;
      a.textContent = text || name;
      if (name !== "report.html") a.setAttribute("download", name);
      return a;
    };
    const head = document.createElement("strong");
    head.textContent = "Download: ";
    target.appendChild(head);
    for (const z of data.zip) {
      const a = link(z, "everything (" + z + ")");
      a.id = prefix + "-zip";
      target.append(" ", a);
    }
    for (const f of data.files) target.append(" ", link(f));
    target.append(" ");
    const span = document.createElement("span");
    span.className = "note";
    span.innerHTML = "(" + note + ")";
    target.appendChild(span);
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
      if (status === 0) stopped();
      if (data.problems) showProblems(data.problems);
      $("run").disabled = false; $("cancel").disabled = true; return;
    }
    state.job = data.id;
    follow(data.id, $("progress"), $("status"), async (phase) => {
      $("run").disabled = false; $("cancel").disabled = true;
      if (phase !== "done") return;
      state.shownRun = data.id;
      await showResult();
    });
  }

  function drawVariants() {
    const list = $("variants");
    list.innerHTML = "";
    state.variants.forEach((v, i) => {
      const li = document.createElement("li");
      const changed = Object.entries(v.scenario.changes || {}).map(([k, x]) => k + " = " + x);
      li.textContent = v.label + " — " + (v.scenario.source || "pasted YAML") + (changed.length ? ", changed: " + changed.join("; ") : "") + " ";
      const rm = document.createElement("button");
      rm.type = "button"; rm.textContent = "remove";
      rm.setAttribute("aria-label", "remove variant " + v.label);
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
      if (status === 0) stopped();
      $("compare").disabled = false; return;
    }
    follow(data.id, $("compare-progress"), $("compare-status"), async (phase) => {
      $("compare").disabled = state.variants.length < 2;
      if (phase === "done") { state.shownCompare = data.id; await showComparison(); }
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("knobs").addEventListener("submit", (ev) => ev.preventDefault());
    for (const box of document.querySelectorAll(".field[data-kind]")) {
      if (box.dataset.kind === "choices") makeChoices(box); else makePicker(box);
    }
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
    $("clock").addEventListener("change", () => { showResult(); showComparison(); });
    if ($("source").value) loadShipped($("source").value);
  });
})();
