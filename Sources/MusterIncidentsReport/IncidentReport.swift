import Foundation
import MusterIncidents
import MusterModel
import MusterNumerics
import MusterStats

/// The incident part of `muster run`'s table: close times of both modes
/// side by side, the share within each kind's limit, then per mode where
/// the backlog is, with the bottleneck named.
public enum IncidentReport {
    /// Renders the incident report; `title` is the run's first line, given
    /// when incidents are all that was simulated. Ends with a newline.
    public static func render(_ s: IncidentSummary, title: String? = nil, start: String) -> String {
        let modes = s.modesRun
        let stats = modes.compactMap { s.modes[$0] }
        var lines: [String] = []
        if let title { lines += [title, ""] }
        func row(_ label: String, _ cell: (IncidentModeSummary) -> String) {
            lines.append(pad("  " + label, labelWidth) + stats.map { leftPad(cell($0), columnWidth) }.joined())
        }
        let f = TextReport.fixed
        let window = s.warmupHours > 0 ? ", warm-up \(compactHours(s.warmupHours)) deleted" : ""
        lines.append("Incidents from \(start) for \(compactHours(s.horizonHours))\(window); kinds: "
                     + s.kinds.map { "\($0.name) (limit \(compactHours($0.limitHours)))" }.joined(separator: ", "))
        lines.append("")
        let headline = stats.map { "\($0.mode.rawValue) \(TextReport.formatHours($0.close.figures.p50))" }
        lines.append("Incident closed (report → confirmation), p50: " + headline.joined(separator: " · "))
        lines.append("")
        lines.append(String(repeating: " ", count: labelWidth) + modes.map { leftPad($0.rawValue, columnWidth) }.joined())
        lines.append("Close time, report → confirmation (h)")
        row("mean ± 95% CI") { f($0.close.figures.mean, 1) + " ± " + f($0.close.figures.ci95HalfWidth, 1) }
        row("p50") { f($0.close.figures.p50, 1) }
        row("p50 95% CI") { interval($0.close.figures.p50CI) }
        row("p90") { f($0.close.figures.p90, 1) }
        row("p90 95% CI") { interval($0.close.figures.p90CI) }
        row("p95") { f($0.close.figures.p95, 1) }
        row("max") { f($0.close.figures.max, 1) }
        row("occurrence → close, mean") { f($0.occurrenceToClose.figures.mean, 1) }
        lines.append("Closed within the limit")
        row("all kinds") { percent($0.withinLimit.pooled) }
        for (k, kind) in s.kinds.enumerated() {
            row("\(kind.name) (\(compactHours(kind.limitHours)))") { percent($0.withinLimitByKind[k].pooled) }
        }
        lines.append("Close time by kind, p90 (h)")
        for (k, kind) in s.kinds.enumerated() {
            row(kind.name) { f($0.closeByKind[k].figures.p90, 1) }
        }
        lines.append("Incidents, mean per replication")
        row("occurred") { f($0.occurred, 1) }
        row("counted (after warm-up)") { f($0.counted, 1) }
        row("open at the horizon") { f($0.backlog.total, 1) }
        row("events") { f($0.events, 0) }
        row("events per incident") { f($0.eventsPerIncident, 2) }

        for m in stats {
            lines.append("")
            lines.append("Where the backlog is — \(m.mode.rawValue)")
            lines.append("  " + pad("station", 14) + ["units", "handlers", "ρ exp.", "peak ρ", "util", "Erlangs",
                                                      "wait h ± CI", "sojourn h", "queue", "peak queue", "at h",
                                                      "open at end"]
                .enumerated().map { leftPad($1, widths[$0]) }.joined())
            for st in m.stations where st.used {
                let cells = [f(st.stations, 0), String(st.handlers),
                             f(st.utilisationExpected, 2) + (st.stable ? " " : "!"),
                             f(st.peakUtilisationExpected, 2), f(st.utilisation.mean, 2), f(st.offeredErlangs.mean, 2),
                             st.stable ? f(st.meanWait.mean, 2) + " ± " + f(st.meanWait.ci95HalfWidth, 2) : "unstable",
                             f(st.meanSojourn.mean, 2), f(st.meanQueue.mean, 1),
                             f(st.peakQueue, 1), f(st.peakQueueHour, 0), f(st.backlogAtHorizon, 1)]
                lines.append("  " + pad(st.group.name, 14) + cells.enumerated().map { leftPad($1, widths[$0]) }.joined())
                // With several kinds here, each kind's share of the station.
                let present = st.byKind.filter { $0.jobs > 0 }
                if present.count > 1 {
                    for k in present {
                        let kc = ["", "", "", "", f(k.utilisation.mean, 2), f(k.offeredErlangs.mean, 2),
                                  f(k.meanWait.mean, 2) + " ± " + f(k.meanWait.ci95HalfWidth, 2),
                                  f(k.meanSojourn.mean, 2), f(k.meanQueue.mean, 1), "", "", ""]
                        lines.append("  " + pad("  " + k.name, 14) + kc.enumerated().map { leftPad($1, widths[$0]) }.joined())
                    }
                }
            }
            lines.append("  " + pad("not yet found", 14) + leftPad(f(m.backlog.undiscovered, 1), widths.reduce(0, +)))
            lines.append("  " + pad("confirming", 14) + leftPad(f(m.backlog.confirming, 1), widths.reduce(0, +)))
            if let b = m.bottleneck.byUtilisation {
                let st = m.stations[b]
                lines.append("  Bottleneck by utilisation: \(st.group.name) — handlers busy \(percent(st.utilisation.mean)) of their open time (expected ρ \(f(st.utilisationExpected, 2))).")
            }
            if let b = m.bottleneck.byQueue {
                let st = m.stations[b]
                lines.append("  Bottleneck by queue: \(st.group.name) — the most incidents waiting: \(f(st.meanQueue.mean, 1)) on average, \(f(st.peakQueue, 1)) at the peak (hour \(f(st.peakQueueHour, 0))).")
            } else {
                lines.append("  No incident ever waited for a handler.")
            }
            let places = [("not yet found", m.backlog.undiscovered), ("confirming", m.backlog.confirming)]
                + m.stations.indices.filter { m.stations[$0].used }.map { (m.stations[$0].group.name, m.backlog.byGroup[$0]) }
            if m.backlog.total > 0, let most = places.max(by: { $0.1 < $1.1 }) {
                lines.append("  Open at the horizon: \(f(m.backlog.total, 1)) incidents, most at \(most.0) (\(f(most.1, 1))).")
            } else {
                lines.append("  Open at the horizon: none.")
            }
        }
        if let c = s.comparison {
            lines.append("")
            let d = c.closeMeanDiff, w = c.withinLimitDiff
            lines.append("Tiered − p2p, mean close time: \(f(d.mean, 1)) h (95% CI \(f(d.ci95Low, 1)) to \(f(d.ci95High, 1)))")
            lines.append("Tiered − p2p, closed within the limit: \(f(w.mean * 100, 1)) points (95% CI \(f(w.ci95Low * 100, 1)) to \(f(w.ci95High * 100, 1)))")
        }
        lines.append("")
        lines.append("ρ exp.: expected utilisation of the most loaded unit over the horizon (work ÷ handlers' open hours;")
        lines.append("≥ 1 is unstable, marked !); peak ρ: the same on the busiest day; util: busy ÷ open handler time, measured;")
        lines.append("Erlangs: offered load, service hours per hour (λ/μ), measured, all units together; wait h: mean")
        lines.append("wait per job ± 95% CI; sojourn h: wait + service; queue: mean number waiting; peak queue: the largest")
        lines.append("of the hourly means, at hour \"at h\"; open at end: at the horizon. Indented lines: each kind at the")
        lines.append("station. Means and CIs over replications; percentiles pooled over incidents.")
        let unstable = s.modesRun.flatMap { mode in
            (s.modes[mode]?.stations ?? []).filter { $0.used && !$0.stable }.map { "\(mode.rawValue) \($0.group.name)" }
        }
        if !unstable.isEmpty {
            lines.append("Unstable (expected ρ ≥ 1): " + unstable.joined(separator: ", ")
                         + " — their waits are not steady-state figures; see the warning on stderr.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static let labelWidth = 26
    private static let columnWidth = 18
    private static let widths = [7, 9, 8, 8, 6, 9, 14, 11, 8, 11, 6, 12]

    /// `a–b`, or `n/a` when the replications give no interval.
    static func interval(_ i: PercentileInterval) -> String {
        guard i.low.isFinite, i.high.isFinite else { return "n/a" }
        return TextReport.fixed(i.low, 1) + "–" + TextReport.fixed(i.high, 1)
    }

    static func percent(_ x: Double) -> String {
        guard x.isFinite else { return "n/a" }
        // Enough digits to tell 99.98 % from 100 %.
        return (x >= 0.999 && x < 1 ? TextReport.fixed(x * 100, 2) : TextReport.fixed(x * 100, 1)) + " %"
    }

    /// `12 h`, `3 d`, `36 h`: a limit as people write it.
    static func compactHours(_ h: Double) -> String {
        if h >= 48, (h / 24).rounded() == h / 24 { return "\(Int(h / 24)) d" }
        if h.rounded() == h { return "\(Int(h)) h" }
        return TextReport.fixed(h, 1) + " h"
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }

    private static func leftPad(_ s: String, _ width: Int) -> String {
        s.count >= width ? " " + s : String(repeating: " ", count: width - s.count) + s
    }
}
