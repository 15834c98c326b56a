import Foundation
import MusterModel
import MusterOutput
import MusterStats

/// What a check ran against what, for its report.
public struct GateContext: Sendable {
    public var scenario: String
    public var scenarioFile: String
    public var baselineFile: String
    /// The baseline's metadata (its values are in the verdict).
    public var baseline: Baseline
    public var musterVersion: String
    public var scenarioSHA256: String
    public var seed: UInt64
    public var replications: Int
    public var overrides: [String]
    public var modes: [Mode]
    /// Said on stderr as well: overrides or version differ from the baseline's, …
    public var warnings: [String]
    /// How the baseline is of another scenario (another name, another
    /// scenario file hash), accepted with `--allow-other-scenario`; empty
    /// when it is of this one.
    public var otherScenario: [String]

    public init(scenario: String, scenarioFile: String, baselineFile: String, baseline: Baseline,
                musterVersion: String, scenarioSHA256: String, seed: UInt64, replications: Int,
                overrides: [String], modes: [Mode], warnings: [String], otherScenario: [String] = []) {
        self.scenario = scenario; self.scenarioFile = scenarioFile; self.baselineFile = baselineFile
        self.baseline = baseline; self.musterVersion = musterVersion; self.scenarioSHA256 = scenarioSHA256
        self.seed = seed; self.replications = replications; self.overrides = overrides; self.modes = modes
        self.warnings = warnings; self.otherScenario = otherScenario
    }

    /// True when the scenario file's bytes differ from the baseline's.
    public var scenarioChanged: Bool { scenarioSHA256 != baseline.scenarioSHA256 }
}

/// The verdict of `muster check` for people (a paragraph and a table) and
/// for machines (JSON).
public enum GateReport {
    /// The paragraph: the outcome first, then the evidence, then why this
    /// layer judged.
    public static func paragraph(_ v: GateVerdict, _ c: GateContext) -> String {
        let s = v.settings
        let measures = s.metrics.map { $0 == .orderComplete ? "order" : "field" }.joined(separator: " or ") + " completion"
        let quantiles = s.quantiles.map(GateComparison.quantileName).joined(separator: " or ")
        let modes = c.modes.map(\.rawValue).joined(separator: " or ")
        let family = "after Holm's adjustment for \(v.comparisons.count) comparisons; family-wise α = \(percent(s.alpha))"
        func moved(_ x: GateComparison, _ verb: String) -> String {
            "\(x.name) \(verb) \(unsignedPercent(x.test.change)) (\(hours(x.test.baseline)) → \(hours(x.test.now)); "
                + "\(levelText(x.intervalLevel)) CI \(interval(x)))"
        }
        func briefly(_ xs: [GateComparison]) -> String {
            list(xs.map { "\($0.name) (\(signedPercent($0.test.change)))" })
        }
        var out: [String] = []
        if !c.otherScenario.isEmpty {
            out.append("AGAINST ANOTHER SCENARIO (--allow-other-scenario): \(list(c.otherScenario)).")
        }
        let modeNames = c.modes.map(\.rawValue).joined(separator: " and ")
        let shared = c.modes.map { v.sharedReplications[$0] ?? 0 }.min() ?? 0
        switch v.outcome {
        case .unchanged:
            let values = v.sharedReplications.values.reduce(0, +) * 2
            if shared == c.baseline.replications && shared == c.replications {
                out.append("PASS, unchanged: with the baseline's seed \(c.seed) and \(c.replications) replications, "
                    + "every replication's order and field completion in \(modeNames) "
                    + "equals the baseline's bit for bit (\(values) values), so the model and the scenario behave exactly as "
                    + "when the baseline was written. No statistics needed; no false alarm possible. Exit code 0.")
            } else {
                out.append("PASS, unchanged: with the baseline's seed \(c.seed), replications 1 to \(shared) of \(modeNames) "
                    + "are the same random draws as the baseline's, and their order and field completion equal the "
                    + "baseline's bit for bit (\(values) values), so the model and the scenario behave exactly as when the "
                    + "baseline was written (\(c.replications) replications run, \(c.baseline.replications) in the baseline; "
                    + "only the shared ones can be compared). No statistics needed. Exit code 0.")
            }
            return out.joined(separator: " ")
        case .changed:
            let d = v.differences
            let rows = list(c.modes.compactMap { m in
                v.differingReplications[m].map { "\($0) of \(v.sharedReplications[m] ?? 0) \(m.rawValue)" } })
            out.append("CHANGED: with the baseline's seed \(c.seed), replications 1 to \(shared) are the same random draws "
                + "as the baseline's, and must equal its values bit for bit; they do not in \(rows) replications: "
                + list(d.prefix(3).map(differenceText)) + (d.count > 3 ? " (\(d.count) values differ in all)" : "") + ".")
            out.append("The model or the scenario changed. With \(c.replications) replications against the baseline's "
                + "\(c.baseline.replications), the shared replications are not independent samples, so the change is not "
                + "judged statistically: run with the baseline's \(c.baseline.replications) replications (or another "
                + "--seed) to judge it against the tolerance, or with --update if it is meant.")
            out.append("Exit code \(v.outcome.exitCode).")
            return out.joined(separator: " ")
        case .regression:
            let bad = v.comparisons.filter { $0.outcome == .regression }
            out.append("REGRESSION: \(moved(bad[0], "rose")), more than the \(percent(s.tolerance)) tolerance, and "
                       + "significantly (p = \(pText(bad[0].pAdjusted)) \(family)).")
            if bad.count > 1 { out.append("So did \(briefly(Array(bad.dropFirst()))).") }
            let good = v.comparisons.filter { $0.outcome == .improvement }
            if !good.isEmpty { out.append("Improved: \(briefly(good)).") }
        case .improvement:
            let good = v.comparisons.filter { $0.outcome == .improvement }
            out.append("PASS, with an improvement: \(moved(good[0], "fell")), more than the \(percent(s.tolerance)) "
                       + "tolerance, and significantly (p = \(pText(good[0].pAdjusted)) \(family)).")
            if good.count > 1 { out.append("So did \(briefly(Array(good.dropFirst()))).") }
            out.append("Not a failure; run with --update to make this the new baseline.")
        case .pass:
            out.append("PASS: no \(quantiles) of \(measures) in \(modes) rose significantly by more than the "
                       + "\(percent(s.tolerance)) tolerance (\(v.comparisons.count) comparisons, Holm's adjustment, "
                       + "family-wise α = \(percent(s.alpha))).")
        }
        let small = v.comparisons.filter { $0.outcome == .withinTolerance }
        if !small.isEmpty { out.append("Significant but within the tolerance: \(briefly(small)).") }
        let blind = v.comparisons.filter { !$0.canBeSignificant }
        if !blind.isEmpty {
            out.append("Not judged, because no data could make them significant with \(c.replications) replications: "
                       + list(blind.map(\.name)) + "; more replications would judge them.")
        }
        let how = "the statistical layer compared the distributions (exact two-sample quantile tests on replication "
            + "values, unpaired)."
        if v.sameDesign {
            let parts = list(c.modes.map { "\(v.differingReplications[$0] ?? 0) of \(c.replications) \($0.rawValue)" })
            let first = v.differences.first.map { " (first: " + differenceText($0) + ")" } ?? ""
            out.append("The values differ from the baseline's in \(parts) replications\(first): the model or the scenario "
                       + "changed, so " + how)
        } else {
            out.append("This run's seed \(c.seed) and \(c.replications) replications are not the baseline's (seed "
                       + "\(c.baseline.seed), \(c.baseline.replications)), so values cannot match exactly and " + how)
        }
        out.append("Exit code \(v.outcome.exitCode).")
        return out.joined(separator: " ")
    }

    /// Header lines, the paragraph wrapped to 78 columns, and the table of
    /// comparisons (none in the exact layer). Ends with a newline.
    public static func text(_ v: GateVerdict, _ c: GateContext) -> String {
        var lines: [String] = []
        lines.append("muster \(c.musterVersion) check · scenario \(c.scenario) · baseline \(c.baselineFile)")
        lines.append("baseline: seed \(c.baseline.seed), \(c.baseline.replications) replications, muster \(c.baseline.musterVersion)"
                     + overridesText(c.baseline.overrides))
        lines.append("now:      seed \(c.seed), \(c.replications) replications, muster \(c.musterVersion)"
                     + overridesText(c.overrides))
        lines.append("")
        lines += wrap(paragraph(v, c), width: 78)
        if !v.comparisons.isEmpty {
            lines.append("")
            let header = ["", "baseline", "now", "change", "CI of change (Holm)", "level", "z", "p", "p (Holm)", "verdict"]
            var rows: [[String]] = [header]
            for x in v.comparisons {
                rows.append([x.name + (x.canBeSignificant ? "" : " †"),
                             fixed(x.test.baseline, 2) + " h", fixed(x.test.now, 2) + " h",
                             signedPercent(x.test.change), interval(x), levelText(x.intervalLevel),
                             fixed(x.test.z, 1), pText(x.test.pValue), pText(x.pAdjusted), verdictText(x.outcome)])
            }
            lines += table(rows, leftAligned: [0, 9])
            lines.append("")
            lines.append("Regression = significant after Holm's adjustment (p (Holm) < \(trim(v.settings.alpha))), higher, and beyond the "
                         + "\(percent(v.settings.tolerance)) tolerance.")
            lines.append("z, p: exact two-sample quantile test (new values above the pooled quantile).")
            lines.append("CI of change: Holm-adjusted like the verdicts: the same test inverted at the level Holm's "
                         + "procedure tested the comparison at (1 − α/(k − i + 1) for the i-th smallest p), so it "
                         + "excludes 0 exactly when p (Holm) < \(trim(v.settings.alpha)).")
            if v.comparisons.contains(where: { !$0.canBeSignificant }) {
                lines.append("†: cannot be significant with these sample sizes.")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The check as JSON (`muster check --json`).
    public static func json(_ v: GateVerdict, _ c: GateContext) -> JSONValue {
        let b = c.baseline
        return .object([
            ("verdict", .string(v.outcome.rawValue)),
            ("exit_code", .int(Int(v.outcome.exitCode))),
            ("layer", .string(v.layer.rawValue)),
            ("message", .string(paragraph(v, c))),
            ("scenario", .string(c.scenario)),
            ("scenario_file", .string(c.scenarioFile)),
            ("scenario_changed", .bool(c.scenarioChanged)),
            ("other_scenario_allowed", .bool(!c.otherScenario.isEmpty)),
            ("other_scenario", .array(c.otherScenario.map { .string($0) })),
            ("warnings", .array(c.warnings.map { .string($0) })),
            ("baseline", .object([
                ("file", .string(c.baselineFile)),
                ("muster_version", .string(b.musterVersion)),
                ("scenario", .string(b.scenario)),
                ("scenario_file", .string(b.scenarioFile)),
                ("scenario_sha256", .string(b.scenarioSHA256)),
                ("seed", .uint(b.seed)),
                ("replications", .int(b.replications)),
                ("overrides", .array(b.overrides.map { .string($0) })),
                ("modes", .array(b.modes.map { .string($0.rawValue) })),
            ])),
            ("now", .object([
                ("muster_version", .string(c.musterVersion)),
                ("scenario_sha256", .string(c.scenarioSHA256)),
                ("seed", .uint(c.seed)),
                ("replications", .int(c.replications)),
                ("overrides", .array(c.overrides.map { .string($0) })),
                ("modes", .array(c.modes.map { .string($0.rawValue) })),
            ])),
            ("settings", .object([
                ("tolerance", .number(v.settings.tolerance)),
                ("alpha", .number(v.settings.alpha)),
                ("quantiles", .array(v.settings.quantiles.map { .number($0) })),
                ("metrics", .array(v.settings.metrics.map { .string($0.rawValue) })),
            ])),
            ("same_seed", .bool(v.sameSeed)),
            ("same_design", .bool(v.sameDesign)),
            ("shared_replications", v.sameSeed
                ? .object(c.modes.map { ($0.rawValue, .int(v.sharedReplications[$0] ?? 0)) }) : .null),
            ("differing_replications", v.sameSeed
                ? .object(c.modes.map { ($0.rawValue, .int(v.differingReplications[$0] ?? 0)) }) : .null),
            ("differences", .array(v.differences.prefix(100).map { d in
                .object([("mode", .string(d.mode.rawValue)), ("replication", .int(d.replication + 1)),
                         ("metric", .string(d.metric.rawValue)), ("baseline", .number(d.baseline)),
                         ("now", .number(d.now))])
            })),
            ("comparisons", .array(v.comparisons.map(comparisonJSON))),
        ])
    }

    static func comparisonJSON(_ x: GateComparison) -> JSONValue {
        .object([
            ("mode", .string(x.mode.rawValue)),
            ("metric", .string(x.metric.rawValue)),
            ("quantile", .string(GateComparison.quantileName(x.test.quantile))),
            ("baseline", .number(x.test.baseline)),
            ("now", .number(x.test.now)),
            ("change", .number(x.test.change)),
            ("change_ci", .array([.number(x.intervalLow), .number(x.intervalHigh)])),
            ("change_ci_level", .number(x.intervalLevel)),
            ("above", .int(x.test.above)),
            ("above_expected", .number(x.test.aboveExpected)),
            ("z", .number(x.test.z)),
            ("p_value", .number(x.test.pValue)),
            ("p_adjusted", .number(x.pAdjusted)),
            ("min_p_value", .number(x.test.minimumPValue)),
            ("significant", .bool(x.significant)),
            ("beyond_tolerance", .bool(x.beyondTolerance)),
            ("can_be_significant", .bool(x.canBeSignificant)),
            ("outcome", .string(x.outcome.rawValue)),
        ])
    }

    // MARK: text helpers

    static func verdictText(_ o: GateComparison.Outcome) -> String {
        switch o {
        case .regression: "REGRESSION"
        case .improvement: "improvement"
        case .withinTolerance: "within tolerance"
        case .notSignificant: "no significant change"
        }
    }

    /// "replication 3 of tiered order_complete_hours differs: baseline 54.12 h, now 54.31 h" (1-based).
    static func differenceText(_ d: GateDifference) -> String {
        let metric = d.metric.rawValue
        func value(_ x: Double) -> String { x.isFinite ? String(x) + " h" : "never" }
        return "replication \(d.replication + 1) of \(d.mode.rawValue) \(metric) differs: baseline \(value(d.baseline)), "
            + "now \(value(d.now))"
    }

    /// "99.875 %" for a confidence level.
    static func levelText(_ level: Double) -> String {
        guard level.isFinite else { return "n/a" }
        return trim(level * 100) + " %"
    }

    static func overridesText(_ o: [String]) -> String {
        o.isEmpty ? "" : ", --set " + o.joined(separator: " --set ")
    }

    static func fixed(_ x: Double, _ d: Int) -> String { TextReport.fixed(x, d) }

    /// "7.89 h".
    static func hours(_ x: Double) -> String { fixed(x, 2) + " h" }

    /// "2 %", "0.5 %".
    public static func percent(_ f: Double) -> String { trim(f * 100) + " %" }

    /// A number without trailing zeros: 2, 0.5, 12.25.
    public static func trim(_ x: Double) -> String {
        var s = String(format: "%.4f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// "+2.6 %", "-10.0 %", "+inf".
    public static func signedPercent(_ f: Double) -> String {
        guard f.isFinite else { return f.isNaN ? "n/a" : (f > 0 ? "+inf" : "-inf") }
        let s = fixed(f * 100, 1)
        return (s.hasPrefix("-") || s == "0.0" ? s : "+" + s) + " %"
    }

    /// "+2.3 % to +2.9 %", with "…" for an end the data cannot bound.
    static func interval(_ x: GateComparison) -> String {
        if x.intervalLow.isNaN && x.intervalHigh.isNaN { return "n/a" }
        return (x.intervalLow.isNaN ? "…" : signedPercent(x.intervalLow)) + " to "
            + (x.intervalHigh.isNaN ? "…" : signedPercent(x.intervalHigh))
    }

    /// "0.031", "3.1e-30".
    static func pText(_ p: Double) -> String {
        guard p.isFinite else { return "n/a" }
        if p >= 0.001 { return String(format: "%.3f", p) }
        if p == 0 { return "<1e-300" }
        return String(format: "%.1e", p)
    }

    /// "2.6 %" (for "rose", "fell").
    static func unsignedPercent(_ f: Double) -> String {
        f.isFinite ? fixed(abs(f) * 100, 1) + " %" : signedPercent(f)
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// Words wrapped to `width` columns; a unit ("%", "h") stays with its
    /// number.
    static func wrap(_ text: String, width: Int) -> [String] {
        var words: [String] = []
        for word in text.split(separator: " ").map(String.init) {
            let unit = word.hasPrefix("%") || word.range(of: #"^h[),.;]*$"#, options: .regularExpression) != nil
            if unit, !words.isEmpty { words[words.count - 1] += " " + word } else { words.append(word) }
        }
        var lines: [String] = [], line = ""
        for word in words {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// Columns padded to their widest cell, two spaces apart; numbers right-aligned.
    public static func table(_ rows: [[String]], leftAligned: Set<Int>) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { col in rows.map { col < $0.count ? $0[col].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { col, cell in
                let pad = String(repeating: " ", count: widths[col] - cell.count)
                return leftAligned.contains(col) ? cell + pad : pad + cell
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
    }
}
