import MusterReport
import MusterScenario

/// The workbench page, rendered on the server: the scenario form made
/// from the key table, the run controls, and places the results go.
/// Everything it needs is served by the workbench itself (no CDN).
enum WorkbenchPage {
    /// The page's parts, in order: each a `<section id=…>` of the page, and
    /// an entry of the navigation at its top. A new part (a tab such as
    /// Calibrate) adds its section and its entry here (ARCHITECTURE.md).
    static let parts: [(id: String, title: String)] = [
        ("scenario-section", "Scenario"), ("run-section", "Run"), ("results-section", "Results"),
        ("compare-section", "Compare"),
    ]

    static func navigation() -> String {
        "<nav aria-label=\"Workbench parts\"><ul class=\"parts\">"
            + parts.map { "<li><a href=\"#\($0.id)\">\(HTMLText.escape($0.title))</a></li>" }.joined()
            + "</ul></nav>\n"
    }

    static func html(scenarios: [String], version: String, session: String) -> String {
        let e = HTMLText.escape
        var s = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>Muster workbench</title>
        <meta name="muster-session" content="\(e(session))"/>
        <link rel="stylesheet" href="/static/workbench.css"/>
        <script src="/static/workbench.js" defer></script>
        </head>
        <body>
        <main>
        <header><h1>Muster workbench</h1>
        <p class="run">Tiered relay against point-to-point, with the engine, checks and figures of <code>muster</code> \(e(version)).</p>
        \(navigation())</header>

        <section id="scenario-section">
        <h2>1 · Scenario</h2>
        <div class="row">
        <label for="source">Shipped scenario</label>
        <select id="source">
        """
        for name in scenarios {
            s += "<option value=\"\(e(name))\"\(name == "beilun.yaml" ? " selected" : "")>\(e(name))</option>"
        }
        s += """
        <option value="">(pasted or uploaded YAML)</option>
        </select>
        </div>
        <details id="yaml-box"><summary>Paste or upload a scenario (YAML)</summary>
        <textarea id="yaml" rows="12" spellcheck="false" aria-label="Scenario YAML"></textarea>
        <div class="row"><label for="upload">Scenario file to upload</label><input type="file" id="upload" accept=".yaml,.yml,text/yaml"/>
        <button type="button" id="use-yaml">Use this YAML</button></div>
        </details>
        <div id="problems" class="problems" role="alert"></div>
        <p id="description" class="note"></p>
        <form id="knobs" autocomplete="off">

        """
        s += "<fieldset id=\"section-essentials\"><legend>The decisions</legend>"
            + "<p class=\"doc\">What planners weigh first. Everything else is under <em>Advanced</em>, "
            + "with the values the scenario file gives.</p>\n"
        for path in ScenarioForm.essentials {
            if let f = ScenarioForm.field(path: path) { s += field(f) }
        }
        s += "</fieldset>\n"
        s += "<details id=\"advanced\"><summary>Advanced: the tree, the team, field work, each relay level, the app</summary>\n"
        var section = "", level = ""
        for f in ScenarioForm.fields where !ScenarioForm.essentials.contains(f.path) {
            let top = String(f.path.split(separator: ".")[0])
            if top != section {
                if !level.isEmpty { s += "</fieldset>\n"; level = "" }
                if !section.isEmpty { s += "</fieldset>\n" }
                section = top
                s += "<fieldset id=\"section-\(e(top))\"><legend>\(e(top))</legend><p class=\"doc\">\(e(ScenarioForm.sectionDoc(top)))</p>\n"
            }
            if let l = f.level, l.name != level {
                if !level.isEmpty { s += "</fieldset>\n" }
                level = l.name
                s += "<fieldset class=\"level\" id=\"level-\(e(l.name))\"><legend>\(e(l.name)) level</legend>\n"
            }
            s += field(f)
        }
        if !level.isEmpty { s += "</fieldset>\n" }
        s += """
        </fieldset>
        </details>
        </form>
        </section>

        <section id="run-section" class="run-bar" aria-label="Run">
        <h2 class="compact">2 · Run</h2>
        <div class="row">
        <label for="replications">Replications</label><input id="replications" value="20" inputmode="numeric" size="6"/>
        <label for="seed">Seed</label><input id="seed" value="" inputmode="numeric" size="22"/>
        <label class="check"><input type="checkbox" id="clock" checked="checked"/> clock-time axes</label>
        </div>
        <p id="replications-note" class="note"></p>
        <div class="row">
        <button type="button" id="run" class="primary">Run</button>
        <button type="button" id="cancel" disabled="disabled">Cancel</button>
        <progress id="progress" max="1" value="0" aria-label="Replications done"></progress>
        <span id="status" role="status"></span>
        </div>
        </section>

        <section id="results-section">
        <h2>3 · Results</h2>
        <p id="downloads" class="downloads"></p>
        <div id="results"><p class="note">Run the scenario to see its figures.</p></div>
        </section>

        <section id="compare-section">
        <h2>4 · Compare</h2>
        <p class="note">Add the scenario as it stands to the list, change it (or pick another), add it again, then compare:
        every variant runs with the same seed and replications, paired replication by replication, as <code>muster compare</code> does.</p>
        <div class="row">
        <label for="variant-label">Name</label><input id="variant-label" size="24" placeholder="e.g. Beilun 2019"/>
        <button type="button" id="add-variant">Add as variant</button>
        <button type="button" id="compare" class="primary" disabled="disabled">Compare</button>
        </div>
        <ol id="variants"></ol>
        <div class="row"><progress id="compare-progress" max="1" value="0" aria-label="Comparison replications done"></progress><span id="compare-status" role="status"></span></div>
        <p id="compare-downloads" class="downloads"></p>
        <div id="compare-results"></div>
        </section>
        </main>
        </body>
        </html>

        """
        return s
    }

    /// One field: label with unit, input, the key's help and range, and
    /// the place its problems appear. Counts and distributions also get
    /// a picker (made by the script from `data-kind`): a law and its numbers.
    static func field(_ f: ScenarioForm.Field) -> String {
        let e = HTMLText.escape
        let key = f.key
        let id = "f-" + f.path.replacingOccurrences(of: ".", with: "-")
        var s = "<div class=\"field\" data-path=\"\(e(f.path))\" data-kind=\"\(e(key.kind.rawValue))\""
        if key.kind == .choices, let allowed = key.allowed { s += " data-allowed=\"\(e(allowed.joined(separator: " ")))\"" }
        s += ">"
        s += "<label for=\"\(id)\">\(e(label(f)))"
        if let unit = key.unit { s += " <span class=\"unit\">(\(e(unit)))</span>" }
        s += "</label>"
        // The help and the problem text are the control's description, so a
        // screen reader reads them with it.
        let described = "aria-describedby=\"doc-\(id) msg-\(id)\""
        if key.kind == .choice, let allowed = key.allowed {
            s += "<select id=\"\(id)\" data-path=\"\(e(f.path))\" \(described)>"
            for a in allowed { s += "<option value=\"\(e(a))\">\(e(a))</option>" }
            s += "</select>"
        } else {
            s += "<input id=\"\(id)\" data-path=\"\(e(f.path))\" spellcheck=\"false\" \(described)/>"
        }
        s += "<small class=\"doc\" id=\"doc-\(id)\">\(e(key.doc))\(e(range(key)))</small>"
        s += "<output class=\"msg\" id=\"msg-\(id)\" for=\"\(id)\" aria-live=\"polite\"></output></div>\n"
        return s
    }

    /// Plain words for the decisions; the key's name elsewhere.
    static let plainLabels = [
        "layout.households": "households per micro-grid",
        "team.volunteers": "volunteers per micro-grid",
        "p2p.adoption": "app adoption",
        "start": "order issued at",
        "tiered.levels": "levels that relay the order",
    ]

    static func label(_ f: ScenarioForm.Field) -> String {
        if let plain = plainLabels[f.path] { return plain }
        let name = f.key.name.replacingOccurrences(of: "_", with: " ")
        return f.level.map { "\(name) (\($0.name))" } ?? name
    }

    /// " Allowed: 0 to 1." from the key's limits.
    static func range(_ key: ScenarioKey) -> String {
        func num(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }
        switch (key.min, key.max) {
        case let (lo?, hi?): return " Allowed: \(num(lo)) to \(num(hi))\(key.maxExclusive ? " (exclusive)" : "")."
        case let (lo?, nil): return " Allowed: \(num(lo)) or more."
        default: return ""
        }
    }
}
