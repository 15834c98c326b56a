import CGSL
import MusterEngine
import MusterModel
import MusterScenario
import MusterStats

/// Figures of one measure of one point in one mode across its replications.
///
/// Mean, sd and the t-interval follow MODEL.md's Semantics item 12 (they
/// come from `SummaryStatistics`). p50 and p90 carry distribution-free 95 %
/// intervals from order statistics (`QuantileInterval`), NaN (NULL in the
/// store, empty in CSV) where too few replications allow none.
public struct PointSummary: Sendable, Equatable {
    public var point: Int
    public var mode: Mode
    public var measure: SweepMeasure
    /// Finite values used.
    public var n: Int
    public var nonFinite: Int
    public var mean: Double
    public var ci95Low: Double
    public var ci95High: Double
    public var sd: Double
    public var p50: Double
    public var p50Low: Double
    public var p50High: Double
    public var p90: Double
    public var p90Low: Double
    public var p90High: Double

    /// Column names in the store and in summary.csv, after point, mode, measure.
    public static let figureNames = ["n", "non_finite", "mean", "ci95_low", "ci95_high", "sd",
                                     "p50", "p50_low", "p50_high", "p90", "p90_low", "p90_high"]

    public init(point: Int, mode: Mode, measure: SweepMeasure, values: [Double]) {
        GSLRuntime.configure()
        let s = SummaryStatistics(values: values)
        let sorted = values.filter(\.isFinite).sorted()
        let q50 = QuantileInterval(sorted: sorted, quantile: 0.5)
        let q90 = QuantileInterval(sorted: sorted, quantile: 0.9)
        self.init(point: point, mode: mode, measure: measure, figures: [
            Double(s.count), Double(s.nonFinite), s.mean, s.ci95Low, s.ci95High, s.sd,
            s.p50, q50.low, q50.high, s.p90, q90.low, q90.high,
        ])
    }

    /// Rebuilds a summary from its figures in `figureNames` order.
    public init(point: Int, mode: Mode, measure: SweepMeasure, figures f: [Double]) {
        precondition(f.count == Self.figureNames.count)
        self.point = point; self.mode = mode; self.measure = measure
        n = Int(f[0]); nonFinite = Int(f[1]); mean = f[2]; ci95Low = f[3]; ci95High = f[4]; sd = f[5]
        p50 = f[6]; p50Low = f[7]; p50High = f[8]; p90 = f[9]; p90Low = f[10]; p90High = f[11]
    }

    /// Figures in `figureNames` order.
    public var figures: [Double] {
        [Double(n), Double(nonFinite), mean, ci95Low, ci95High, sd, p50, p50Low, p50High, p90, p90Low, p90High]
    }

    public static func == (a: PointSummary, b: PointSummary) -> Bool {
        a.point == b.point && a.mode == b.mode && a.measure == b.measure
            && zip(a.figures, b.figures).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
    }
}

/// A distribution-free 95 % interval for a quantile: order statistics
/// [x₍l₎, x₍u₎] with B ~ Binomial(n, q) the count of values below the true
/// quantile, l the largest rank with P(B ≤ l − 1) ≤ 0.025 and u the
/// smallest with P(B ≤ u − 1) ≥ 0.975, so the coverage is at least 95 %
/// for any continuous distribution. A side with no such rank is NaN
/// (the upper end of p90 needs at least 36 replications: 0.9³⁵ > 0.025).
public struct QuantileInterval: Sendable, Equatable {
    /// 1-based ranks, nil where none qualifies.
    public var lowRank: Int?
    public var highRank: Int?
    public var low: Double
    public var high: Double

    public init(sorted: [Double], quantile q: Double) {
        let n = sorted.count
        (lowRank, highRank) = Self.ranks(n: n, quantile: q)
        low = lowRank.map { sorted[$0 - 1] } ?? .nan
        high = highRank.map { sorted[$0 - 1] } ?? .nan
    }

    /// The ranks for a sample of `n`.
    public static func ranks(n: Int, quantile q: Double) -> (Int?, Int?) {
        guard n > 0 else { return (nil, nil) }
        func cdf(_ k: Int) -> Double { k < 0 ? 0 : gsl_cdf_binomial_P(UInt32(k), q, UInt32(n)) }
        var low: Int?
        for l in stride(from: n, through: 1, by: -1) where cdf(l - 1) <= 0.025 {
            low = l
            break
        }
        var high: Int?
        for u in 1...n where cdf(u - 1) >= 0.975 {
            high = u
            break
        }
        return (low, high)
    }
}
