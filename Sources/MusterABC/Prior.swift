import CGSL
import Foundation

/// The prior law of one inferred parameter, optionally truncated to
/// `[lower, upper]` (the parameter's allowed range). Densities are of the
/// truncated law, normalised.
public struct Prior: Sendable, Equatable, Codable {
    public enum Law: Sendable, Equatable, Codable {
        /// Uniform on [low, high].
        case uniform(low: Double, high: Double)
        /// Log-uniform on [low, high], low > 0.
        case logUniform(low: Double, high: Double)
        /// Normal with this mean and standard deviation.
        case normal(mean: Double, sd: Double)
        /// Lognormal with this mean and standard deviation of the value itself.
        case lognormal(mean: Double, sd: Double)
        /// Triangular on [low, high] with its peak at `mode`.
        case triangular(low: Double, mode: Double, high: Double)
        /// Gamma with this shape and scale (mean shape × scale).
        case gamma(shape: Double, scale: Double)
    }

    public var law: Law
    public var lower: Double
    public var upper: Double

    /// `law` cut to `[lower, upper]` (intersected with the law's own support).
    public init(_ law: Law, lower: Double = -.infinity, upper: Double = .infinity) {
        self.law = law
        let (a, b) = law.support
        self.lower = max(lower, a); self.upper = min(upper, b)
    }

    /// Why a prior is not usable, or nil.
    public var problem: String? {
        switch law {
        case .uniform(let a, let b), .logUniform(let a, let b):
            if !(a.isFinite && b.isFinite && a < b) { return "the range must have finite ends, low < high" }
            if case .logUniform = law, a <= 0 { return "a log-uniform range needs low > 0" }
        case .normal(let m, let s), .lognormal(let m, let s):
            if !(m.isFinite && s.isFinite && s > 0) { return "mean must be finite and sd > 0" }
            if case .lognormal = law, m <= 0 { return "a lognormal needs mean > 0" }
        case .triangular(let a, let c, let b):
            if !(a.isFinite && b.isFinite && a < b && a <= c && c <= b) { return "needs low <= mode <= high, low < high" }
        case .gamma(let k, let s):
            if !(k.isFinite && s.isFinite && k > 0 && s > 0) { return "shape and scale must be > 0" }
        }
        if !(lower < upper) { return "the bounds leave no room: lower \(lower) is not below upper \(upper)" }
        if mass <= 1e-12 { return "the bounds [\(lower), \(upper)] hold almost none of the law's probability" }
        return nil
    }

    /// The value at the u-quantile of the truncated law, u in (0, 1).
    public func quantile(_ u: Double) -> Double {
        let lo = law.cdf(lower), hi = law.cdf(upper)
        let x = law.quantile(lo + u * (hi - lo))
        return min(max(x, lower), upper)
    }

    /// Cumulative probability of the truncated law at x.
    public func cdf(_ x: Double) -> Double {
        if x <= lower { return 0 }
        if x >= upper { return 1 }
        let lo = law.cdf(lower)
        return (law.cdf(x) - lo) / mass
    }

    /// Density of the truncated law at x (0 outside the bounds).
    public func density(_ x: Double) -> Double {
        guard x >= lower, x <= upper else { return 0 }
        return law.density(x) / mass
    }

    /// Probability of `[lower, upper]` under the untruncated law.
    var mass: Double { law.cdf(upper) - law.cdf(lower) }

    /// Mean of the truncated law, by quadrature of its quantile function
    /// (midpoints of 4,000 equal slices of probability).
    public var mean: Double {
        let n = 4000
        return (0..<n).reduce(0.0) { $0 + quantile((Double($1) + 0.5) / Double(n)) } / Double(n)
    }
}

extension Prior.Law {
    /// Where the law puts probability.
    var support: (Double, Double) {
        switch self {
        case .uniform(let a, let b), .logUniform(let a, let b), .triangular(let a, _, let b): (a, b)
        case .normal: (-.infinity, .infinity)
        case .lognormal, .gamma: (0, .infinity)
        }
    }

    /// Log-scale parameters of a lognormal given by the mean and sd of the value.
    private static func logScale(_ m: Double, _ s: Double) -> (mu: Double, sigma: Double) {
        let s2 = log(1 + (s * s) / (m * m))
        return (log(m) - s2 / 2, s2.squareRoot())
    }

    func cdf(_ x: Double) -> Double {
        switch self {
        case .uniform(let a, let b):
            return x <= a ? 0 : x >= b ? 1 : (x - a) / (b - a)
        case .logUniform(let a, let b):
            return x <= a ? 0 : x >= b ? 1 : (log(x) - log(a)) / (log(b) - log(a))
        case .normal(let m, let s):
            return x == .infinity ? 1 : x == -.infinity ? 0 : gsl_cdf_gaussian_P(x - m, s)
        case .lognormal(let m, let s):
            if x <= 0 { return 0 }
            if x == .infinity { return 1 }
            let (mu, sigma) = Self.logScale(m, s)
            return gsl_cdf_lognormal_P(x, mu, sigma)
        case .triangular(let a, let c, let b):
            if x <= a { return 0 }
            if x >= b { return 1 }
            return x <= c ? (x - a) * (x - a) / ((b - a) * (c - a)) : 1 - (b - x) * (b - x) / ((b - a) * (b - c))
        case .gamma(let k, let s):
            if x <= 0 { return 0 }
            if x == .infinity { return 1 }
            return gsl_cdf_gamma_P(x, k, s)
        }
    }

    func quantile(_ p: Double) -> Double {
        let u = min(max(p, 1e-300), 1 - 1e-16)
        switch self {
        case .uniform(let a, let b): return a + p * (b - a)
        case .logUniform(let a, let b): return exp(log(a) + p * (log(b) - log(a)))
        case .normal(let m, let s): return m + gsl_cdf_gaussian_Pinv(u, s)
        case .lognormal(let m, let s):
            let (mu, sigma) = Self.logScale(m, s)
            return gsl_cdf_lognormal_Pinv(u, mu, sigma)
        case .triangular(let a, let c, let b):
            let f = (c - a) / (b - a)
            return p < f ? a + ((b - a) * (c - a) * p).squareRoot() : b - ((b - a) * (b - c) * (1 - p)).squareRoot()
        case .gamma(let k, let s): return gsl_cdf_gamma_Pinv(u, k, s)
        }
    }

    func density(_ x: Double) -> Double {
        switch self {
        case .uniform(let a, let b): return x < a || x > b ? 0 : 1 / (b - a)
        case .logUniform(let a, let b): return x < a || x > b ? 0 : 1 / (x * (log(b) - log(a)))
        case .normal(let m, let s): return gsl_ran_gaussian_pdf(x - m, s)
        case .lognormal(let m, let s):
            if x <= 0 { return 0 }
            let (mu, sigma) = Self.logScale(m, s)
            return gsl_ran_lognormal_pdf(x, mu, sigma)
        case .triangular(let a, let c, let b):
            if x < a || x > b { return 0 }
            return x <= c ? (c == a ? 2 / (b - a) : 2 * (x - a) / ((b - a) * (c - a)))
                : (b == c ? 2 / (b - a) : 2 * (b - x) / ((b - a) * (b - c)))
        case .gamma(let k, let s): return x < 0 ? 0 : gsl_ran_gamma_pdf(x, k, s)
        }
    }
}
