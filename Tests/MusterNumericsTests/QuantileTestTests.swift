import Foundation
import Testing
import MusterEngine
import MusterTestSupport
@testable import MusterNumerics

@Suite struct QuantileTestTests {
    /// Four against four, wholly separated: the pooled median is 4, all four
    /// new values lie above it, and the chance of that with no change is
    /// 1 / C(8, 4) = 1/70 each way: p = 2/70.
    @Test func separatedSamplesGiveTheExactTail() {
        let t = QuantileComparison(baseline: [1, 2, 3, 4], now: [5, 6, 7, 8], quantile: 0.5)
        #expect(t.above == 4)
        #expect(t.aboveExpected == 2)
        #expect(close(t.pValue, 2.0 / 70, 1e-12))
        #expect(close(t.minimumPValue, 2.0 / 70, 1e-12))
        // Var(A) = m·(K/N)·((N−K)/N)·((N−m)/(N−1)) = 4 · ½ · ½ · 4/7.
        #expect(close(t.z, 2 / (4.0 / 7).squareRoot(), 1e-12))
        // Medians 2.5 and 6.5 (linear interpolation).
        #expect(t.baseline == 2.5 && t.now == 6.5)
        #expect(close(t.change, 1.6, 1e-12))
    }

    @Test func identicalSamplesAreNotSignificant() {
        let x: [Double] = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]
        let t = QuantileComparison(baseline: x, now: x, quantile: 0.5)
        #expect(t.pValue == 1 && t.change == 0)
        #expect(t.ci95Low <= 0 && t.ci95High >= 0)
    }

    /// The 95th percentile of 20 against 20: two pooled values lie above the
    /// threshold, so the most extreme outcome has probability
    /// C(20, 2) / C(40, 2) = 190/780 each way — never significant at 1 %.
    @Test func smallestPossiblePValue() {
        let t = QuantileComparison(baseline: (1...20).map(Double.init), now: (21...40).map(Double.init), quantile: 0.95)
        #expect(close(t.minimumPValue, 2 * 190.0 / 780, 1e-12))
        #expect(close(t.pValue, t.minimumPValue, 1e-12))
    }

    /// Quantiles are the summary's (linear interpolation between order
    /// statistics), including a non-finite value ordered last.
    @Test func quantilesMatchTheSummary() {
        let x: [Double] = [7, 2, 9, 4, 4.5, 11, 3]
        for q in [0.1, 0.5, 0.9, 0.95] {
            #expect(QuantileComparison.quantile(x.sorted(), q) == Quantile.ofSorted(x.sorted(), q))
        }
        let t = QuantileComparison(baseline: [1, 2, 3, 4, 5], now: [1, 2, 3, 4, .nan], quantile: 0.5)
        #expect(t.now == 3)
        let high = QuantileComparison(baseline: [1, 2, 3, 4, 5], now: [1, 2, .infinity, .infinity, .infinity], quantile: 0.5)
        #expect(high.now == .infinity && high.change == .infinity)
    }

    /// The exact size under "nothing changed": the probability, under the
    /// hypergeometric law, of the outcomes the test rejects at `alpha`.
    static func exactSize(n: Int, m: Int, quantile q: Double, alpha: Double) -> Double {
        let total = n + m
        let rank = Int((q * Double(total)).rounded(.up))
        let h = Hypergeometric(above: total - rank, total: total, drawn: m)
        return (h.lowest...h.highest).filter { h.twoSided($0) <= alpha }
            .reduce(0.0) { $0 + h.atMost($1) - h.atMost($1 - 1) }
    }

    /// With no change (both samples lognormal), the test rejects as often as
    /// its exact size — at most α — within 4 binomial standard errors.
    @Test(arguments: [0.5, 0.9])
    func falseRejectionsMatchTheExactSize(quantile: Double) {
        let stream = RandomStream.sequential(key: 77)
        let d = Distribution.lognormal(mean: 8, sd: 1).sampler
        let trials = 2000, n = 50, alpha = 0.05
        var rejected = 0
        for _ in 0..<trials {
            let x = (0..<n).map { _ in d.sample(stream) }, y = (0..<n).map { _ in d.sample(stream) }
            if QuantileComparison(baseline: x, now: y, quantile: quantile, interval: false).pValue <= alpha { rejected += 1 }
        }
        let size = Self.exactSize(n: n, m: n, quantile: quantile, alpha: alpha)
        #expect(size <= alpha && size > 0.01)
        let se = (size * (1 - size) / Double(trials)).squareRoot()
        let observed = Double(rejected) / Double(trials)
        #expect(abs(observed - size) <= 4 * se, "observed \(observed), exact size \(size)")
    }

    /// New values 20 % slower than the baseline's distribution: the interval
    /// of the relative change contains 0.2 at least as often as 1 − size.
    @Test func intervalCoversTheTrueChange() {
        let stream = RandomStream.sequential(key: 78)
        let d = Distribution.exponential(mean: 1).sampler
        let trials = 1000, n = 60
        var covered = 0, significantButCoversZero = 0
        for _ in 0..<trials {
            let x = (0..<n).map { _ in d.sample(stream) }, y = (0..<n).map { _ in 1.2 * d.sample(stream) }
            let t = QuantileComparison(baseline: x, now: y, quantile: 0.5)
            if t.ci95Low <= 0.2 && 0.2 <= t.ci95High { covered += 1 }
            if t.pValue < 0.05 && t.ci95Low <= 0 && 0 <= t.ci95High { significantButCoversZero += 1 }
        }
        let expected = 1 - Self.exactSize(n: n, m: n, quantile: 0.5, alpha: 0.05)
        let se = (expected * (1 - expected) / Double(trials)).squareRoot()
        let observed = Double(covered) / Double(trials)
        #expect(abs(observed - expected) <= 4 * se, "observed \(observed), expected \(expected)")
        // The interval inverts the test: significance at 5 % excludes 0.
        #expect(significantButCoversZero == 0)
    }

    /// A shift far outside the noise is detected, its interval brackets the
    /// shift, and the direction is right.
    @Test func largeShiftIsSignificantAndBracketed() {
        let stream = RandomStream.sequential(key: 79)
        let d = Distribution.lognormal(mean: 8, sd: 0.4).sampler
        let x = (0..<200).map { _ in d.sample(stream) }, y = (0..<200).map { _ in 1.1 * d.sample(stream) }
        let t = QuantileComparison(baseline: x, now: y, quantile: 0.5)
        #expect(t.pValue < 1e-10 && t.z > 5)
        #expect(t.ci95Low < 0.1 && 0.1 < t.ci95High)
        #expect(t.ci95Low > 0.05 && t.ci95High < 0.15)
    }

    @Test func hypergeometricTails() {
        // 2 marked of 5, draw 2: P(A=0)=3/10, P(A=1)=6/10, P(A=2)=1/10.
        let h = Hypergeometric(above: 2, total: 5, drawn: 2)
        #expect(close(h.atMost(0), 0.3, 1e-12) && close(h.atLeast(2), 0.1, 1e-12))
        #expect(close(h.atLeast(1), 0.7, 1e-12) && h.atMost(2) == 1 && h.atLeast(0) == 1)
        #expect(close(h.twoSided(2), 0.2, 1e-12) && h.twoSided(1) == 1)
    }
}
