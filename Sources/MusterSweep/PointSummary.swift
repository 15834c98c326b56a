import MusterEngine
import MusterModel
import MusterNumerics
import MusterScenario

/// Figures of one measure of one point in one mode across its replications.
///
/// Mean, sd and the t-interval follow docs/statistics.md, "Summaries across replications" (they
/// come from `SummaryStatistics`). p50 and p90 carry distribution-free 95 %
/// intervals from order statistics (`PercentileInterval`), NaN (NULL in the
/// store, empty in CSV) where too few replications allow none.
public struct PointSummary: Sendable, Equatable {
    public var point: Int
    public var mode: Mode
    public var measure: SweepMeasure
    /// Finite values used.
    public var n: Int
    public var nonFinite: Int
    @Figure public var mean: Double
    @Figure public var ci95Low: Double
    @Figure public var ci95High: Double
    @Figure public var sd: Double
    @Figure public var p50: Double
    @Figure public var p50Low: Double
    @Figure public var p50High: Double
    @Figure public var p90: Double
    @Figure public var p90Low: Double
    @Figure public var p90High: Double

    /// Column names in the store and in summary.csv, after point, mode, measure.
    /// The interval columns spell out which interval they bound, as
    /// `summary.json`'s `ci95` and `p50_ci95` do.
    public static let figureNames = ["n", "non_finite", "mean", "ci95_low", "ci95_high", "sd",
                                     "p50", "p50_ci95_low", "p50_ci95_high", "p90", "p90_ci95_low", "p90_ci95_high"]

    public init(point: Int, mode: Mode, measure: SweepMeasure, values: [Double]) {
        GSLRuntime.configure()
        let s = SummaryStatistics(values: values)
        let sorted = values.filter(\.isFinite).sorted()
        let q50 = PercentileInterval(sorted: sorted, quantile: 0.5)
        let q90 = PercentileInterval(sorted: sorted, quantile: 0.9)
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
}
