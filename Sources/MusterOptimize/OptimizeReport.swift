import Foundation
import MusterOutput

/// A finished search with its question, for text, JSON and CSV.
public struct OptimizeReport: Sendable {
    public var scenario: String
    public var range: OptimizeRange
    public var target: OptimizeTarget
    public var goal: OptimizeGoal
    public var settings: SearchSettings
    public var answer: SearchAnswer

    public init(scenario: String, range: OptimizeRange, target: OptimizeTarget, goal: OptimizeGoal,
                settings: SearchSettings, answer: SearchAnswer) {
        self.scenario = scenario; self.range = range; self.target = target; self.goal = goal
        self.settings = settings; self.answer = answer
    }

    private var unit: String { target.measure.isTime ? " h" : "" }

    private func figure(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "n/a" : "never" }
        return String(format: "%.2f", x) + unit
    }

    /// The answer in a sentence or two, then the probes.
    public var text: String {
        let a = answer
        let what = "\(goal == .least ? "least" : "most") \(range.path) in \(range.text(range.low))..\(range.text(range.high))"
        var lines = ["muster optimize · scenario \(scenario) · \(what) such that \(target.text)", ""]
        let conf = NumberWords.trimmed(a.confidence * 100) + " %"
        switch a.outcome {
        case .found, .metAtFirst:
            let v = range.text(a.value!)
            lines.append("Answer: \(range.path) = \(v)" + (a.outcome == .metAtFirst ? " (the target is met at the first value of the range)" : ""))
            if let p = a.probes.first(where: { $0.value == a.value }) {
                lines.append("  \(target.statistic.name) there: \(figure(p.interval.estimate)) (interval \(figure(p.interval.low)) to \(figure(p.interval.high)))")
            }
        case .unreachable:
            let end = range.text(goal == .least ? range.high : range.low)
            lines.append("Unreachable in the range: even at \(range.path) = \(end) the \(target.statistic.name) is "
                         + "\(figure(answerEndEstimate)), \(figure(a.shortfall ?? .nan)) "
                         + "\(target.relation == .atMost ? "above" : "below") the target \(target.valueText)")
        }
        lines.append("Confidence: \(conf) that every decision below is right (each interval at "
                     + NumberWords.trimmed((a.lookLevel * 1000).rounded() / 10) + " %)"
                     + (a.clear ? "" : "; some probes were decided by their estimate (see decision)"))
        lines.append("Replications: \(a.replicationsSpent) over \(a.probes.count) probes; a grid of all \(a.candidates) values "
                     + "as sure at the boundary: \(a.gridEquivalent) (\(ratioText)× more)")
        for w in a.nonMonotone { lines.append("warning: \(w)") }
        lines.append("")
        let w = max(range.path.count, 6) + 1
        lines.append("  \(pad(range.path, w)) \(pad("replications", 13)) \(pad(target.statistic.name, 10)) \(pad("interval", 18)) decision")
        for p in a.probes.sorted(by: { $0.value < $1.value }) {
            let iv = figure(p.interval.low).replacingOccurrences(of: unit, with: "") + "–" + figure(p.interval.high)
            lines.append("  \(pad(range.text(p.value), w)) \(pad(String(p.replications), 13)) \(pad(figure(p.interval.estimate), 10)) "
                         + "\(pad(iv, 18)) \(p.decision.rawValue.replacingOccurrences(of: "_", with: " "))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private var answerEndEstimate: Double {
        let end = goal == .least ? range.high : range.low
        return answer.probes.first { $0.value == end }?.interval.estimate ?? .nan
    }

    /// Grid replications over the search's, one decimal.
    public var ratio: Double {
        answer.replicationsSpent > 0 ? Double(answer.gridEquivalent) / Double(answer.replicationsSpent) : .nan
    }

    private var ratioText: String { String(format: "%.1f", ratio) }

    private func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }

    /// `--json` and `optimize.json`.
    public var json: JSONValue {
        let a = answer
        return .object([
            ("scenario", .string(scenario)),
            ("vary", .object([("path", .string(range.path)), ("low", .number(range.low)), ("high", .number(range.high)),
                              ("integer", .bool(range.isInteger))])),
            ("target", .object([("text", .string(target.text)), ("mode", .string(target.mode.rawValue)),
                                ("measure", .string(target.measure.rawValue)), ("statistic", .string(target.statistic.name)),
                                ("relation", .string(target.relation.rawValue)), ("value", .number(target.value)),
                                ("unit", .string(target.measure.isTime ? "hours" : "households"))])),
            ("find", .string(goal.rawValue)),
            ("outcome", .string(a.outcome.rawValue)),
            ("answer", a.value.map { .number($0) } ?? .null),
            ("shortfall", a.shortfall.map { .number($0) } ?? .null),
            ("confidence", .number(a.confidence)),
            ("interval_level", .number(a.lookLevel)),
            ("tolerance", .number(settings.tolerance)),
            ("all_decisions_clear", .bool(a.clear)),
            ("replications", .int(a.replicationsSpent)),
            ("candidates", .int(a.candidates)),
            ("grid_equivalent_replications", .int(a.gridEquivalent)),
            ("non_monotone", .array(a.nonMonotone.map { .string($0) })),
            ("probes", .array(a.probes.map { p in
                .object([("value", .number(p.value)), ("replications", .int(p.replications)),
                         ("estimate", .number(p.interval.estimate)), ("low", .number(p.interval.low)),
                         ("high", .number(p.interval.high)), ("decision", .string(p.decision.rawValue)),
                         ("meets", .bool(p.meets))])
            })),
        ])
    }

    public static let probesHeader = "value,replications,estimate,low,high,decision,meets"

    /// `probes.csv`: one row per probe, by value.
    public var probesCSV: String {
        func num(_ x: Double) -> String { x.isNaN ? "" : x.isInfinite ? (x > 0 ? "inf" : "-inf") : (NumberText.format(x) ?? "") }
        var out = Self.probesHeader + "\n"
        for p in answer.probes.sorted(by: { $0.value < $1.value }) {
            out += [num(p.value), String(p.replications), num(p.interval.estimate), num(p.interval.low), num(p.interval.high),
                    p.decision.rawValue, p.meets ? "true" : "false"].joined(separator: ",") + "\n"
        }
        return out
    }
}
