import CGSL
import Foundation
import MusterEngine

/// Replications wanted of one candidate.
public struct ObservationRequest: Sendable, Equatable {
    public var candidate: Int
    public var replications: Range<Int>
}

/// Where the procedure stands, for progress lines.
public struct SelectionProgress: Sendable, Equatable {
    /// Observations every survivor has.
    public var observations: Int
    public var survivors: [Int]
    public var replicationsSpent: Int
}

/// Selects the best of k candidates with a guarantee: Kim and Nelson's
/// fully sequential procedure KN (`KimNelson`) on observations made from
/// replications (docs/statistics.md, "Selecting the best").
///
/// Numbers only: the caller supplies replication r of candidate i through
/// `observe`. Observation j of every candidate is made from the same
/// replications (j·b ..< (j + 1)·b for a batch of b), so candidates that
/// draw replication r from the same random numbers are compared with
/// common random numbers. The procedure is deterministic given the
/// values: the same values, however they were computed, give the same
/// answer.
public struct Selection: Sendable {
    public var candidates: Int
    public var settings: SelectionSettings

    public init(candidates: Int, settings: SelectionSettings) {
        precondition(candidates >= 2, "at least two candidates")
        precondition(settings.indifference > 0 && settings.confidence > 0.5 && settings.confidence < 1)
        precondition(settings.firstStage >= 2)
        self.candidates = candidates; self.settings = settings
    }

    public var constants: KimNelson {
        KimNelson(candidates: candidates, alpha: settings.alpha, firstStage: settings.firstStage)
    }

    /// Runs the procedure. `observe` returns, for each request, the
    /// measure of those replications in order; requests of a candidate
    /// come in order from replication 0, and each call asks for the next
    /// replications of every survivor at once (simulate them together).
    public func run(observe: ([ObservationRequest]) throws -> [[Double]],
                    progress: ((SelectionProgress) -> Void)? = nil) throws -> SelectionAnswer {
        let k = candidates
        let s = settings
        let kn = constants
        let b = s.statistic.batchSize
        let delta = s.indifference
        // Larger is better inside; estimates are turned back for the answer.
        let sign: Double = s.goal == .largest ? 1 : -1
        var obs = [[Double]](repeating: [], count: k)
        var sums = [Double](repeating: 0, count: k)
        var replications = 0

        func extend(_ who: [Int], to n: Int) throws {
            let requests = who.map { ObservationRequest(candidate: $0, replications: obs[$0].count * b..<n * b) }
            let values = try observe(requests)
            for (req, v) in zip(requests, values) {
                precondition(v.count == req.replications.count, "observe returned \(v.count) values for \(req.replications.count) replications")
                replications += v.count
                var j = obs[req.candidate].count
                while (j + 1) * b <= req.replications.upperBound {
                    let lo = j * b - req.replications.lowerBound
                    let x = s.statistic.observation(v[lo..<lo + b])
                    guard x.isFinite else { throw SelectionError.notFinite(candidate: req.candidate, replications: j * b..<(j + 1) * b) }
                    obs[req.candidate].append(sign * x)
                    sums[req.candidate] += sign * x
                    j += 1
                }
            }
        }

        let n0 = s.firstStage
        try extend(Array(0..<k), to: n0)
        var s2 = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for i in 0..<k {
            for l in i + 1 < k ? (i + 1)..<k : k..<k {
                let v = Self.variance(zip(obs[i], obs[l]).map { $0 - $1 })
                s2[i][l] = v; s2[l][i] = v
            }
        }

        var survivors = Array(0..<k)
        var eliminatedAt: [Int: Int] = [:]
        var eliminatedBy: [Int: Int] = [:]
        var r = n0
        var screenings = 0
        var outcome = SelectionOutcome.selected
        while true {
            let means = sums.map { $0 / Double(r) }
            let step = kn.screen(means: means, survivors: survivors, variances: s2, indifference: delta, observations: r)
            screenings += 1
            for (i, l) in step.eliminatedBy { eliminatedAt[i] = r; eliminatedBy[i] = l }
            survivors = step.survivors
            progress?(SelectionProgress(observations: r, survivors: survivors, replicationsSpent: replications))
            if survivors.count == 1 { break }
            // Every region among the survivors has closed: they all share
            // the largest mean exactly (identical observations).
            let closed = survivors.allSatisfy { i in
                survivors.allSatisfy { l in l == i || kn.halfWidth(varianceOfDifference: s2[i][l], indifference: delta, observations: r) == 0 }
            }
            if closed { outcome = .tied; break }
            if let cap = s.maxObservations, r >= cap { outcome = .capped; break }
            let next = s.maxObservations.map { min(r + s.step, $0) } ?? r + s.step
            try extend(survivors, to: next)
            r = next
        }

        let level = s.confidence
        var results: [CandidateResult] = []
        for i in 0..<k {
            let x = obs[i].map { sign * $0 }
            let (m, half) = Self.meanInterval(x, level: level)
            results.append(CandidateResult(index: i, observations: x.count, replications: x.count * b, estimate: m,
                                           low: m - half, high: m + half, eliminatedAt: eliminatedAt[i],
                                           eliminatedBy: eliminatedBy[i], inContention: survivors.contains(i)))
        }
        let selected = survivors.max { a, c in
            let ma = sums[a] / Double(obs[a].count), mc = sums[c] / Double(obs[c].count)
            return ma != mc ? ma < mc : a > c
        }!
        var pairs: [PairVariance] = []
        for i in 0..<k {
            for l in i + 1 < k ? (i + 1)..<k : k..<k {
                let n = min(obs[i].count, obs[l].count)
                let a = Array(obs[i].prefix(n)), c = Array(obs[l].prefix(n))
                pairs.append(PairVariance(first: i, second: l, pairs: n, differences: Self.variance(zip(a, c).map { $0 - $1 }),
                                          independent: Self.variance(a) + Self.variance(c)))
            }
        }
        let bonferroni = Self.bonferroniObservations(candidates: k, alpha: s.alpha, firstStage: n0,
                                                     largestVariance: s2.joined().max() ?? 0, indifference: delta)
        return SelectionAnswer(outcome: outcome, selected: selected, candidates: results, contention: survivors,
                               settings: s, constants: kn, firstStageVariances: s2,
                               observationsSpent: obs.reduce(0) { $0 + $1.count }, replicationsSpent: replications,
                               screenings: screenings, bonferroniObservations: bonferroni,
                               bonferroniReplications: k * bonferroni * b, pairVariances: pairs)
    }

    /// Observations per candidate of the fixed-size Bonferroni procedure
    /// with the same guarantee (`SelectionAnswer.bonferroniObservations`).
    public static func bonferroniObservations(candidates k: Int, alpha: Double, firstStage n0: Int,
                                              largestVariance s2: Double, indifference delta: Double) -> Int {
        GSLRuntime.configure()
        let t = gsl_cdf_tdist_Pinv(1 - alpha / Double(k - 1), Double(n0 - 1))
        let n = (t * t * s2 / (delta * delta)).rounded(.up)
        return max(n0, n.isFinite ? Int(min(n, 1e12)) : n0)
    }

    /// Sample variance (n − 1); 0 for fewer than two values.
    static func variance(_ x: [Double]) -> Double {
        guard x.count >= 2 else { return 0 }
        let m = x.reduce(0, +) / Double(x.count)
        return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)
    }

    /// The mean and the half-width of its t-interval at `level`.
    static func meanInterval(_ x: [Double], level: Double) -> (Double, Double) {
        let m = x.reduce(0, +) / Double(x.count)
        guard x.count >= 2 else { return (m, .nan) }
        GSLRuntime.configure()
        let t = gsl_cdf_tdist_Pinv(1 - (1 - level) / 2, Double(x.count - 1))
        return (m, t * (variance(x) / Double(x.count)).squareRoot())
    }
}
