import Foundation

/// How the search spends replications (docs/how-to/optimize.md).
public struct SearchSettings: Sendable, Equatable {
    /// The chance that every decision of the search is right, (0.5, 1).
    public var confidence: Double
    /// Half-width of the indifference zone around the target, in the
    /// target's unit: a probe whose interval lies inside target ± tolerance
    /// is decided by its estimate (and said to be within tolerance).
    public var tolerance: Double
    /// Replications of a probe's first look; each further look doubles them.
    public var firstBatch: Int
    /// Replications at which a probe stops looking, decided by its estimate.
    public var maxReplications: Int

    public init(confidence: Double, tolerance: Double, firstBatch: Int = 20, maxReplications: Int = 1280) {
        self.confidence = confidence; self.tolerance = tolerance
        self.firstBatch = firstBatch; self.maxReplications = max(maxReplications, firstBatch)
    }

    /// Looks a probe may take: first batch, doubled until the cap.
    public var looks: Int {
        var n = firstBatch, k = 1
        while n < maxReplications { n = min(2 * n, maxReplications); k += 1 }
        return k
    }
}

/// How a probe was decided.
public enum ProbeDecision: String, Sendable {
    /// The interval lies on the target's side.
    case meets
    /// The interval lies on the other side.
    case fails
    /// The interval lies within target ± tolerance: decided by the estimate.
    case withinTolerance = "within_tolerance"
    /// The replication cap came first: decided by the estimate.
    case undecided
}

/// One candidate value the search simulated.
public struct Probe: Sendable, Equatable {
    /// Index into the candidates.
    public var index: Int
    public var value: Double
    public var replications: Int
    /// At the per-look level (`SearchAnswer.lookLevel`).
    public var interval: ResponseInterval
    public var decision: ProbeDecision
    /// The side taken: meets the target.
    public var meets: Bool
}

/// What the search concluded.
public enum SearchOutcome: String, Sendable {
    /// A value inside the range meets the target and its neighbour does not.
    case found
    /// The first value of the range (in the goal's direction) meets it.
    case metAtFirst = "met_at_first_value"
    /// Not even the best end of the range meets it.
    case unreachable
}

public struct SearchAnswer: Sendable, Equatable {
    public var outcome: SearchOutcome
    /// The least (or most) value meeting the target; nil when unreachable.
    public var value: Double?
    /// In the order they were simulated.
    public var probes: [Probe]
    /// Replications simulated over all probes.
    public var replicationsSpent: Int
    public var confidence: Double
    /// Level of every interval: the confidence shared out (Bonferroni) over
    /// every look of every probe the search may take.
    public var lookLevel: Double
    /// Unreachable: how far the best end's estimate is from the target.
    public var shortfall: Double?
    /// Probed values whose intervals contradict a monotone response.
    public var nonMonotone: [String]
    /// Candidates in the range.
    public var candidates: Int
    /// What a grid sweep would simulate to decide every candidate as surely
    /// as the boundary was decided here: candidates × the replications the
    /// boundary probes took.
    public var gridEquivalent: Int
    /// Every decision was clear (none within tolerance or undecided).
    public var clear: Bool { probes.allSatisfy { $0.decision == .meets || $0.decision == .fails } }
}

/// The least (or most) candidate value that meets a target, by bisection
/// with a sequential test at each probe (docs/how-to/optimize.md).
///
/// It assumes the response is monotone in the variable (towards the
/// target at the range's far end for `least`, at its near end for `most`);
/// it says so when the probed intervals contradict that. Replication r of
/// every candidate uses the same random numbers (common random numbers),
/// so neighbouring candidates differ by the variable, not by luck.
public struct TargetSearch {
    public var candidates: [Double]
    public var target: OptimizeTarget
    public var goal: OptimizeGoal
    public var settings: SearchSettings

    public init(candidates: [Double], target: OptimizeTarget, goal: OptimizeGoal, settings: SearchSettings) {
        self.candidates = candidates; self.target = target; self.goal = goal; self.settings = settings
    }

    /// Probes a search may take: both ends, then bisection.
    public var maxProbes: Int {
        var k = 2, gap = candidates.count - 1
        while gap > 1 { gap = (gap + 1) / 2; k += 1 }
        return k
    }

    public var lookLevel: Double {
        1 - (1 - settings.confidence) / Double(maxProbes * settings.looks)
    }

    /// Runs the search. `simulate(i, range)` returns the target measure of
    /// replications `range` of candidate i (the caller may have them
    /// stored); ranges of a candidate come in order, from 0.
    public func run(simulate: (Int, Range<Int>) throws -> [Double]) rethrows -> SearchAnswer {
        let n = candidates.count
        // Positions run from the range's end where the target is not
        // expected to be met towards the end where it is.
        let order = goal == .least ? Array(0..<n) : Array((0..<n).reversed())
        var values: [Int: [Double]] = [:]
        var probes: [Probe] = []
        let level = lookLevel

        func decide(_ position: Int) throws -> Probe {
            let i = order[position]
            if let done = probes.first(where: { $0.index == i }) { return done }
            var reps = min(settings.firstBatch, settings.maxReplications)
            while true {
                let have = values[i]?.count ?? 0
                if have < reps { values[i, default: []] += try simulate(i, have..<reps) }
                let v = Array(values[i]!.prefix(reps))
                let iv = ResponseInterval(values: v, statistic: target.statistic, level: level)
                let t = target.value
                var decision: ProbeDecision? = nil
                if !iv.low.isNaN && !iv.high.isNaN {
                    if target.relation.holds(iv.high, t) && target.relation.holds(iv.low, t) {
                        decision = .meets
                    } else if !target.relation.holds(iv.high, t) && !target.relation.holds(iv.low, t) {
                        decision = .fails
                    } else if iv.low >= t - settings.tolerance && iv.high <= t + settings.tolerance {
                        decision = .withinTolerance
                    }
                }
                if decision == nil && reps >= settings.maxReplications { decision = .undecided }
                if let decision {
                    let meets = decision == .meets || (decision != .fails && target.relation.holds(iv.estimate, t))
                    let p = Probe(index: i, value: candidates[i], replications: reps, interval: iv, decision: decision, meets: meets)
                    probes.append(p)
                    return p
                }
                reps = min(2 * reps, settings.maxReplications)
            }
        }

        var outcome: SearchOutcome
        var answer: Int? = nil
        var boundary: [Int] = []
        let best = try decide(n - 1)
        if !best.meets {
            outcome = .unreachable
            _ = try decide(0)
            boundary = [n - 1]
        } else {
            let first = try decide(0)
            if first.meets {
                outcome = .metAtFirst
                answer = 0
                boundary = [0]
            } else {
                outcome = .found
                var lo = 0, hi = n - 1
                while hi - lo > 1 {
                    let mid = (lo + hi) / 2
                    if try decide(mid).meets { hi = mid } else { lo = mid }
                }
                answer = hi
                boundary = [lo, hi]
            }
        }
        let spent = probes.reduce(0) { $0 + $1.replications }
        let boundaryReps = probes.filter { p in boundary.contains { order[$0] == p.index } }.map(\.replications).max() ?? 0
        var shortfall: Double? = nil
        if outcome == .unreachable {
            shortfall = abs(best.interval.estimate - target.value)
        }
        return SearchAnswer(outcome: outcome, value: answer.map { candidates[order[$0]] }, probes: probes,
                            replicationsSpent: spent, confidence: settings.confidence, lookLevel: level,
                            shortfall: shortfall, nonMonotone: monotonicityWarnings(probes, order: order),
                            candidates: n, gridEquivalent: n * boundaryReps)
    }

    /// Pairs of probes whose intervals say the response moves away from
    /// the target towards the end where it should be met.
    private func monotonicityWarnings(_ probes: [Probe], order: [Int]) -> [String] {
        var position = [Int: Int]()
        for (p, i) in order.enumerated() { position[i] = p }
        let sorted = probes.sorted { position[$0.index]! < position[$1.index]! }
        var out: [String] = []
        for a in sorted.indices {
            for b in sorted.indices where b > a {
                let x = sorted[a], y = sorted[b]
                // Towards the meeting end the statistic should fall (<=) or rise (>=).
                let wrong = target.relation == .atMost ? x.interval.high < y.interval.low : x.interval.low > y.interval.high
                if wrong {
                    out.append("\(target.statistic.name) at \(NumberWords.trimmed(x.value)) is \(Self.span(x.interval)), "
                               + "at \(NumberWords.trimmed(y.value)) \(Self.span(y.interval)): the response is not monotone "
                               + "the way the search assumes (the target met towards \(goal == .least ? "higher" : "lower") values)")
                }
            }
        }
        return out
    }

    static func span(_ i: ResponseInterval) -> String {
        NumberWords.trimmed((i.low * 100).rounded() / 100) + "–" + NumberWords.trimmed((i.high * 100).rounded() / 100)
    }
}
