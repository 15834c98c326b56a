import MusterEngine

/// Figures of a measure with many values per replication (the close times
/// of a replication's incidents), from each replication's summary
/// (`ReplicationSample`), on two stated bases:
///
/// - `figures.mean`, `ci95`, `sd` and `count` (`n` in JSON) are over the
///   replication means: the mean of the means, its t-interval, their sd,
///   the number of replications with a value. Values within one replication
///   share its queues and are not independent, so only replications give
///   an honest interval.
/// - `figures.min`, `p5` … `p99`, `max` describe the pooled distribution of
///   every value of every replication, read from the merged histograms
///   (within `LogHistogram.relativeError` of the exact percentiles; min and
///   max exact).
/// - `p50CI`, `p90CI`, `p95CI` are sectioning intervals (Asmussen and
///   Glynn, *Stochastic Simulation*, 2007, §III.5): centred on the pooled
///   percentile, half-width t(0.975, n − 1) × sd (`TInterval.halfWidth`) of the replications' own
///   percentiles / √n; NaN with fewer than `minimumSections` replications.
///   Their `coverage` is the nominal 0.95.
///
/// `pooledCount` and `pooledMean` are the pooled count and mean, kept apart
/// from `figures` so no key mixes the two bases.
public struct SectionedStatistics: Sendable, Equatable {
    public var figures: SummaryStatistics
    /// Values pooled over every replication.
    public var pooledCount: Int
    /// Mean of the pooled values; NaN with none.
    @Figure public var pooledMean: Double
    /// The pooled distribution.
    public var histogram: LogHistogram

    /// Replications needed for a percentile interval: fewer give a t
    /// quantile so large (12.7 for two) that the interval says nothing.
    public static let minimumSections = 5

    public init(samples: [ReplicationSample]) {
        var figures = SummaryStatistics(values: samples.map(\.mean))
        var pooled = LogHistogram()
        for s in samples { pooled.merge(s.histogram) }
        let q = Quantile.reported.map { pooled.quantile($0) }
        figures.min = q[0]; figures.p5 = q[1]; figures.p10 = q[2]; figures.p25 = q[3]; figures.p50 = q[4]
        figures.p75 = q[5]; figures.p90 = q[6]; figures.p95 = q[7]; figures.p99 = q[8]; figures.max = q[9]
        func sectioned(_ f: Double) -> PercentileInterval {
            let sections = samples.map { $0.percentile(f) }.filter(\.isFinite)
            let centre = pooled.quantile(f)
            guard sections.count >= Self.minimumSections, centre.isFinite else {
                return PercentileInterval(low: .nan, high: .nan, coverage: .nan)
            }
            let sd = SummaryStatistics(values: sections).sd
            let half = TInterval.halfWidth(sd: sd, count: sections.count)
            return PercentileInterval(low: centre - half, high: centre + half, coverage: 0.95)
        }
        figures.p50CI = sectioned(0.5)
        figures.p90CI = sectioned(0.9)
        figures.p95CI = sectioned(0.95)
        self.figures = figures
        pooledCount = pooled.count
        pooledMean = pooled.mean
        histogram = pooled
    }
}
