import Foundation
import MusterModel
import MusterNumerics

/// The run summary as a table for a terminal: modes side by side, hours
/// throughout, the paired comparison at the foot.
public enum TextReport {
    /// Renders `summary`. `color` adds ANSI bold to titles; leave it off
    /// unless output goes to a terminal that asked for it. Ends with a
    /// newline.
    public static func render(_ summary: RunSummary, color: Bool = false) -> String {
        let modes = summary.modesRun
        let stats = modes.compactMap { summary.modes[$0] }
        var lines: [String] = []
        func bold(_ s: String) -> String { color ? "\u{1B}[1m" + s + "\u{1B}[0m" : s }
        func title(_ s: String) { lines.append(bold(s)) }
        func row(_ label: String, _ cell: (ModeSummary) -> String) {
            lines.append(pad("  " + label, labelWidth) + stats.map { leftPad(cell($0), columnWidth) }.joined())
        }

        let reps = summary.replications == 1 ? "1 replication" : "\(summary.replications) replications"
        title("muster \(summary.musterVersion) · scenario \(summary.scenario) · seed \(summary.seed) · \(reps)")
        if let p = summary.precision { lines.append(precisionLine(p, modes: modes)) }
        lines.append("")
        let headline = stats.map { "\($0.mode.rawValue) \(formatHours($0.orderComplete.p50))" }
        lines.append(bold("Order complete, p50: " + headline.joined(separator: " · ")))
        lines.append("")
        lines.append(String(repeating: " ", count: labelWidth) + modes.map { leftPad($0.rawValue, columnWidth) }.joined())

        for (name, pick) in [("Order complete (h)", \ModeSummary.orderComplete),
                             ("Field complete (h)", \ModeSummary.fieldComplete)] {
            title(name)
            row("mean ± 95% CI") { fixed($0[keyPath: pick].mean, 1) + " ± " + fixed($0[keyPath: pick].ci95HalfWidth, 1) }
            row("p50") { fixed($0[keyPath: pick].p50, 1) }
            row("p50 95% CI") { interval($0[keyPath: pick].p50CI) }
            row("p90") { fixed($0[keyPath: pick].p90, 1) }
            row("p95") { fixed($0[keyPath: pick].p95, 1) }
            row("max") { fixed($0[keyPath: pick].max, 1) }
        }
        title("Notified, per micro-grid (h)")
        row("p50") { fixed($0.notified.p50, 1) }
        row("p90") { fixed($0.notified.p90, 1) }
        title("Micro-grid done (h)")
        row("p50") { fixed($0.microgridDone.p50, 1) }
        row("p90") { fixed($0.microgridDone.p90, 1) }
        title("Households, mean per replication")
        row("total") { fixed($0.households.total, 1) }
        row("visited") { fixed($0.households.visited, 1) }
        row("unreached") { fixed($0.households.unreached, 1) }
        row("attempts") { fixed($0.households.attempts, 1) }
        row("events") { fixed($0.events, 0) }
        if stats.contains(where: \.isMixed) {
            // A mixed run (p2p.adoption < 1): each group of teams apart.
            for (channel, name) in [(Channel.app, "Teams on the app"), (.relay, "Teams off the app (relay)")] {
                title(name)
                func cell(_ m: ModeSummary, _ figure: (ChannelSummary) -> Double, _ decimals: Int = 1) -> String {
                    guard let c = m.channels[channel], c.microgrids > 0 else { return "—" }
                    return fixed(figure(c), decimals)
                }
                row("micro-grids, mean") { cell($0, \.microgrids) }
                row("notified p50 (h)") { cell($0, \.notified.p50) }
                row("micro-grid done p50 (h)") { cell($0, \.microgridDone.p50) }
                row("micro-grid done p90 (h)") { cell($0, \.microgridDone.p90) }
                row("last done, mean (h)") { cell($0, \.complete.mean) }
            }
        }
        if stats.contains(where: { $0.reassignments > 0 }) {
            title("Rebalancing")
            row("moves per replication") { fixed($0.reassignments, 1) }
        }

        let left = stats.flatMap { s in
            [("order complete", s.orderComplete), ("field complete", s.fieldComplete),
             ("notified", s.notified), ("micro-grid done", s.microgridDone)]
                .filter { $0.1.nonFinite > 0 }
                .map { "\(s.mode.rawValue) \($0.0): \($0.1.nonFinite)" }
        }
        if !left.isEmpty {
            lines.append("")
            lines.append("Left out as never reached (non-finite): " + left.joined(separator: "; "))
        }

        if let c = summary.comparison {
            lines.append("")
            let d = c.orderCompleteDiff, r = c.orderCompleteRatio
            lines.append("Tiered − p2p, order complete: \(fixed(d.mean, 1)) h (95% CI \(fixed(d.ci95Low, 1)) to \(fixed(d.ci95High, 1)))")
            lines.append("Tiered / p2p, order complete: \(fixed(r.mean, 2))× (95% CI \(fixed(r.ci95Low, 2)) to \(fixed(r.ci95High, 2)))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "Precision ±2 % of the mean reached after 60 replications (tiered
    /// ±1.4 %, p2p ±0.3 %)", or why it was not.
    static func precisionLine(_ p: PrecisionOutcome, modes: [Mode]) -> String {
        let widths = modes.compactMap { m in p.relativeHalfWidth[m].map { "\(m.rawValue) ±\(percent($0))" } }
            .joined(separator: ", ")
        let head = "Precision ±\(percent(p.target)) of the mean order completion"
        return p.reached
            ? "\(head) reached after \(p.replications) replications (\(widths))"
            : "\(head) NOT reached: stopped at --max-replications \(p.maxReplications) (\(widths))"
    }

    /// "0.97 %", "1.4 %", "5 %": two decimals, trailing zeros dropped;
    /// "n/a" when undefined.
    static func percent(_ f: Double) -> String {
        guard f.isFinite else { return "n/a" }
        var s = fixed(f * 100, 2)
        while s.contains("."), s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s + " %"
    }

    /// "53.9–54.8"; an open end for a bound that does not exist.
    static func interval(_ i: PercentileInterval) -> String {
        if i.low.isNaN && i.high.isNaN { return "n/a" }
        return (i.low.isNaN ? "…" : fixed(i.low, 1)) + "–" + (i.high.isNaN ? "…" : fixed(i.high, 1))
    }

    /// Hours for people: "42 min" under an hour, "5.2 h" under a day,
    /// "52.3 h (2.2 d)" beyond; "never" for infinity, "n/a" for NaN.
    public static func formatHours(_ hours: Double) -> String {
        if hours.isNaN { return "n/a" }
        if hours.isInfinite { return hours > 0 ? "never" : "n/a" }
        if abs(hours) < 1 { return fixed(hours * 60, 0) + " min" }
        if abs(hours) < 24 { return fixed(hours, 1) + " h" }
        return fixed(hours, 1) + " h (" + fixed(hours / 24, 1) + " d)"
    }

    private static let labelWidth = 26
    private static let columnWidth = 18

    /// Fixed decimals, "n/a" when undefined. String(format:) without a
    /// locale always uses a decimal point, whatever the user's locale.
    package static func fixed(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "inf" : "-inf") }
        let s = String(format: "%.\(decimals)f", x)
        // "-0.0" reads as a sign error in a report.
        return s.allSatisfy({ $0 == "-" || $0 == "0" || $0 == "." }) ? String(s.drop(while: { $0 == "-" })) : s
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }

    private static func leftPad(_ s: String, _ width: Int) -> String {
        s.count >= width ? " " + s : String(repeating: " ", count: width - s.count) + s
    }
}
