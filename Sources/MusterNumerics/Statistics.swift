import MusterEngine

/// Figures of one measure across replications (docs/model.md, "What is
/// measured"; docs/statistics.md, "Summaries across replications").
///
/// Non-finite values (NaN, ±infinity) are left out of every figure and
/// counted in `nonFinite`: a single `.infinity` (say, an order that never
/// completed) would otherwise turn the mean, sd and interval into
/// infinity or NaN and hide every other replication. Reports should show
/// `nonFinite` whenever it is not zero.
///
/// With no finite value every figure is NaN (rendered `null` in JSON).
/// With one, sd is 0 and the interval is `[mean, mean]`.
///
/// Equality treats NaN as equal to NaN, so that two summaries of the same
/// (possibly empty) input compare equal.
public struct SummaryStatistics: Sendable, Equatable {
    /// Finite values the figures were computed from.
    public var count: Int
    /// Values left out because they were NaN or infinite.
    public var nonFinite: Int
    @Figure public var mean: Double
    @Figure public var ci95Low: Double
    @Figure public var ci95High: Double
    /// Sample standard deviation (n − 1 denominator).
    @Figure public var sd: Double
    @Figure public var min: Double
    @Figure public var p5: Double
    @Figure public var p10: Double
    @Figure public var p25: Double
    @Figure public var p50: Double
    @Figure public var p75: Double
    @Figure public var p90: Double
    @Figure public var p95: Double
    @Figure public var p99: Double
    @Figure public var max: Double
    /// Distribution-free 95 % intervals of the 50th, 90th and 95th
    /// percentiles (order statistics); every field NaN for pooled measures,
    /// whose values are not independent draws.
    public var p50CI: PercentileInterval
    public var p90CI: PercentileInterval
    public var p95CI: PercentileInterval

    /// Half the width of the 95 % interval (the "± x" of a report).
    public var ci95HalfWidth: Double { (ci95High - ci95Low) / 2 }

    /// Figures of one value per replication; the interval is the
    /// t-interval of the mean.
    public init(values: [Double]) {
        let finite = values.filter(\.isFinite)
        let sorted = finite.sorted()
        self.init(finite: finite, nonFinite: values.count - finite.count,
                  percentiles: Quantile.ofSorted(sorted, Quantile.reported))
        p50CI = PercentileInterval(sorted: sorted, quantile: 0.50)
        p90CI = PercentileInterval(sorted: sorted, quantile: 0.90)
        p95CI = PercentileInterval(sorted: sorted, quantile: 0.95)
    }

    /// Mean, sd and t-interval of `finite`; `percentiles` holds min,
    /// `Quantile.reported` and max.
    private init(finite: [Double], nonFinite: Int, percentiles q: [Double]) {
        let interval = TInterval(finite)
        count = finite.count
        self.nonFinite = nonFinite
        mean = interval.mean
        ci95Low = interval.low
        ci95High = interval.high
        sd = interval.sd
        min = q[0]; p5 = q[1]; p10 = q[2]; p25 = q[3]; p50 = q[4]
        p75 = q[5]; p90 = q[6]; p95 = q[7]; p99 = q[8]; max = q[9]
        let none = PercentileInterval(low: .nan, high: .nan, coverage: .nan)
        p50CI = none; p90CI = none; p95CI = none
    }

    /// Figures of a pooled measure (one value per micro-grid, all
    /// replications together): mean, sd, min, max and percentiles over
    /// `pooled`; the interval from `replicationMeans`, because micro-grids of
    /// one replication share its relay and are not independent draws.
    ///
    /// The interval is centred on the mean of the replication means, which
    /// differs slightly from the pooled mean when replications have
    /// different numbers of micro-grids. With fewer than two finite
    /// replication means the interval is `[mean, mean]`.
    ///
    /// Pooled measures run to millions of values and need no percentile
    /// interval, so the percentiles come from order statistics picked
    /// without sorting everything (`Quantile.of`).
    public init(pooled: [Double], replicationMeans: [Double]) {
        let finite = pooled.filter(\.isFinite)
        // Micro-grids of one replication share its relay: order statistics
        // of pooled values would claim a precision they do not have, so the
        // percentile intervals stay NaN.
        self.init(finite: finite, nonFinite: pooled.count - finite.count,
                  percentiles: Quantile.of(finite, Quantile.reported))
        let interval = TInterval(replicationMeans.filter(\.isFinite))
        if interval.count >= 2 {
            ci95Low = interval.low
            ci95High = interval.high
        } else {
            ci95Low = mean
            ci95High = mean
        }
    }


    private var figures: [Double] {
        [mean, ci95Low, ci95High, sd, min, p5, p10, p25, p50, p75, p90, p95, p99, max]
    }
}

/// A mean and its 95 % t-interval: the paired comparison between modes.
///
/// Non-finite values (a ratio over a zero p2p time, say) are left out and
/// counted in `nonFinite`. Equality treats NaN as equal to NaN.
public struct MeanInterval: Sendable, Equatable {
    /// Finite values the figures were computed from.
    public var count: Int
    /// Values left out because they were NaN or infinite.
    public var nonFinite: Int
    @Figure public var mean: Double
    @Figure public var ci95Low: Double
    @Figure public var ci95High: Double

    public var ci95HalfWidth: Double { (ci95High - ci95Low) / 2 }

    public init(values: [Double]) {
        let finite = values.filter(\.isFinite)
        let interval = TInterval(finite)
        count = finite.count
        nonFinite = values.count - finite.count
        mean = interval.mean
        ci95Low = interval.low
        ci95High = interval.high
    }
}
