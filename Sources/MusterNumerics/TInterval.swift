import CGSL
import MusterEngine

/// Student's t distribution: the quantiles every t-interval in Muster
/// takes (the summaries', the sectioning intervals', `optimize`'s).
public enum StudentT {
    /// The quantile t(1 − (1 − level)/2, dof) that a two-sided interval at
    /// `level` (0.95 for a 95 % interval) multiplies the standard error by;
    /// NaN for a level outside (0, 1) or fewer than one degree of freedom.
    public static func twoSidedQuantile(level: Double, degreesOfFreedom dof: Double) -> Double {
        guard level > 0, level < 1, dof >= 1 else { return .nan }
        // GSL's error handler aborts on a domain error; none is possible
        // here (dof ≥ 1, P in (0,1)), but keep it off all the same.
        GSLRuntime.configure()
        return gsl_cdf_tdist_Pinv(1 - (1 - level) / 2, dof)
    }
}

/// Mean, sample standard deviation (n − 1 denominator) and the two-sided
/// t-interval of the mean of finite values.
///
/// With no value every figure is NaN; with one, sd is 0 and the interval
/// is `[mean, mean]`.
public struct TInterval: Sendable, Equatable {
    public var count: Int
    @Figure public var mean: Double
    @Figure public var sd: Double
    @Figure public var low: Double
    @Figure public var high: Double

    /// The interval at `level` (0.95 for 95 %) of `values`, which must all
    /// be finite (callers count and leave out the others: see
    /// `SummaryStatistics`).
    public init(_ values: [Double], level: Double = 0.95) {
        count = values.count
        switch values.count {
        case 0:
            mean = .nan; sd = .nan; low = .nan; high = .nan
        case 1:
            mean = values[0]; sd = 0; low = values[0]; high = values[0]
        default:
            GSLRuntime.configure()
            let n = values.count
            let (m, s) = values.withUnsafeBufferPointer { buf -> (Double, Double) in
                let m = gsl_stats_mean(buf.baseAddress, 1, n)
                return (m, gsl_stats_sd_m(buf.baseAddress, 1, n, m))
            }
            let half = Self.halfWidth(sd: s, count: n, level: level)
            mean = m; sd = s; low = m - half; high = m + half
        }
    }

    /// Half the width of the t-interval at `level` of the mean of `count`
    /// (≥ 2) values with sample standard deviation `sd`: t · sd / √count.
    public static func halfWidth(sd: Double, count: Int, level: Double = 0.95) -> Double {
        StudentT.twoSidedQuantile(level: level, degreesOfFreedom: Double(count - 1)) * sd / Double(count).squareRoot()
    }

    /// The same half-width from the sample variance: t · √(variance / count).
    /// (Equal to `halfWidth(sd:count:level:)` in exact arithmetic; callers
    /// that have always used this form keep their results to the bit.)
    public static func halfWidth(variance: Double, count: Int, level: Double = 0.95) -> Double {
        StudentT.twoSidedQuantile(level: level, degreesOfFreedom: Double(count - 1)) * (variance / Double(count)).squareRoot()
    }
}
