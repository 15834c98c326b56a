import MusterModel
import MusterNumerics
import MusterStats

extension PairedDifference {
    /// One line a planner can quote, e.g. "beilun vs beilun-2019 (p2p):
    /// order completion 38.0 % shorter (95 % CI 35.2–40.7 %), −12.3 h
    /// (95 % CI −12.9 to −11.7 h), significant".
    public var verdict: String {
        let head = "\(scenario) vs \(baseline) (\(mode.rawValue)): "
        let d = orderCompleteDiff, r = orderCompleteRatio
        if d.count == 0 { return head + "no replication completed in both; nothing to compare" }
        if d.count >= 2 && d.mean == 0 && d.ci95Low == 0 && d.ci95High == 0 {
            return head + "order completion identical in every replication"
        }
        // Differences under an hour read better in minutes.
        let small = max(abs(d.ci95Low), abs(d.ci95High), abs(d.mean)) < 1
        let (scale, unit) = small ? (60.0, "min") : (1.0, "h")
        let amount = "\(signed(d.mean * scale)) \(unit)"
        guard let significant else {
            return head + "order completion \(change(r.mean)), \(amount); one replication, no interval (use --replications 2 or more)"
        }
        let percent = "order completion \(change(r.mean)) (95 % CI \(changeRange(r.ci95Low, r.ci95High)))"
        let interval = "\(amount) (95 % CI \(signed(d.ci95Low * scale)) to \(signed(d.ci95High * scale)) \(unit))"
        return head + percent + ", " + interval + (significant ? ", significant" : ", not significant")
    }

    /// "38.0 % shorter", "5.2 % longer", "no change" for a ratio.
    private func change(_ ratio: Double) -> String {
        guard ratio.isFinite else { return "change undefined" }
        let p = (ratio - 1) * 100
        if abs(p) < 0.05 { return "no change" }
        return TextReport.fixed(abs(p), 1) + (p < 0 ? " % shorter" : " % longer")
    }

    /// The interval of a ratio as a change: "35.2–40.7 % shorter" when it
    /// lies on one side, "3.1 % shorter to 2.0 % longer" across no change.
    private func changeRange(_ low: Double, _ high: Double) -> String {
        guard low.isFinite, high.isFinite else { return "undefined" }
        let a = (low - 1) * 100, b = (high - 1) * 100
        if b < 0 { return TextReport.fixed(-b, 1) + "–" + TextReport.fixed(-a, 1) + " % shorter" }
        if a > 0 { return TextReport.fixed(a, 1) + "–" + TextReport.fixed(b, 1) + " % longer" }
        return TextReport.fixed(-a, 1) + " % shorter to " + TextReport.fixed(b, 1) + " % longer"
    }

    private func signed(_ x: Double) -> String {
        let s = TextReport.fixed(x, 1)
        return x > 0 && s != "0.0" ? "+" + s : s
    }
}

/// The comparison as a table for a terminal: a column per scenario and
/// mode, differences against the first scenario, one verdict per pair.
public enum ComparisonReport {
    /// Renders `comparison`; ends with a newline.
    public static func render(_ comparison: Comparison) -> String {
        let c = comparison
        var lines: [String] = []
        let reps = c.replications == 1 ? "1 replication" : "\(c.replications) replications"
        lines.append("muster \(c.musterVersion) · compare \(c.scenarios.count) scenarios · seed \(c.seed) · \(reps) each")
        lines.append("")
        let letters = c.scenarios.indices.map(letter)
        for (i, s) in c.scenarios.enumerated() {
            let overrides = s.overrides.isEmpty ? "" : "  --set " + s.overrides.joined(separator: " --set ")
            lines.append("  \(letters[i])  \(s.label)  (\(s.file)\(overrides))")
        }
        lines.append("")

        let columns: [(scenario: Int, mode: Mode)] = c.scenarios.indices.flatMap { i in c.modes.map { (i, $0) } }
        func stats(_ col: (scenario: Int, mode: Mode)) -> ModeSummary? { c.scenarios[col.scenario].summary.modes[col.mode] }
        func row(_ label: String, _ cell: ((scenario: Int, mode: Mode)) -> String) {
            lines.append(pad("  " + label, labelWidth) + columns.map { leftPad(cell($0), columnWidth) }.joined())
        }
        func title(_ s: String) { lines.append(s) }
        lines.append(String(repeating: " ", count: labelWidth)
                     + columns.map { leftPad("\(letters[$0.scenario]) \($0.mode.rawValue)", columnWidth) }.joined())

        for (name, pick) in [("Order complete (h)", \ModeSummary.orderComplete),
                             ("Field complete (h)", \ModeSummary.fieldComplete)] {
            title(name)
            row("mean ± 95% CI") { col in
                stats(col).map { TextReport.fixed($0[keyPath: pick].mean, 1) + " ± " + TextReport.fixed($0[keyPath: pick].ci95HalfWidth, 1) } ?? "—"
            }
            for (label, p) in [("p50", \SummaryStatistics.p50), ("p90", \.p90), ("p95", \.p95)] {
                row(label) { col in stats(col).map { TextReport.fixed($0[keyPath: pick][keyPath: p], 1) } ?? "—" }
            }
        }
        title("Households")
        row("unreached, mean") { col in stats(col).map { TextReport.fixed($0.households.unreached, 1) } ?? "—" }
        row("total, mean") { col in stats(col).map { TextReport.fixed($0.households.total, 0) } ?? "—" }

        if c.scenarios.count > 1 {
            let base = c.scenarios[0].label
            title("Against \(letters[0]) (\(base)), paired by replication")
            func diff(_ col: (scenario: Int, mode: Mode)) -> PairedDifference? {
                col.scenario == 0 ? nil : c.difference(of: c.scenarios[col.scenario].label, mode: col.mode)
            }
            func interval(_ m: MeanInterval, _ scale: Double = 1, _ offset: Double = 0) -> String {
                guard m.count >= 2 else { return "n/a" }
                return TextReport.fixed((m.ci95Low - offset) * scale, 2) + " to " + TextReport.fixed((m.ci95High - offset) * scale, 2)
            }
            row("order complete Δ (h)") { diff($0).map { TextReport.fixed($0.orderCompleteDiff.mean, 2) } ?? "—" }
            row("  95% CI") { diff($0).map { interval($0.orderCompleteDiff) } ?? "—" }
            row("order complete Δ (%)") { diff($0).map { TextReport.fixed(($0.orderCompleteRatio.mean - 1) * 100, 2) } ?? "—" }
            row("  95% CI") { diff($0).map { interval($0.orderCompleteRatio, 100, 1) } ?? "—" }
            row("field complete Δ (h)") { diff($0).map { TextReport.fixed($0.fieldCompleteDiff.mean, 2) } ?? "—" }
            row("  95% CI") { diff($0).map { interval($0.fieldCompleteDiff) } ?? "—" }
            row("unreached Δ") { diff($0).map { TextReport.fixed($0.unreachedDiff.mean, 2) } ?? "—" }
            row("  95% CI") { diff($0).map { interval($0.unreachedDiff) } ?? "—" }
            lines.append("")
            for d in c.differences { lines.append(d.verdict) }
            let apart = Set(c.differences.filter { $0.pairing == .replicationIndex }.map(\.scenario))
            lines.append("")
            if apart.isEmpty {
                lines.append("Pairs share the layout and every household and person draw (common random numbers).")
            } else {
                let names = c.scenarios.dropFirst().map(\.label).filter(apart.contains).joined(separator: ", ")
                let others = apart.count < c.scenarios.count - 1 ? "; the other pairs share every draw" : ""
                lines.append("Paired by replication index (same seed): \(names) and \(base) draw different layouts, so those pairs share only the seed and index\(others).")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A, B, … Z, then A2, B2 …
    static func letter(_ i: Int) -> String {
        let l = String(UnicodeScalar(UInt8(65 + i % 26)))
        return i < 26 ? l : l + String(i / 26 + 1)
    }

    private static let labelWidth = 26
    private static let columnWidth = 18

    private static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }

    private static func leftPad(_ s: String, _ width: Int) -> String {
        s.count >= width ? " " + s : String(repeating: " ", count: width - s.count) + s
    }
}
