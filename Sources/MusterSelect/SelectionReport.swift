import Foundation
import MusterOutput

/// A finished selection with its question, for text, JSON and CSV.
public struct SelectionReport: Sendable {
    /// Candidate labels, in the order given.
    public var labels: [String]
    /// What is compared, as the question wrote it: `p2p.order_complete.p90`.
    public var measure: String
    /// The statistic's name: `mean`, `p90`.
    public var statisticName: String
    /// Values are hours (else households).
    public var isTime: Bool
    /// The indifference zone as written (`30m`).
    public var indifferenceText: String
    /// Per candidate: candidates with the same number share replications'
    /// random numbers; different numbers are sampled independently.
    public var samplingGroups: [Int]
    /// Why groups differ, one line each (empty when all share).
    public var samplingNotes: [String]
    public var answer: SelectionAnswer

    public init(labels: [String], measure: String, statisticName: String, isTime: Bool, indifferenceText: String,
                samplingGroups: [Int], samplingNotes: [String], answer: SelectionAnswer) {
        self.labels = labels; self.measure = measure; self.statisticName = statisticName; self.isTime = isTime
        self.indifferenceText = indifferenceText; self.samplingGroups = samplingGroups; self.samplingNotes = samplingNotes
        self.answer = answer
    }

    private var unit: String { isTime ? " h" : "" }

    private func figure(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "n/a" : "never" }
        return String(format: "%.2f", x)
    }

    private var confidenceText: String { String(format: "%g", answer.settings.confidence * 100) + " %" }

    /// Candidates best first: the selected one, then those still in
    /// contention, then the eliminated ones, each group by estimate.
    public var ranking: [CandidateResult] {
        let better: (Double, Double) -> Bool = answer.settings.goal == .smallest ? { $0 < $1 } : { $0 > $1 }
        return answer.candidates.sorted { a, b in
            if a.index == answer.selected { return true }
            if b.index == answer.selected { return false }
            if a.inContention != b.inContention { return a.inContention }
            if a.estimate != b.estimate { return better(a.estimate, b.estimate) }
            return a.index < b.index
        }
    }

    /// The guarantee in a sentence, as it holds for this outcome.
    public var guarantee: String {
        let a = answer
        let k = labels.count
        switch a.outcome {
        case .selected:
            return "With probability at least \(confidenceText), \(labels[a.selected]) is the best of the \(k) "
                + "or within \(indifferenceText) of the best (by \(measure))."
        case .tied:
            return "\(a.contention.map { labels[$0] }.joined(separator: ", ")) gave identical observations: "
                + "with probability at least \(confidenceText) the best of the \(k) is among them or within \(indifferenceText) of them; "
                + "the first is named."
        case .capped:
            return "The cap of \(a.settings.maxObservations! * a.settings.statistic.batchSize) replications per candidate came first: "
                + "\(labels[a.selected]) has the best estimate of the \(a.contention.count) still in contention, but the guarantee "
                + "does not hold for it. If one candidate is at least \(indifferenceText) better than every other, it is among those "
                + "\(a.contention.count) with probability at least \(confidenceText)."
        }
    }

    /// The mean ratio of the variance of paired differences to the
    /// independent one, over pairs that share random numbers.
    public var crnVarianceRatio: Double? {
        let shared = answer.pairVariances.filter { samplingGroups[$0.first] == samplingGroups[$0.second] && $0.ratio.isFinite }
        guard !shared.isEmpty else { return nil }
        return shared.map(\.ratio).reduce(0, +) / Double(shared.count)
    }

    private var procedureLine: String {
        let s = answer.settings
        let stat: String
        switch s.statistic {
        case .mean: stat = "one replication per observation"
        case .quantile(_, let b): stat = "one observation = the \(statisticName) of a batch of \(b) replications"
        }
        return "Kim–Nelson fully sequential procedure (KN, c = 1): first stage \(s.firstStage) observations, \(stat), "
            + "η = \(String(format: "%.4f", answer.constants.eta)), h² = \(String(format: "%.3f", answer.constants.h2))"
    }

    /// The answer in a few sentences, then the table.
    public var text: String {
        let a = answer
        let goal = a.settings.goal == .smallest ? "smallest" : "largest"
        var lines = ["muster select · \(labels.count) candidates · \(goal) \(measure) · indifference \(indifferenceText) · confidence \(confidenceText)", ""]
        lines.append((a.outcome == .capped ? "Best estimate (no guarantee): " : "Selected: ") + labels[a.selected])
        lines.append("  " + guarantee)
        let c = a.candidates[a.selected]
        lines.append("  \(statisticName) there: \(figure(c.estimate))\(unit) (interval \(figure(c.low))–\(figure(c.high))\(unit))")
        lines.append("In contention when it stopped: \(a.contention.map { labels[$0] }.joined(separator: ", "))")
        let close = a.closeToSelected.filter { $0 != a.selected }
        if !close.isEmpty {
            lines.append("Within \(indifferenceText) of it by estimate (eliminated, but a matter of indifference): "
                         + close.map { labels[$0] }.joined(separator: ", "))
        }
        lines.append("Replications: \(a.replicationsSpent) in all; a fixed-size procedure with the same guarantee "
                     + "(Bonferroni, from the same first stage) needs \(a.bonferroniReplications) (\(String(format: "%.1f", a.savings))× more)")
        lines.append("Procedure: " + procedureLine)
        if samplingNotes.isEmpty {
            lines.append("Sampling: every candidate uses the same random numbers for replication r (common random numbers)")
        } else {
            for n in samplingNotes { lines.append("Sampling: " + n) }
        }
        if let ratio = crnVarianceRatio {
            lines.append("  paired differences with common random numbers: \(String(format: "%.2f", ratio)) of the variance "
                         + "of independent sampling (mean over pairs)")
            if Set(samplingGroups).count > 1 {
                lines.append("  cost of independent sampling: a pair without them needs about \(String(format: "%.1f", 1 / ratio))× "
                             + "the replications of a pair with them")
            }
        }
        lines.append("")
        let w = max(labels.map(\.count).max() ?? 9, 9) + 6
        let valueHead = "\(statisticName)\(unit)"
        lines.append("  rank  \(pad("candidate", w))\(pad(valueHead, 9))\(pad("interval", 15))\(pad("replications", 14))status")
        for (rank, r) in ranking.enumerated() {
            let status: String
            if r.index == a.selected {
                status = a.outcome == .capped ? "best estimate" : "selected"
            } else if r.inContention {
                status = "in contention"
            } else {
                status = "eliminated at \(r.eliminatedAt! * a.settings.statistic.batchSize) by #\(r.eliminatedBy! + 1)"
            }
            lines.append("  \(pad(String(rank + 1), 6))\(pad("#\(r.index + 1) " + labels[r.index], w))\(pad(figure(r.estimate), 9))"
                         + "\(pad(figure(r.low) + "–" + figure(r.high), 15))\(pad(String(r.replications), 14))\(status)")
        }
        lines.append("")
        lines.append("Intervals: each candidate's \(confidenceText) t-interval on its own; the selection's guarantee is the sentence above.")
        return lines.joined(separator: "\n") + "\n"
    }

    private func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s + " " : s + String(repeating: " ", count: w - s.count) }

    private func num(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }

    /// `--json` and `select.json`.
    public var json: JSONValue {
        let a = answer
        let s = a.settings
        let batch: Int = s.statistic.batchSize
        let procedure: JSONValue = .object([
            ("name", .string("KN")), ("first_stage", .int(s.firstStage)), ("step", .int(s.step)),
            ("batch", .int(batch)), ("eta", .number(a.constants.eta)), ("h2", .number(a.constants.h2)),
            ("max_observations", s.maxObservations.map { .int($0) } ?? .null),
        ])
        let sampling: JSONValue = .object([
            ("groups", .array(samplingGroups.map { .int($0) })),
            ("notes", .array(samplingNotes.map { .string($0) })),
            ("crn_variance_ratio", crnVarianceRatio.map { num($0) } ?? .null),
        ])
        let candidates: [JSONValue] = ranking.enumerated().map { rank, r in candidateJSON(rank: rank, r, batch: batch) }
        let pairs: [JSONValue] = a.pairVariances.map(pairJSON)
        var members: [(String, JSONValue)] = [
            ("measure", .string(measure)),
            ("statistic", .string(statisticName)),
            ("unit", .string(isTime ? "hours" : "households")),
            ("goal", .string(s.goal.rawValue)),
            ("confidence", .number(s.confidence)),
            ("indifference", .number(s.indifference)),
            ("indifference_text", .string(indifferenceText)),
            ("procedure", procedure),
        ]
        members += [
            ("outcome", .string(a.outcome.rawValue)),
            ("selected", .string(labels[a.selected])),
            ("selected_index", .int(a.selected)),
            ("guarantee", .string(guarantee)),
            ("guarantee_holds", .bool(a.outcome != .capped)),
            ("contention", .array(a.contention.map { .string(labels[$0]) })),
            ("close_to_selected", .array(a.closeToSelected.map { .string(labels[$0]) })),
        ]
        members += [
            ("replications", .int(a.replicationsSpent)),
            ("observations", .int(a.observationsSpent)),
            ("screenings", .int(a.screenings)),
            ("bonferroni_replications", .int(a.bonferroniReplications)),
            ("savings", num(a.savings)),
            ("sampling", sampling),
            ("candidates", .array(candidates)),
            ("pairs", .array(pairs)),
        ]
        return .object(members)
    }

    private func candidateJSON(rank: Int, _ r: CandidateResult, batch: Int) -> JSONValue {
        let eliminatedAt: JSONValue = r.eliminatedAt.map { .int($0 * batch) } ?? .null
        let eliminatedBy: JSONValue = r.eliminatedBy.map { .string(labels[$0]) } ?? .null
        return .object([
            ("rank", .int(rank + 1)), ("index", .int(r.index)), ("label", .string(labels[r.index])),
            ("estimate", num(r.estimate)), ("low", num(r.low)), ("high", num(r.high)),
            ("observations", .int(r.observations)), ("replications", .int(r.replications)),
            ("in_contention", .bool(r.inContention)),
            ("eliminated_at_replications", eliminatedAt),
            ("eliminated_by", eliminatedBy),
        ])
    }

    private func pairJSON(_ p: PairVariance) -> JSONValue {
        .object([
            ("first", .string(labels[p.first])), ("second", .string(labels[p.second])),
            ("common_random_numbers", .bool(samplingGroups[p.first] == samplingGroups[p.second])),
            ("observations", .int(p.pairs)), ("variance_of_differences", num(p.differences)),
            ("variance_if_independent", num(p.independent)), ("ratio", num(p.ratio)),
        ])
    }

    public static let candidatesHeader = "rank,candidate,estimate,low,high,observations,replications,in_contention,eliminated_at_replications,eliminated_by"

    /// `candidates.csv`: one row per candidate, best first.
    public var candidatesCSV: String {
        func n(_ x: Double) -> String { NumberText.format(x) ?? (x.isNaN ? "" : x > 0 ? "inf" : "-inf") }
        func field(_ s: String) -> String {
            guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        let b = answer.settings.statistic.batchSize
        var out = Self.candidatesHeader + "\n"
        for (rank, r) in ranking.enumerated() {
            out += [String(rank + 1), field(labels[r.index]), n(r.estimate), n(r.low), n(r.high), String(r.observations),
                    String(r.replications), r.inContention ? "true" : "false",
                    r.eliminatedAt.map { String($0 * b) } ?? "", r.eliminatedBy.map { field(labels[$0]) } ?? ""]
                .joined(separator: ",") + "\n"
        }
        return out
    }
}
