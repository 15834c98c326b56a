import MusterNumerics

/// A statistic of replication values with its two-sided interval at a
/// given level: a t-interval for the mean, the order-statistic interval
/// (`PercentileInterval`) for a percentile. A bound that the values cannot
/// give yet (a high percentile of few values) is NaN.
public struct ResponseInterval: Sendable, Equatable {
    public var estimate: Double
    public var low: Double
    public var high: Double

    public init(estimate: Double, low: Double, high: Double) {
        self.estimate = estimate; self.low = low; self.high = high
    }

    /// Values that never happened (an order never complete, +∞) count as
    /// infinitely late: the mean is then unbounded, and so are the
    /// percentiles they reach.
    public init(values: [Double], statistic: OptimizeStatistic, level: Double) {
        let kept = values.filter { !$0.isNaN }
        let n = kept.count
        guard n >= 2 else { self.init(estimate: kept.first ?? .nan, low: .nan, high: .nan); return }
        switch statistic {
        case .mean:
            guard kept.allSatisfy(\.isFinite) else { self.init(estimate: .infinity, low: .infinity, high: .infinity); return }
            let t = TInterval(kept, level: level)
            self.init(estimate: t.mean, low: t.low, high: t.high)
        case .quantile(let q):
            let sorted = kept.sorted()
            let i = PercentileInterval(sorted: sorted, quantile: q, level: level)
            // The estimate as the summary computes it (linear interpolation).
            self.init(estimate: Quantile.ofSorted(sorted, q), low: i.low, high: i.high)
        }
    }
}
