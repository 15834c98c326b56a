import CGSL
import Foundation

/// The law of an uncertain input of a sensitivity design, mapped from the
/// unit interval by its inverse distribution function, so a design point u
/// in (0, 1) becomes the input's u-quantile.
public enum InputDistribution: Sendable, Equatable {
    /// Uniform on [low, high].
    case uniform(low: Double, high: Double)
    /// Log-uniform on [low, high], low > 0.
    case logUniform(low: Double, high: Double)
    /// Triangular on [low, high] with its peak at `mode`.
    case triangular(low: Double, mode: Double, high: Double)
    /// Normal with this mean and standard deviation.
    case normal(mean: Double, sd: Double)
    /// Lognormal with this mean and standard deviation (of the value itself,
    /// as scenario files give a lognormal duration).
    case lognormal(mean: Double, sd: Double)

    /// The u-quantile. Bounded laws map 0 and 1 to their ends; unbounded
    /// ones need u strictly inside (0, 1).
    public func quantile(_ u: Double) -> Double {
        switch self {
        case .uniform(let a, let b):
            return a + u * (b - a)
        case .logUniform(let a, let b):
            return exp(log(a) + u * (log(b) - log(a)))
        case .triangular(let a, let c, let b):
            guard b > a else { return a }
            let f = (c - a) / (b - a)
            return u < f ? a + ((b - a) * (c - a) * u).squareRoot() : b - ((b - a) * (b - c) * (1 - u)).squareRoot()
        case .normal(let m, let s):
            return m + gsl_cdf_gaussian_Pinv(u, s)
        case .lognormal(let m, let s):
            let sigma2 = log(1 + (s * s) / (m * m))
            return gsl_cdf_lognormal_Pinv(u, log(m) - sigma2 / 2, sigma2.squareRoot())
        }
    }

    /// Whether the law has finite ends (a Morris grid may then use them).
    public var isBounded: Bool {
        switch self {
        case .uniform, .logUniform, .triangular: true
        case .normal, .lognormal: false
        }
    }
}
