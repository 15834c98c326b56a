import CGSL
import MusterEngine

/// The exact (Clopper–Pearson) confidence interval of a binomial
/// proportion: k successes in n trials. Used to state measured error rates
/// of the regression gate with their uncertainty.
public enum ProportionInterval {
    /// Bounds of the two-sided `level` interval; `n` ≥ 1, 0 ≤ `k` ≤ `n`.
    /// With k = 0 the lower bound is 0, with k = n the upper bound is 1.
    public static func clopperPearson(_ k: Int, of n: Int, level: Double = 0.95) -> (low: Double, high: Double) {
        precondition(n >= 1 && k >= 0 && k <= n)
        GSLRuntime.configure()
        let tail = (1 - level) / 2
        let low = k == 0 ? 0 : gsl_cdf_beta_Pinv(tail, Double(k), Double(n - k + 1))
        let high = k == n ? 1 : gsl_cdf_beta_Pinv(1 - tail, Double(k + 1), Double(n - k))
        return (low, high)
    }
}
