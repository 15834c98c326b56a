import Foundation

/// Which end of the measure is best.
public enum SelectionGoal: String, Sendable, CaseIterable {
    /// The smallest value wins (completion times, households unreached).
    case smallest
    /// The largest value wins.
    case largest
}

/// What one observation of a candidate is, made from its replications.
public enum SelectionStatistic: Sendable, Equatable {
    /// One replication is one observation; the procedure selects on means.
    case mean
    /// A percentile, 0 < q < 1: `batch` consecutive replications make one
    /// observation, their q-percentile (docs/statistics.md, "Selecting the
    /// best").
    case quantile(Double, batch: Int)

    /// Replications that make one observation.
    public var batchSize: Int {
        switch self {
        case .mean: 1
        case .quantile(_, let b): b
        }
    }

    /// The default batch for a percentile: at least five replications
    /// beyond the percentile on its rarer side (p90: 50, p95: 100, p50: 10),
    /// so a batch's percentile is an interpolation between order statistics
    /// well inside the batch and close to normal across batches.
    public static func defaultBatch(quantile q: Double) -> Int {
        max(10, Int((5 / min(q, 1 - q) - 1e-9).rounded(.up)))
    }

    /// One observation from a batch's replications: their mean, or their
    /// q-percentile (linear interpolation between order statistics, as the
    /// run summary computes it).
    public func observation(_ values: ArraySlice<Double>) -> Double {
        switch self {
        case .mean:
            return values.reduce(0, +) / Double(values.count)
        case .quantile(let q, _):
            return Self.percentile(values.sorted(), q)
        }
    }

    /// The q-quantile of ascending values, interpolated at q·(n − 1).
    public static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = q * Double(sorted.count - 1)
        let lo = Int(h.rounded(.down))
        let w = h - Double(lo)
        guard lo + 1 < sorted.count, w > 0 else { return sorted[lo] }
        return sorted[lo] + w * (sorted[lo + 1] - sorted[lo])
    }
}

/// The question's numbers: confidence, indifference zone, stage sizes, cap.
public struct SelectionSettings: Sendable, Equatable {
    /// 1 − α: the chance of selecting the best or one within `indifference`
    /// of it; strictly between 1 − 1/k and 1 (0.95 by default).
    public var confidence: Double
    /// δ > 0, in the measure's unit: differences smaller than this do not
    /// matter to the planner.
    public var indifference: Double
    public var goal: SelectionGoal
    public var statistic: SelectionStatistic
    /// n0 ≥ 2: observations of every candidate before the first screening;
    /// the variances of differences are estimated from them.
    public var firstStage: Int
    /// Observations added to every surviving candidate between screenings
    /// (1: the procedure as published; more only screens less often).
    public var step: Int
    /// The most observations a candidate gets; nil: no cap.
    public var maxObservations: Int?

    public init(confidence: Double, indifference: Double, goal: SelectionGoal, statistic: SelectionStatistic = .mean,
                firstStage: Int = 10, step: Int = 1, maxObservations: Int? = nil) {
        self.confidence = confidence; self.indifference = indifference; self.goal = goal
        self.statistic = statistic; self.firstStage = firstStage; self.step = max(1, step)
        self.maxObservations = maxObservations
    }

    /// α.
    public var alpha: Double { 1 - confidence }
}
