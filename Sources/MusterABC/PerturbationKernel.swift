import Foundation

/// The multivariate normal perturbation kernel of ABC-SMC: covariance
/// twice the weighted covariance of the previous population (Beaumont et
/// al. 2009; Filippi et al. 2013 show it is optimal among such kernels for
/// a Gaussian-like posterior).
public struct PerturbationKernel: Sendable, Equatable {
    public let covariance: [[Double]]
    /// Lower Cholesky factor of `covariance`.
    let chol: [[Double]]
    /// log((2π)^d |Σ|) / 2.
    let logNorm: Double

    /// The kernel of a weighted population (weights sum to 1), scaled by
    /// `scale` (2 in Beaumont et al.).
    public init(particles: [[Double]], weights: [Double], scale: Double = 2) {
        let d = particles.first?.count ?? 0
        var mean = [Double](repeating: 0, count: d)
        for (p, w) in zip(particles, weights) { for k in 0..<d { mean[k] += w * p[k] } }
        var cov = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        for (p, w) in zip(particles, weights) {
            for a in 0..<d { for b in 0...a { cov[a][b] += w * (p[a] - mean[a]) * (p[b] - mean[b]) } }
        }
        // Unbiased for weighted samples: divide by 1 − Σw².
        let ess = 1 - weights.reduce(0) { $0 + $1 * $1 }
        for a in 0..<d {
            for b in 0...a {
                cov[a][b] *= scale / max(ess, 1e-12)
                cov[b][a] = cov[a][b]
            }
        }
        // A parameter on which all particles agree would make Σ singular:
        // give it a small spread relative to its value.
        for a in 0..<d where !(cov[a][a] > 1e-300) {
            cov[a][a] = max(1e-12, pow(1e-3 * abs(mean[a]), 2))
        }
        self.init(covariance: cov)
    }

    public init(covariance: [[Double]]) {
        self.covariance = covariance
        let d = covariance.count
        var jitter = 0.0
        var l: [[Double]] = []
        // Cholesky, with a growing ridge if rounding made Σ not quite positive definite.
        for _ in 0..<20 {
            if let f = Self.cholesky(covariance, ridge: jitter) { l = f; break }
            jitter = jitter == 0 ? 1e-12 * (0..<d).map { covariance[$0][$0] }.max()! : jitter * 10
        }
        chol = l
        logNorm = Double(d) / 2 * log(2 * Double.pi) + (0..<d).reduce(0) { $0 + log(l[$1][$1]) }
    }

    static func cholesky(_ a: [[Double]], ridge: Double) -> [[Double]]? {
        let d = a.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: d), count: d)
        for i in 0..<d {
            for j in 0...i {
                var s = a[i][j] + (i == j ? ridge : 0)
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                if i == j {
                    guard s > 0 else { return nil }
                    l[i][i] = s.squareRoot()
                } else {
                    l[i][j] = s / l[j][j]
                }
            }
        }
        return l
    }

    /// `center` moved by L z, for standard normal `z`.
    public func perturb(_ center: [Double], z: [Double]) -> [Double] {
        var x = center
        for i in x.indices { for k in 0...i { x[i] += chol[i][k] * z[k] } }
        return x
    }

    /// Log density of N(center, Σ) at x.
    public func logDensity(_ x: [Double], center: [Double]) -> Double {
        // Solve L y = x − center; the quadratic form is |y|².
        let d = x.count
        var y = [Double](repeating: 0, count: d)
        var q = 0.0
        for i in 0..<d {
            var s = x[i] - center[i]
            for k in 0..<i { s -= chol[i][k] * y[k] }
            y[i] = s / chol[i][i]
            q += y[i] * y[i]
        }
        return -0.5 * q - logNorm
    }
}
