import CGSL
import Foundation
import MusterEngine
import Testing
@testable import MusterABC

/// ABC-SMC against posteriors known in closed form, through the same code
/// the calibration uses, with pyABC's thresholds for the same test
/// (test_gaussian_single / test_exponential... in pyABC's suite): largest
/// CDF difference < 0.12, mean within 0.07 sd, sd within 10 %.
@Suite struct KnownPosteriorTests {
    /// Largest difference between the population's weighted CDF and `exact`.
    static func ksDistance(_ p: ABCPopulation, _ exact: (Double) -> Double) -> Double {
        let order = p.particles.indices.sorted { p.particles[$0][0] < p.particles[$1][0] }
        var c = 0.0, worst = 0.0
        for i in order {
            let f = exact(p.particles[i][0])
            worst = max(worst, abs(c - f))
            c += p.weights[i]
            worst = max(worst, abs(c - f))
        }
        return worst
    }

    static func check(_ p: ABCPopulation, mean: Double, sd: Double, cdf: (Double) -> Double) {
        let ks = ksDistance(p, cdf)
        #expect(ks < 0.12, "CDF difference \(ks)")
        #expect(abs(p.mean(0) - mean) < 0.07 * sd, "mean \(p.mean(0)) vs \(mean)")
        #expect(abs(p.sd(0) / sd - 1) < 0.10, "sd \(p.sd(0)) vs \(sd)")
    }

    @Test func normalMeanWithKnownVarianceAndNormalPrior() {
        // x_1..x_n ~ N(mu, 1), mu ~ N(0, 1): mu | x ~ N(n x̄ / (n + 1), 1 / (n + 1)).
        let n = 10.0, xbar = 0.8
        let postMean = n * xbar / (n + 1), postSD = (1 / (n + 1)).squareRoot()
        let abc = ABCSMC(priors: [Prior(.normal(mean: 0, sd: 1))], observed: [xbar],
                         settings: ABCSettings(populationSize: 2000, maxGenerations: 6, seed: 1))
        let state = abc.run(threads: 2) { theta, key in
            // The sample mean is sufficient: draw it directly.
            let rng = RandomStream.sequential(key: key)
            return [theta[0] + gsl_ran_gaussian(UnsafeMutablePointer(rng.rng), (1 / n).squareRoot())]
        }
        let last = state.populations.last!
        Self.check(last, mean: postMean, sd: postSD) { gsl_cdf_gaussian_P($0 - postMean, postSD) }
        #expect(last.effectiveSampleSize > 600)
    }

    @Test func exponentialRateWithGammaPrior() {
        // x_1..x_n ~ Exp(rate λ), λ ~ Gamma(shape a, rate b):
        // λ | x ~ Gamma(a + n, b + Σx).
        let n = 20.0, a = 2.0, b = 1.0, sum = 8.0
        let shape = a + n, rate = b + sum
        let abc = ABCSMC(priors: [Prior(.gamma(shape: a, scale: 1 / b))], observed: [sum / n],
                         settings: ABCSettings(populationSize: 2000, maxGenerations: 6, seed: 1))
        let state = abc.run(threads: 2) { theta, key in
            let rng = RandomStream.sequential(key: key)
            // The sum of n exponential times is Gamma(n, 1/λ).
            return [gsl_ran_gamma(UnsafeMutablePointer(rng.rng), n, 1 / theta[0]) / n]
        }
        let last = state.populations.last!
        Self.check(last, mean: shape / rate, sd: shape.squareRoot() / rate) { gsl_cdf_gamma_P($0, shape, 1 / rate) }
    }
}
