import MusterCompare
import MusterModel
import MusterPlot
import MusterReport
import MusterStats

/// The workbench's comparison: a column per variant and mode with the
/// figures of `muster compare`'s table, the paired differences against the
/// first variant and their one-line verdicts, and the CDF of every line.
enum ComparePage {
    static func fragment(_ c: Comparison, clock: ClockAxis?) -> String {
        let e = HTMLText.escape
        var s = "<section id=\"comparison-result\">\n<h2>Comparison</h2>\n"
        let reps = c.replications == 1 ? "1 replication" : "\(c.replications) replications"
        s += "<p class=\"run\">Seed \(c.seed) · \(reps) of each variant, paired replication by replication "
            + "(common random numbers) · muster \(e(c.musterVersion))</p>\n"
        s += "<p class=\"note\">Each verdict is the <em>mean</em> of the paired differences (variant minus the first, "
            + "replication by replication) with its 95% interval; the table below gives each variant's own mean and "
            + "percentiles. A difference of medians is not the median (or mean) of the differences.</p>\n"
        s += "<ul class=\"verdicts\" id=\"verdicts\">\n"
        for d in c.differences { s += "<li>\(e(d.verdict))</li>\n" }
        s += "</ul>\n"
        s += "<figure id=\"figure-compare\">\n" + ComparisonFigure.completionCDF(c, clock: clock) + "</figure>\n"
        s += "<div class=\"scroll\">\n<table class=\"figures\" id=\"compare-table\">\n<thead><tr><th>Order complete (h)</th>"
        for sc in c.scenarios {
            for m in c.modes { s += "<th class=\"num\">\(e(sc.label))<br/>\(e(m.rawValue))</th>" }
        }
        s += "</tr></thead>\n<tbody>\n"
        func row(_ label: String, _ cell: (ModeSummary) -> String) {
            s += "<tr><th>\(e(label))</th>"
            for (i, sc) in c.scenarios.enumerated() {
                for m in c.modes {
                    let text = sc.summary.modes[m].map(cell) ?? "—"
                    s += "<td class=\"num\" data-variant=\"\(i)\" data-mode=\"\(m.rawValue)\">\(e(text))</td>"
                }
            }
            s += "</tr>\n"
        }
        row("mean") { HTMLText.hours($0.orderComplete.mean) }
        row("p50 (median)") { HTMLText.hours($0.orderComplete.p50) }
        row("p90") { HTMLText.hours($0.orderComplete.p90) }
        row("p95") { HTMLText.hours($0.orderComplete.p95) }
        row("field complete, p50") { HTMLText.hours($0.fieldComplete.p50) }
        s += "</tbody>\n</table>\n</div>\n"
        s += phases(c)
        return s + "</section>\n"
    }

    /// Why the variants differ: the mean hours per micro-grid in each phase
    /// (the report's "where the time goes"), a row per variant and mode.
    static func phases(_ c: Comparison) -> String {
        let e = HTMLText.escape
        let names = ["Relay down", "Waiting for office hours", "Field work", "Reports up"]
        var s = "<h3>Where the time goes: mean hours per micro-grid</h3>\n"
        s += "<div class=\"scroll\">\n<table class=\"figures\" id=\"compare-phases\">\n<thead><tr><th>variant, mode</th>"
        for n in names { s += "<th class=\"num\">\(e(n))</th>" }
        s += "</tr></thead>\n<tbody>\n"
        for sc in c.scenarios {
            for m in c.modes {
                guard let summary = sc.summary.modes[m] else { continue }
                s += "<tr><th>\(e(sc.label)), \(e(m.rawValue))</th>"
                for h in summary.phaseHours.prefix(names.count) { s += "<td class=\"num\">\(HTMLText.hours(h))</td>" }
                s += "</tr>\n"
            }
        }
        return s + "</tbody>\n</table>\n</div>\n"
    }
}
