import CGSL
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
    public var mean: Double
    public var ci95Low: Double
    public var ci95High: Double
    /// Sample standard deviation (n − 1 denominator).
    public var sd: Double
    public var min: Double
    public var p5: Double
    public var p10: Double
    public var p25: Double
    public var p50: Double
    public var p75: Double
    public var p90: Double
    public var p95: Double
    public var p99: Double
    public var max: Double
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

    public static func == (a: SummaryStatistics, b: SummaryStatistics) -> Bool {
        a.count == b.count && a.nonFinite == b.nonFinite
            && a.figures.elementsEqual(b.figures, by: sameFigure)
            && a.p50CI == b.p50CI && a.p90CI == b.p90CI && a.p95CI == b.p95CI
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
    public var mean: Double
    public var ci95Low: Double
    public var ci95High: Double

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

    public static func == (a: MeanInterval, b: MeanInterval) -> Bool {
        a.count == b.count && a.nonFinite == b.nonFinite && sameFigure(a.mean, b.mean)
            && sameFigure(a.ci95Low, b.ci95Low) && sameFigure(a.ci95High, b.ci95High)
    }
}

/// Mean, sample sd and the 95 % t-interval of finite values.
struct TInterval {
    let count: Int
    let mean: Double
    let sd: Double
    let low: Double
    let high: Double

    /// `values` must all be finite.
    init(_ values: [Double]) {
        count = values.count
        switch values.count {
        case 0:
            mean = .nan; sd = .nan; low = .nan; high = .nan
        case 1:
            mean = values[0]; sd = 0; low = values[0]; high = values[0]
        default:
            // GSL's error handler aborts on a domain error; none is possible
            // here (n ≥ 2, P in (0,1)), but keep it off all the same.
            GSLRuntime.configure()
            let n = values.count
            let (m, s) = values.withUnsafeBufferPointer { buf -> (Double, Double) in
                let m = gsl_stats_mean(buf.baseAddress, 1, n)
                return (m, gsl_stats_sd_m(buf.baseAddress, 1, n, m))
            }
            let half = gsl_cdf_tdist_Pinv(0.975, Double(n - 1)) * s / Double(n).squareRoot()
            mean = m; sd = s; low = m - half; high = m + half
        }
    }
}

/// Percentiles by linear interpolation between order statistics.
package enum Quantile {
    /// The fractions a summary reports between its min (0) and max (1).
    package static let reported = [0, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99, 1]

    /// The `f`-quantile (0…1) of ascending finite values; NaN when empty.
    package static func ofSorted(_ sorted: [Double], _ f: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        return sorted.withUnsafeBufferPointer {
            gsl_stats_quantile_from_sorted_data($0.baseAddress, 1, sorted.count, f)
        }
    }

    /// Several quantiles; 0 and 1 give the smallest and largest value
    /// exactly (interpolation would turn a −0 into +0).
    package static func ofSorted(_ sorted: [Double], _ fs: [Double]) -> [Double] {
        fs.map { f in
            guard let first = sorted.first, let last = sorted.last else { return .nan }
            return f == 0 ? first : f == 1 ? last : ofSorted(sorted, f)
        }
    }

    /// The `fs`-quantiles of finite values in any order, equal to
    /// `ofSorted` of the sorted values: GSL's interpolation between the two
    /// order statistics around f·(n − 1), with those picked by
    /// `OrderStatistics.select` (which takes non-negative values; others
    /// are sorted).
    package static func of(_ finite: [Double], _ fs: [Double]) -> [Double] {
        let n = finite.count
        guard n > 0 else { return fs.map { _ in .nan } }
        guard finite.allSatisfy({ $0 >= 0 }) else { return ofSorted(finite.sorted(), fs) }
        // As gsl_stats_quantile_from_sorted_data: lhs = ⌊f·(n − 1)⌋.
        let lhs = fs.map { Int($0 * Double(n - 1)) }
        let ranks = Array(Set(lhs + lhs.map { Swift.min($0 + 1, n - 1) })).sorted()
        let values = Dictionary(uniqueKeysWithValues: zip(ranks, OrderStatistics.select(finite, ranks: ranks)))
        return zip(fs, lhs).map { f, l in
            if f == 0 { return values[0]! }
            let delta = f * Double(n - 1) - Double(l)
            return l == n - 1 ? values[l]! : (1 - delta) * values[l]! + delta * values[l + 1]!
        }
    }

    /// The median of the finite values of `values`; NaN when there are none.
    package static func median(_ values: [Double]) -> Double {
        ofSorted(values.filter(\.isFinite).sorted(), 0.5)
    }
}
