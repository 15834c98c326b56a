/// One replication's values of a measure (close times of its incidents,
/// say), reduced to what summaries across replications need: its exact
/// count, mean and percentiles, and a `LogHistogram` to pool with other
/// replications'. The values themselves are dropped, so a run's memory no
/// longer grows with replications × values.
public struct ReplicationSample: Sendable, Equatable {
    /// Finite values.
    public var count: Int
    /// Mean of the finite values; NaN with none.
    @Figure public var mean: Double
    /// Exact percentiles of this replication's values
    /// (`gsl_stats_quantile_from_sorted_data`'s interpolation); NaN with none.
    @Figure public var p50: Double
    @Figure public var p90: Double
    @Figure public var p95: Double
    /// Every value, for pooling across replications.
    public var histogram: LogHistogram

    /// The fractions whose exact within-replication percentiles are kept.
    public static let fractions = [0.5, 0.9, 0.95]

    /// Summarises `values` (finite, ≥ 0). The percentiles come from the
    /// few order statistics they need, found through the histogram
    /// (`LogHistogram.orderStatistics`), not a sort: sorting was a third of
    /// an M/M/c replication's time.
    public init(values: inout [Double]) {
        self = values.withUnsafeBufferPointer { ReplicationSample($0) }
    }

    /// Summarises the values in `values` (finite, ≥ 0), as `init(values:)`.
    public init(_ values: UnsafeBufferPointer<Double>) {
        count = values.count
        // The histogram's pass sums the values too (in the same order, so
        // the same sum to the bit) and finds any negative one.
        var negative = false
        let histogram = LogHistogram(values, negative: &negative)
        self.histogram = histogram
        let q: [Double]
        if !negative {
            mean = count > 0 ? histogram.sum / Double(count) : .nan
            // The histogram says where each wanted rank lies: one more pass
            // over the values instead of a selection's three.
            q = Self.interpolated(count: count) { histogram.orderStatistics(ranks: $0, of: values) }
        } else {
            var sum = 0.0
            for x in values { sum += x }
            mean = sum / Double(count)
            q = Self.sortedPercentiles(values, Self.fractions)
        }
        p50 = q[0]; p90 = q[1]; p95 = q[2]
    }

    /// The `fractions`-quantiles of `count` values whose order statistics
    /// (0-based ranks) `pick` gives, interpolated as `ofSorted` does.
    static func interpolated(_ fs: [Double] = fractions, count n: Int,
                             pick: ([Int]) -> [Double]) -> [Double] {
        guard n > 0 else { return fs.map { _ in .nan } }
        let lhs = fs.map { Int($0 * Double(n - 1)) }
        let ranks = Array(Set(lhs + lhs.map { Swift.min($0 + 1, n - 1) })).sorted()
        let at = Dictionary(uniqueKeysWithValues: zip(ranks, pick(ranks)))
        return zip(fs, lhs).map { f, l in
            let delta = f * Double(n - 1) - Double(l)
            return l >= n - 1 ? at[n - 1]! : (1 - delta) * at[l]! + delta * at[l + 1]!
        }
    }

    /// The `fs`-quantiles of `values`, as `ofSorted` of the sorted values
    /// (for values with a negative one, which the histogram cannot place).
    static func sortedPercentiles(_ values: UnsafeBufferPointer<Double>, _ fs: [Double]) -> [Double] {
        let sorted = values.sorted()
        return fs.map { ofSorted(sorted, $0) }
    }

    /// The summary of no value.
    public static let empty: ReplicationSample = {
        var none: [Double] = []
        return ReplicationSample(values: &none)
    }()

    /// The exact percentile `f` of this replication, by fraction.
    public func percentile(_ f: Double) -> Double {
        switch f {
        case 0.5: p50
        case 0.9: p90
        case 0.95: p95
        default: .nan
        }
    }

    /// The `f`-quantile of ascending values with the interpolation of
    /// `gsl_stats_quantile_from_sorted_data`; NaN when empty.
    public static func ofSorted(_ sorted: [Double], _ f: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let index = f * Double(sorted.count - 1)
        let lhs = Int(index)
        let delta = index - Double(lhs)
        if lhs >= sorted.count - 1 { return sorted[sorted.count - 1] }
        return (1 - delta) * sorted[lhs] + delta * sorted[lhs + 1]
    }
}
