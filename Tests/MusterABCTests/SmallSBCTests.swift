import CGSL
import Foundation
import MusterEngine
import Testing
@testable import MusterABC

/// A small simulation-based calibration (Talts et al. 2018) of the engine,
/// the CI version of scripts/sbc-calibrate.py: datasets drawn from the
/// prior predictive of the normal-mean model, each fitted; the truth's
/// 95 % credible interval must cover it in a share consistent with 95 %
/// (a loose bound: at least 24 of 30, where Binomial(30, 0.95) falls
/// below 25 with probability 0.016), and its rank among the posterior is
/// not piled at one end.
@Suite struct SmallSBCTests {
    @Test func credibleIntervalsCoverTheTruth() {
        let n = 10.0
        var covered = 0
        var low = 0, high = 0
        let datasets = 30
        for d in 0..<datasets {
            let rng = RandomStream.sequential(key: StreamKey(seed: 77).child(UInt64(d)).value)
            let r = UnsafeMutablePointer<gsl_rng>(rng.rng)
            let truth = gsl_ran_ugaussian(r)
            let xbar = truth + gsl_ran_gaussian(r, (1 / n).squareRoot())
            let abc = ABCSMC(priors: [Prior(.normal(mean: 0, sd: 1))], observed: [xbar],
                             settings: ABCSettings(populationSize: 300, maxGenerations: 4, seed: UInt64(100 + d)))
            let post = abc.run(threads: 2) { theta, key in
                let s = RandomStream.sequential(key: key)
                return [theta[0] + gsl_ran_gaussian(UnsafeMutablePointer(s.rng), (1 / n).squareRoot())]
            }.populations.last!
            if post.quantile(0, 0.025) <= truth && truth <= post.quantile(0, 0.975) { covered += 1 }
            let rank = post.cdf(0, truth)
            if rank < 0.1 { low += 1 }
            if rank > 0.9 { high += 1 }
        }
        #expect(covered >= 24, "\(covered) of \(datasets) intervals cover the truth")
        // Under calibration about 3 of 30 ranks fall in each 10 % tail.
        #expect(low <= 9 && high <= 9, "ranks in the tails: \(low) low, \(high) high")
    }
}
