import Foundation

/// How the procedure ended.
public enum SelectionOutcome: String, Sendable {
    /// One candidate was left: it is the best, or within the indifference
    /// zone of the best, with the stated confidence.
    case selected
    /// Several were left with identical observations (a candidate listed
    /// twice, or a setting that changes nothing): the first is named.
    case tied
    /// The cap on observations came first with several left: the one with
    /// the best estimate is named, without the guarantee; the candidates
    /// left hold the best with the stated confidence (when every other is
    /// at least δ worse).
    case capped
}

/// One candidate after the procedure.
public struct CandidateResult: Sendable, Equatable {
    public var index: Int
    /// Observations it got (batches for a percentile).
    public var observations: Int
    /// Replications behind them.
    public var replications: Int
    /// The mean of its observations, in the measure's unit.
    public var estimate: Double
    /// t-interval of that mean at the procedure's confidence, each
    /// candidate on its own (not simultaneous).
    public var low: Double
    public var high: Double
    /// Observations it had when screened out; nil while in contention.
    public var eliminatedAt: Int?
    /// The candidate that screened it out.
    public var eliminatedBy: Int?
    /// Still in contention when the procedure stopped.
    public var inContention: Bool
}

/// The variance of one pair's differences against what it would be with
/// independent sampling, from the observations both have.
public struct PairVariance: Sendable, Equatable {
    public var first: Int
    public var second: Int
    /// Observations paired.
    public var pairs: Int
    /// Sample variance of the differences.
    public var differences: Double
    /// Sum of the two sample variances: the variance of a difference if the
    /// two were sampled independently.
    public var independent: Double
    /// differences / independent: below 1, common random numbers helped
    /// by that factor (fewer replications needed, in proportion).
    public var ratio: Double { independent > 0 ? differences / independent : .nan }
}

/// What the procedure concluded, with the numbers behind it.
public struct SelectionAnswer: Sendable, Equatable {
    public var outcome: SelectionOutcome
    /// The candidate named best.
    public var selected: Int
    /// Every candidate, in the order given.
    public var candidates: [CandidateResult]
    /// Candidates in contention when it stopped (just the selected one
    /// unless tied or capped).
    public var contention: [Int]
    public var settings: SelectionSettings
    public var constants: KimNelson
    /// S²ᵢₗ of the first stage, k × k.
    public var firstStageVariances: [[Double]]
    /// Observations and replications over all candidates.
    public var observationsSpent: Int
    public var replicationsSpent: Int
    /// Screenings made (after the first stage and every step).
    public var screenings: Int
    /// Per candidate, the replications a fixed-size procedure with the same
    /// guarantee needs, from the same first stage: Bonferroni with common
    /// random numbers (Clark & Yang 1986; procedure B of Nelson & Matejcik
    /// 1995), N = max{n0, ⌈(t S / δ)²⌉}, t the 1 − α/(k − 1) quantile of t
    /// with n0 − 1 degrees of freedom, S² the largest S²ᵢₗ.
    public var bonferroniObservations: Int
    /// k × N × batch.
    public var bonferroniReplications: Int
    /// Every pair's variance of differences against independent sampling.
    public var pairVariances: [PairVariance]

    /// Candidates whose estimate lies within δ of the selected one's
    /// (the selected one included): a planner may prefer any of them on
    /// other grounds. This carries no guarantee of its own.
    public var closeToSelected: [Int] {
        let best = candidates[selected].estimate
        return candidates.filter { abs($0.estimate - best) < settings.indifference }.map(\.index)
    }

    /// Bonferroni's replications over the procedure's.
    public var savings: Double {
        replicationsSpent > 0 ? Double(bonferroniReplications) / Double(replicationsSpent) : .nan
    }
}

/// Why the procedure could not run.
public enum SelectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An observation is infinite or NaN (an order that never completed).
    case notFinite(candidate: Int, replications: Range<Int>)

    public var description: String {
        switch self {
        case .notFinite(let c, let r):
            "candidate \(c + 1): replications \(r.lowerBound)–\(r.upperBound - 1) give an observation that is not finite "
                + "(an order that never completed); its mean is unbounded"
        }
    }
}
