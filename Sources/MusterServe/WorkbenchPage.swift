import MusterReport
import MusterScenario

/// The workbench page, rendered on the server: the scenario form made
/// from the key table, the run controls, and places the results go.
/// Everything it needs is served by the workbench itself (no CDN).
enum WorkbenchPage {
    static func html(scenarios: [String], version: String) -> String {
        let e = HTMLText.escape
        var s = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>Muster workbench</title>
        <link rel="stylesheet" href="/static/workbench.css"/>
        <script src="/static/workbench.js" defer></script>
        </head>
        <body>
        <main>
        <header><h1>Muster workbench</h1>
        <p class="run">Tiered relay against point-to-point, with the engine, checks and figures of <code>muster</code> \(e(version)).</p></header>

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
        <div class="row"><input type="file" id="upload" accept=".yaml,.yml,text/yaml"/>
        <button type="button" id="use-yaml">Use this YAML</button></div>
        </details>
        <div id="problems" class="problems" role="alert"></div>
        <p id="description" class="note"></p>
        <form id="knobs" autocomplete="off" onsubmit="return false">

        """
        var section = ""
        for key in ScenarioForm.fields {
            let top = key.path.contains(".") ? String(key.path.split(separator: ".")[0]) : "order"
            if top != section {
                if !section.isEmpty { s += "</fieldset>\n" }
                section = top
                let doc = top == "order" ? "When the order is issued." : ScenarioForm.sectionDoc(top)
                s += "<fieldset id=\"section-\(e(top))\"><legend>\(e(top))</legend><p class=\"doc\">\(e(doc))</p>\n"
            }
            s += field(key)
        }
        s += """
        </fieldset>
        </form>
        </section>

        <section id="run-section">
        <h2>2 · Run</h2>
        <div class="row">
        <label for="replications">Replications</label><input id="replications" value="20" inputmode="numeric" size="6"/>
        <label for="seed">Seed</label><input id="seed" value="" inputmode="numeric" size="22"/>
        <label class="check"><input type="checkbox" id="clock" checked="checked"/> clock-time axes</label>
        </div>
        <div class="row">
        <button type="button" id="run" class="primary">Run</button>
        <button type="button" id="cancel" disabled="disabled">Cancel</button>
        <progress id="progress" max="1" value="0"></progress>
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
        <div class="row"><progress id="compare-progress" max="1" value="0"></progress><span id="compare-status" role="status"></span></div>
        <div id="compare-results"></div>
        </section>
        </main>
        </body>
        </html>

        """
        return s
    }

    /// One field: label with unit, input, the key's help and range, and
    /// the place its problems appear.
    static func field(_ key: ScenarioKey) -> String {
        let e = HTMLText.escape
        let id = "f-" + key.path.replacingOccurrences(of: ".", with: "-")
        var s = "<div class=\"field\" data-path=\"\(e(key.path))\">"
        s += "<label for=\"\(id)\">\(e(label(key)))"
        if let unit = key.unit { s += " <span class=\"unit\">(\(e(unit)))</span>" }
        s += "</label>"
        if key.kind == .choice, let allowed = key.allowed {
            s += "<select id=\"\(id)\" data-path=\"\(e(key.path))\">"
            for a in allowed { s += "<option value=\"\(e(a))\">\(e(a))</option>" }
            s += "</select>"
        } else {
            s += "<input id=\"\(id)\" data-path=\"\(e(key.path))\" spellcheck=\"false\"/>"
        }
        s += "<small class=\"doc\">\(e(key.doc))\(e(range(key)))</small>"
        s += "<output class=\"msg\" id=\"msg-\(id)\" for=\"\(id)\"></output></div>\n"
        return s
    }

    /// "volunteers" for `team.volunteers`; "office hours (every level)" for a relay default.
    static func label(_ key: ScenarioKey) -> String {
        let name = key.name.replacingOccurrences(of: "_", with: " ")
        return key.path.hasPrefix("tiered.default.") ? name + " (every level)" : name
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
