import MusterPlot

/// `report.html`: one self-contained page a planner can put in front of a
/// committee — the answer first, then the figures, the tables and the
/// parameters behind them. Inline CSS and SVG, no script, nothing fetched.
///
/// The markup is also well-formed XML (every element closed, only the five
/// XML entities), so any XML parser can check or scrape it.
struct ReportPage {
    let data: RunData
    /// In display order.
    let figures: [RunFigures.Figure]

    func html() -> String {
        var out = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="muster \(esc(data.musterVersion))"/>
        <title>Muster report: \(esc(data.scenario))</title>
        <style>
        \(Self.css)
        </style>
        </head>
        <body>
        <main>

        """
        out += sections()
        out += footer()
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    /// Everything between the page's frame and its footer.
    func sections() -> String {
        var out = header()
        out += figureSection()
        out += summarySection()
        if data.comparison != nil { out += comparisonSection() }
        out += parameterSection()
        return out
    }

    private func esc(_ s: String) -> String { XMLText.escape(s) }
    private func mode(_ m: String) -> String { esc(Presentation.modeShortName(m)) }
    private var runLine: String { RunFigures(data: data).runLine }

    // MARK: sections

    private func header() -> String {
        let modes = data.modes.map { Presentation.modeShortName($0.mode).lowercased() }.joined(separator: " against ")
        var s = "<header>\n<h1>\(esc(data.scenario)): \(esc(modes))</h1>\n"
        s += "<p class=\"run\" id=\"run-line\">\(esc(runLine))</p>\n"
        s += "<p class=\"lead\" id=\"headline\">\(headline())</p>\n</header>\n\n"
        return s
    }

    /// The answer in one or two sentences.
    private func headline() -> String {
        let medians = data.modes.map { m in
            "<strong>\(esc(HoursText.hours(m.order.p50)))</strong> by \(esc(Presentation.modeShortName(m.mode).lowercased()))"
        }
        var s = "The whole order is complete after a median of " + medians.joined(separator: " and ") + "."
        if let c = data.comparison {
            let d = c.diff, r = c.ratio
            // The medians above and this mean of paired differences are
            // different figures; say so, or readers subtract the medians.
            s += " Paired replication by replication, tiered relay takes on average (the mean of the paired differences,"
                + " not the difference of the medians) <strong>\(esc(HoursText.fixed(d.mean, 1))) h longer</strong>"
                + " (95 % CI \(esc(HoursText.fixed(d.low, 1))) to \(esc(HoursText.fixed(d.high, 1))) h),"
                + " <strong>\(esc(HoursText.fixed(r.mean, 2)))×</strong> as long"
                + " (95 % CI \(esc(HoursText.fixed(r.low, 2))) to \(esc(HoursText.fixed(r.high, 2))))."
        }
        return s
    }

    private func figureSection() -> String {
        var s = "<section id=\"figures\">\n<h2>Figures</h2>\n"
        for f in figures {
            s += "<figure id=\"figure-\(esc(f.name))\">\n"
            s += f.svg
            s += "<figcaption>\(esc(f.guide)) <a href=\"\(esc(f.name)).svg\">\(esc(f.name)).svg</a></figcaption>\n"
            s += "</figure>\n"
        }
        return s + "</section>\n\n"
    }

    private func summarySection() -> String {
        var s = "<section id=\"summary\">\n<h2>Summary</h2>\n"
        s += "<p>Hours from the order. Mean ± half-width of its 95 % confidence interval, then percentiles over "
            + "replications (p90: 90 % of replications finished sooner).</p>\n"
        s += "<div class=\"scroll\">\n<table class=\"figures\" id=\"summary-table\">\n<thead><tr><th></th>"
        for m in data.modes { s += "<th class=\"num\">\(mode(m.mode))</th>" }
        s += "</tr></thead>\n<tbody>\n"
        func group(_ title: String) {
            s += "<tr class=\"group\"><th colspan=\"\(data.modes.count + 1)\">\(esc(title))</th></tr>\n"
        }
        func row(_ label: String, _ key: String, _ cell: (ModeData) -> String) {
            s += "<tr><th>\(esc(label))</th>"
            for m in data.modes { s += "<td class=\"num\" id=\"\(m.mode)-\(key)\">\(esc(cell(m)))</td>" }
            s += "</tr>\n"
        }
        for (title, key, pick) in [("Order complete (h)", "order", \ModeData.order),
                                   ("Field complete (h)", "field", \ModeData.field)] {
            group(title)
            row("mean ± 95 % CI", "\(key)-mean") { HoursText.fixed($0[keyPath: pick].mean, 1) + " ± " + HoursText.fixed(($0[keyPath: pick].ci95High - $0[keyPath: pick].ci95Low) / 2, 1) }
            row("p50 (median)", "\(key)-p50") { HoursText.fixed($0[keyPath: pick].p50, 1) }
            row("p90", "\(key)-p90") { HoursText.fixed($0[keyPath: pick].p90, 1) }
            row("p95", "\(key)-p95") { HoursText.fixed($0[keyPath: pick].p95, 1) }
            row("max", "\(key)-max") { HoursText.fixed($0[keyPath: pick].max, 1) }
        }
        group("Per micro-grid, all replications pooled (h)")
        row("notified, p50", "notified-p50") { HoursText.fixed($0.notified.p50, 1) }
        row("notified, p90", "notified-p90") { HoursText.fixed($0.notified.p90, 1) }
        row("done, p50", "microgrid-done-p50") { HoursText.fixed($0.microgridDone.p50, 1) }
        row("done, p90", "microgrid-done-p90") { HoursText.fixed($0.microgridDone.p90, 1) }
        group("Households, mean per replication")
        row("total", "households-total") { HoursText.count($0.households.total) }
        row("visited", "households-visited") { HoursText.count($0.households.visited) }
        row("unreached after every attempt", "households-unreached") { HoursText.count($0.households.unreached) }
        s += "</tbody>\n</table>\n</div>\n"
        let left = data.modes.flatMap { m in
            [("order complete", m.order), ("field complete", m.field)].filter { $0.1.nonFinite > 0 }
                .map { "\(Presentation.modeShortName(m.mode)) \($0.0): \($0.1.nonFinite)" }
        }
        if !left.isEmpty {
            s += "<p class=\"note\" id=\"never-completed\">Left out of the figures above as never reached: "
                + esc(left.joined(separator: "; ")) + ".</p>\n"
        }
        return s + "</section>\n\n"
    }

    private func comparisonSection() -> String {
        guard let c = data.comparison else { return "" }
        var s = "<section id=\"comparison\">\n<h2>Comparison</h2>\n"
        s += "<p>Each replication runs both modes on the same layout with the same household and person draws "
            + "(common random numbers), so the modes are compared replication by replication.</p>\n"
        s += "<div class=\"scroll\">\n<table class=\"figures\" id=\"comparison-table\">\n<thead><tr><th>Order complete</th><th class=\"num\">mean</th>"
            + "<th class=\"num\">95 % CI</th></tr></thead>\n<tbody>\n"
        s += "<tr><th>Tiered − point-to-point (h)</th><td class=\"num\" id=\"diff-mean\">\(esc(HoursText.fixed(c.diff.mean, 1)))</td>"
            + "<td class=\"num\" id=\"diff-ci\">\(esc(HoursText.fixed(c.diff.low, 1))) to \(esc(HoursText.fixed(c.diff.high, 1)))</td></tr>\n"
        s += "<tr><th>Tiered ÷ point-to-point</th><td class=\"num\" id=\"ratio-mean\">\(esc(HoursText.fixed(c.ratio.mean, 2)))×</td>"
            + "<td class=\"num\" id=\"ratio-ci\">\(esc(HoursText.fixed(c.ratio.low, 2))) to \(esc(HoursText.fixed(c.ratio.high, 2)))</td></tr>\n"
        return s + "</tbody>\n</table>\n</div>\n</section>\n\n"
    }

    private func parameterSection() -> String {
        var s = "<section id=\"parameters\">\n<h2>Key parameters</h2>\n"
        s += "<p>From <code>\(esc(data.scenarioFile))</code>"
        if !data.overrides.isEmpty {
            s += " with " + data.overrides.map { "<code>--set \(esc($0))</code>" }.joined(separator: ", ")
        }
        s += ", after defaults. About \(esc(HoursText.count(data.expectedMicrogrids))) micro-grids and "
            + "\(esc(HoursText.count(data.expectedHouseholds))) households per replication by the layout's means"
        if let measured = data.modes.first?.households.total, measured.isFinite {
            s += " (\(esc(HoursText.count(measured))) households on average as drawn)"
        }
        s += ". The scenario file writes them as the keys on the left (<code>muster validate</code> explains each).</p>\n"
        s += "<div class=\"scroll\">\n<table class=\"parameters\" id=\"parameters-table\">\n"
            + "<thead><tr><th>key</th><th>value</th><th>unit</th></tr></thead>\n<tbody>\n"
        var relay: [(level: String, entries: [(String, String)])] = []
        for (key, value) in data.parameters {
            let parts = key.split(separator: ".")
            if parts.count == 2, parts[0] == "tiered", let entries = ParameterText.mapping(value), entries.contains(where: { $0.0 == "handlers" }) {
                relay.append((String(parts[1]), entries))
                continue
            }
            s += "<tr><th><code>\(esc(key))</code></th><td>\(esc(ParameterText.readable(key, value)))</td>"
                + "<td>\(esc(ParameterText.unit(key)))</td></tr>\n"
        }
        s += "</tbody>\n</table>\n</div>\n"
        if !relay.isEmpty { s += relayTable(relay) }
        return s + "</section>\n\n"
    }

    /// The relay levels the order passes, one row each: handlers, office
    /// hours, forwarding and the time of each step.
    private func relayTable(_ levels: [(level: String, entries: [(String, String)])]) -> String {
        var columns: [String] = []
        for l in levels { for (k, _) in l.entries where !columns.contains(k) { columns.append(k) } }
        var s = "<div class=\"scroll\">\n<table class=\"parameters\" id=\"relay-table\">\n<thead><tr><th>relay level (<code>tiered.LEVEL</code>)</th>"
        for c in columns {
            let unit = ParameterText.unit(c)
            s += "<th>\(esc(c.replacingOccurrences(of: "_", with: " ")))\(unit.isEmpty || c == "office_hours" ? "" : " (" + esc(unit) + ")")</th>"
        }
        s += "</tr></thead>\n<tbody>\n"
        for l in levels {
            let dict = Dictionary(l.entries, uniquingKeysWith: { a, _ in a })
            s += "<tr id=\"relay-\(esc(l.level))\"><th>\(esc(l.level))</th>"
            for c in columns { s += "<td>\(esc(dict[c].map { ParameterText.readable(c, $0) } ?? "—"))</td>" }
            s += "</tr>\n"
        }
        return s + "</tbody>\n</table>\n</div>\n"
    }

    private func footer() -> String {
        var command = ["muster", "run", data.scenarioFile, "--seed", data.seed, "--replications", String(data.replications)]
        if data.modes.count == 1, let only = data.modes.first { command += ["--mode", only.mode] }
        for o in data.overrides { command += ["--set", o] }
        command += ["--out", "DIR"]
        return "<footer>\n<p>To reproduce: <code>\(esc(command.map(Self.shellQuoted).joined(separator: " ")))</code>. "
            + "The figures are redrawn from this folder's files with <code>muster plot DIR</code>.</p>\n</footer>\n"
    }

    /// A word quoted for a POSIX shell when it needs it.
    static func shellQuoted(_ word: String) -> String {
        let safe = word.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || "-_./=:,@%+".unicodeScalars.contains($0)
        }
        return safe && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static let css = """
    :root { color-scheme: light; }
    body { margin: 0; background: #f6f6f4; color: #222; font: 16px/1.5 "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; }
    main { max-width: 860px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
    h1 { font-size: 26px; line-height: 1.25; margin: 8px 0 4px; }
    h2 { font-size: 20px; margin: 36px 0 10px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
    p.run { color: #555; font-size: 14px; margin: 0 0 14px; }
    p.lead { font-size: 18px; background: #f0f4f8; border-left: 4px solid #0072B2; padding: 12px 16px; margin: 0; }
    p.note { color: #555; font-size: 14px; }
    figure { margin: 20px 0 28px; break-inside: avoid; page-break-inside: avoid; overflow-x: auto; }
    figure svg { display: block; width: 100%; max-width: 800px; height: auto; }
    .scroll { overflow-x: auto; }
    figcaption { font-size: 13px; color: #555; margin-top: 4px; }
    table { border-collapse: collapse; margin: 8px 0 4px; font-size: 15px; }
    th, td { padding: 4px 12px; text-align: left; vertical-align: top; }
    thead th { border-bottom: 2px solid #444; }
    tr.group th { padding-top: 12px; border-bottom: 1px solid #ccc; font-weight: bold; }
    tbody th { font-weight: normal; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    table.figures td.num { min-width: 9em; }
    table.parameters { font-size: 13px; }
    table.parameters th { white-space: nowrap; }
    table.parameters thead th { font-weight: bold; }
    table.parameters tr:nth-child(odd) { background: #f7f7f7; }
    code { font-family: "DejaVu Sans Mono", "Liberation Mono", Consolas, monospace; font-size: 0.92em; }
    footer { margin-top: 36px; font-size: 13px; color: #555; }
    @media (max-width: 640px) { main { padding: 12px 14px 32px; } td.num, th.num { white-space: normal; } table.figures td.num { min-width: 0; } }
    @media print { body { background: #fff; } main { padding: 0; max-width: none; } h2 { break-after: avoid; } }
    """
}
