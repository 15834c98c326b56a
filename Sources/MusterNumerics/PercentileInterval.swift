import CGSL
import MusterEngine

/// A distribution-free confidence interval for a quantile, from order
/// statistics.
///
/// Of n independent values, the number B at or below the true q-quantile is
/// Binomial(n, q) whatever the (continuous) distribution, so the interval
/// [X(l), X(u)] between the l-th and u-th smallest values contains the
/// quantile with probability P(l ≤ B ≤ u − 1) exactly. The ranks are chosen
/// equal-tailed: l as large and u as small as keeps each tail at most
/// (1 − level)/2, so the coverage is at least `level` (more, because B is
/// discrete). No resampling: the same values always give the same interval.
///
/// With few values a bound may not exist (the 95th percentile of 20 values
/// has no 95 % upper bound: even the largest value is below it with
/// probability 0.95²⁰ ≈ 0.36); such a bound is NaN, written `null` in JSON.
public struct PercentileInterval: Sendable, Equatable {
    /// Lower bound, NaN when no order statistic is low enough.
    @Figure public var low: Double
    /// Upper bound, NaN when no order statistic is high enough.
    @Figure public var high: Double
    /// Exact coverage of the interval for a continuous distribution, counting
    /// a missing bound as unbounded.
    @Figure public var coverage: Double

    public init(low: Double, high: Double, coverage: Double) {
        self.low = low; self.high = high; self.coverage = coverage
    }

    /// The interval for the `quantile` (0…1) of `sorted`, ascending finite
    /// values. Every field is NaN when `sorted` is empty.
    public init(sorted: [Double], quantile: Double, level: Double = 0.95) {
        guard !sorted.isEmpty else { self.init(low: .nan, high: .nan, coverage: .nan); return }
        let r = Self.ranks(n: sorted.count, quantile: quantile, level: level)
        self.init(low: r.lower.map { sorted[$0 - 1] } ?? .nan,
                  high: r.upper.map { sorted[$0 - 1] } ?? .nan,
                  coverage: r.coverage)
    }

    /// The 1-based ranks of the bounds for `n` values (nil where no bound
    /// exists) and the interval's exact coverage.
    public static func ranks(n: Int, quantile q: Double, level: Double = 0.95) -> (lower: Int?, upper: Int?, coverage: Double) {
        precondition(n >= 1 && q > 0 && q < 1 && level > 0 && level < 1)
        GSLRuntime.configure()
        let tail = (1 - level) / 2
        // F(k) = P(B ≤ k), non-decreasing in k.
        func cdf(_ k: Int) -> Double { k < 0 ? 0 : gsl_cdf_binomial_P(UInt32(k), q, UInt32(n)) }
        // Lower: the largest l in 1…n with F(l − 1) ≤ tail.
        var lower: Int? = nil
        if cdf(0) <= tail {
            var lo = 1, hi = n   // F(lo − 1) ≤ tail holds at lo
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if cdf(mid - 1) <= tail { lo = mid } else { hi = mid - 1 }
            }
            lower = lo
        }
        // Upper: the smallest u in 1…n with F(u − 1) ≥ 1 − tail.
        var upper: Int? = nil
        if cdf(n - 1) >= 1 - tail {
            var lo = 1, hi = n   // F(hi − 1) ≥ 1 − tail holds at hi
            while lo < hi {
                let mid = (lo + hi) / 2
                if cdf(mid - 1) >= 1 - tail { hi = mid } else { lo = mid + 1 }
            }
            upper = lo
        }
        let coverage = (upper.map { cdf($0 - 1) } ?? 1) - (lower.map { cdf($0 - 1) } ?? 0)
        return (lower, upper, coverage)
    }
}
