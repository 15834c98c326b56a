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
            // The mean and variance as optimize has always summed them (a
            // plain sum, two passes), so its results stay the same to the
            // bit; the interval from them is the shared API's.
            let m = kept.reduce(0, +) / Double(n)
            let v = kept.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)
            let half = TInterval.halfWidth(variance: v, count: n, level: level)
            self.init(estimate: m, low: m - half, high: m + half)
        case .quantile(let q):
            let sorted = kept.sorted()
            let i = PercentileInterval(sorted: sorted, quantile: q, level: level)
            // The estimate by linear interpolation, written as a step from
            // the lower value (not `Quantile.ofSorted`'s weighted sum, which
            // may differ in the last bit), so optimize's results stay the same.
            let h = q * Double(n - 1)
            let lo = Int(h.rounded(.down))
            let w = h - Double(lo)
            let est = lo + 1 < n && w > 0 ? sorted[lo] + w * (sorted[lo + 1] - sorted[lo]) : sorted[lo]
            self.init(estimate: est, low: i.low, high: i.high)
        }
    }
}
