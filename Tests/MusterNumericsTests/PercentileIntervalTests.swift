import Foundation
import Testing
import MusterEngine
import MusterTestSupport
@testable import MusterNumerics

@Suite struct PercentileIntervalTests {
    /// The textbook case: for the median of 10 values, [X(2), X(9)] with
    /// coverage P(2 ≤ B ≤ 8), B ~ Binomial(10, ½) = (1013 − 11) / 1024.
    @Test func medianOfTenUsesRanksTwoAndNine() {
        let r = PercentileInterval.ranks(n: 10, quantile: 0.5)
        #expect(r.lower == 2 && r.upper == 9)
        #expect(close(r.coverage, 1002.0 / 1024, 1e-12))
        let i = PercentileInterval(sorted: (1...10).map(Double.init), quantile: 0.5)
        #expect(i.low == 2 && i.high == 9)
    }

    /// The 95th percentile has a 95 % upper bound only when even the largest
    /// of n values exceeds it with probability ≥ 0.975: 1 − 0.95ⁿ ≥ 0.975,
    /// n ≥ 72 (0.95⁷¹ = 0.0262, 0.95⁷² = 0.0249).
    @Test func upperBoundOfP95NeedsSeventyTwoValues() {
        #expect(PercentileInterval.ranks(n: 71, quantile: 0.95).upper == nil)
        #expect(PercentileInterval.ranks(n: 72, quantile: 0.95).upper == 72)
        let few = PercentileInterval(sorted: (1...20).map(Double.init), quantile: 0.95)
        #expect(few.high.isNaN && !few.low.isNaN)
        #expect(PercentileInterval(sorted: [], quantile: 0.5).coverage.isNaN)
    }

    /// Every equal-tailed interval covers at least 95 %.
    @Test func coverageIsAtLeastTheLevel() {
        for n in [10, 25, 50, 100, 200, 1000] {
            for q in [0.5, 0.9, 0.95] {
                let r = PercentileInterval.ranks(n: n, quantile: q)
                #expect(r.coverage >= 0.95, "n \(n) q \(q): \(r.coverage)")
                if let l = r.lower, let u = r.upper { #expect(l < u) }
            }
        }
    }

    /// Exponential draws (quantiles ln 2, ln 10, ln 20 for mean 1): across
    /// 1000 samples of 100, the interval contains the true quantile as
    /// often as its exact coverage says, within 4 binomial standard errors.
    @Test(arguments: [(0.5, log(2.0)), (0.9, log(10.0)), (0.95, log(20.0))])
    func coverageOfExponentialDraws(quantile: Double, truth: Double) {
        let stream = RandomStream.sequential(key: 20240601)
        let sampler = Distribution.exponential(mean: 1).sampler
        let trials = 1000, n = 100
        var covered = 0
        for _ in 0..<trials {
            let sorted = (0..<n).map { _ in sampler.sample(stream) }.sorted()
            let i = PercentileInterval(sorted: sorted, quantile: quantile)
            if i.low <= truth && truth <= i.high { covered += 1 }
        }
        let exact = PercentileInterval.ranks(n: n, quantile: quantile).coverage
        let se = (exact * (1 - exact) / Double(trials)).squareRoot()
        let observed = Double(covered) / Double(trials)
        #expect(abs(observed - exact) <= 4 * se, "observed \(observed), exact \(exact)")
    }
}
