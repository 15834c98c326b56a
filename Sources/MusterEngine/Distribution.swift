import CGSL
import Foundation

/// A distribution of non-negative durations (seconds), drawn with GSL.
///
/// Parameters are those a planner reads off data: the lognormal takes the
/// mean and standard deviation of the variate itself, not of its logarithm.
/// Every draw is clamped at zero.
public enum Distribution: Sendable, Equatable, Hashable {
    case constant(Double)
    case uniform(min: Double, max: Double)
    case exponential(mean: Double)
    case lognormal(mean: Double, sd: Double)
    case gamma(shape: Double, scale: Double)
    case weibull(shape: Double, scale: Double)
    case triangular(min: Double, mode: Double, max: Double)

    /// The names accepted in scenario files, in documentation order.
    public static let names = ["constant", "uniform", "exponential", "lognormal", "gamma", "weibull", "triangular"]

    /// The mean of the distribution before clamping at zero.
    public var mean: Double {
        switch self {
        case .constant(let v): return v
        case .uniform(let a, let b): return (a + b) / 2
        case .exponential(let m): return m
        case .lognormal(let m, _): return m
        case .gamma(let k, let s): return k * s
        case .weibull(let k, let s): return s * tgamma(1 + 1 / k)
        case .triangular(let a, let c, let b): return (a + b + c) / 3
        }
    }

    /// True when every draw is the same value.
    public var isDeterministic: Bool {
        switch self {
        case .constant: return true
        case .uniform(let a, let b): return a == b
        case .lognormal(_, let sd): return sd == 0
        case .triangular(let a, _, let b): return a == b
        default: return false
        }
    }

    /// Precomputes the parameters GSL needs, once per scenario.
    public var sampler: Sampler { Sampler(self) }

    /// A distribution with its GSL parameters precomputed for the hot loop.
    public struct Sampler: Sendable, Equatable {
        @usableFromInline enum Kind: Sendable, Equatable {
            case constant, uniform, exponential, lognormal, gamma, weibull, triangular
        }
        @usableFromInline let kind: Kind
        @usableFromInline let p0: Double
        @usableFromInline let p1: Double
        @usableFromInline let p2: Double

        public init(_ d: Distribution) {
            switch d {
            case .constant(let v):
                kind = .constant; p0 = v; p1 = 0; p2 = 0
            case .uniform(let a, let b):
                kind = .uniform; p0 = a; p1 = b; p2 = 0
            case .exponential(let m):
                kind = m > 0 ? .exponential : .constant; p0 = m; p1 = 0; p2 = 0
            case .lognormal(let m, let s):
                if m <= 0 || s <= 0 {
                    kind = .constant; p0 = m; p1 = 0; p2 = 0
                } else {
                    // Moments of the variate → parameters of its logarithm.
                    let v = log(1 + (s * s) / (m * m))
                    kind = .lognormal; p0 = log(m) - v / 2; p1 = v.squareRoot(); p2 = 0
                }
            case .gamma(let k, let s):
                kind = .gamma; p0 = k; p1 = s; p2 = 0
            case .weibull(let k, let s):
                kind = .weibull; p0 = k; p1 = s; p2 = 0
            case .triangular(let a, let c, let b):
                kind = b > a ? .triangular : .constant; p0 = a; p1 = c; p2 = b
            }
        }

        /// True when a draw is always the same value and touches no random
        /// number, so a caller may skip positioning its stream.
        @inlinable public var isConstant: Bool { kind == .constant }

        /// True when every draw is 0 (a constant at or below zero, which
        /// `sample` clamps): the step takes no time.
        @inlinable public var isZero: Bool { kind == .constant && !(p0 > 0) }

        /// One draw, clamped at zero.
        @inlinable @inline(__always)
        public func sample(_ stream: RandomStream) -> Double {
            let r = UnsafeMutablePointer<gsl_rng>(stream.rng)
            let x: Double
            switch kind {
            case .constant: x = p0
            case .uniform: x = gsl_ran_flat(r, p0, p1)
            // gsl_ran_exponential's own formula, with the uniform read
            // inline instead of through GSL's generator dispatch.
            case .exponential: x = -p0 * log1p(-stream.uniform())
            // exp of a ziggurat Gaussian: the same law as gsl_ran_lognormal,
            // which uses the slower Box–Muller polar method.
            case .lognormal: x = exp(p0 + p1 * gsl_ran_gaussian_ziggurat(r, 1))
            case .gamma: x = gsl_ran_gamma(r, p0, p1)
            // GSL's weibull(a, b) has scale a and shape b.
            case .weibull: x = gsl_ran_weibull(r, p1, p0)
            case .triangular:
                // Inverse CDF; GSL has no triangular distribution.
                let u = gsl_rng_uniform(r)
                let a = p0, c = p1, b = p2
                let f = (c - a) / (b - a)
                x = u < f ? a + ((b - a) * (c - a) * u).squareRoot()
                          : b - ((b - a) * (b - c) * (1 - u)).squareRoot()
            }
            return x > 0 ? x : 0
        }
    }
}

/// A distribution of non-negative integer counts (fan-outs, households,
/// volunteers).
public enum CountDistribution: Sendable, Equatable, Hashable {
    case fixed(Int)
    /// Inclusive integer uniform.
    case range(min: Int, max: Int)
    case poisson(mean: Double)

    /// One draw from a sequential stream.
    public func sample(_ stream: RandomStream) -> Int {
        switch self {
        case .fixed(let n): return n
        case .range(let a, let b): return a + stream.uniformInt(below: b - a + 1)
        case .poisson(let m): return m > 0 ? stream.poisson(mean: m) : 0
        }
    }

    /// The expected count.
    public var mean: Double {
        switch self {
        case .fixed(let n): return Double(n)
        case .range(let a, let b): return Double(a + b) / 2
        case .poisson(let m): return m
        }
    }
}
