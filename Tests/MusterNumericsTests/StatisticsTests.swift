import Testing
import Foundation
import MusterTestSupport
@testable import MusterNumerics

@Suite struct StatisticsTests {
    @Test func meanSdAndPercentilesOfFourValues() {
        let s = SummaryStatistics(values: [4, 1, 3, 2])
        #expect(s.count == 4)
        #expect(s.mean == 2.5)
        // Σ(x − 2.5)² = 5, over n − 1 = 3.
        #expect(close(s.sd, (5.0 / 3).squareRoot()))
        #expect(s.min == 1 && s.max == 4)
        // Linear interpolation at (n − 1)·f: 0.75 → 1.75, 1.5 → 2.5, 2.25 → 3.25.
        #expect(close(s.p25, 1.75))
        #expect(close(s.p50, 2.5))
        #expect(close(s.p75, 3.25))
        // 3·0.05 = 0.15 → 1.15; 3·0.99 = 2.97 → 3.97.
        #expect(close(s.p5, 1.15))
        #expect(close(s.p10, 1.3))
        #expect(close(s.p90, 3.7))
        #expect(close(s.p95, 3.85))
        #expect(close(s.p99, 3.97))
    }

    @Test func confidenceIntervalUsesStudentT() {
        // n = 5, mean 3, sd √2.5; t(0.975, 4) = 2.776445 (tables).
        let s = SummaryStatistics(values: [1, 2, 3, 4, 5])
        let half = 2.776445 * 2.5.squareRoot() / 5.0.squareRoot()
        #expect(close(s.ci95Low, 3 - half, 1e-5))
        #expect(close(s.ci95High, 3 + half, 1e-5))
        #expect(close(s.ci95HalfWidth, half, 1e-5))
    }

    @Test func oneValueHasZeroSdAndDegenerateInterval() {
        let s = SummaryStatistics(values: [7.5])
        #expect(s.count == 1)
        #expect(s.mean == 7.5 && s.sd == 0)
        #expect(s.ci95Low == 7.5 && s.ci95High == 7.5)
        #expect(s.min == 7.5 && s.p5 == 7.5 && s.p99 == 7.5 && s.max == 7.5)
    }

    @Test func noValueGivesNaNEverywhere() {
        let s = SummaryStatistics(values: [])
        #expect(s.count == 0)
        for x in [s.mean, s.ci95Low, s.ci95High, s.sd, s.min, s.p5, s.p50, s.p99, s.max] { #expect(x.isNaN) }
        #expect(s == SummaryStatistics(values: []))
    }

    @Test func nonFiniteValuesAreLeftOutAndCounted() {
        let s = SummaryStatistics(values: [1, .infinity, 3, .nan])
        #expect(s.count == 2 && s.nonFinite == 2)
        #expect(s.mean == 2 && s.max == 3)
    }

    @Test func pooledIntervalComesFromReplicationMeans() {
        // Pooled values: mean 3.5 over six micro-grids; replication means 2 and 5.
        let pooled: [Double] = [1, 2, 3, 4, 5, 6]
        let s = SummaryStatistics(pooled: pooled, replicationMeans: [2, 5])
        #expect(close(s.mean, 3.5))
        #expect(close(s.sd, 3.5.squareRoot()))     // Σ(x − 3.5)² = 17.5, / 5
        #expect(close(s.p50, 3.5))
        #expect(s.min == 1 && s.max == 6)
        // Means 2 and 5: mean 3.5, sd 3/√2; t(0.975, 1) = 12.706205.
        let half = 12.706205 * (3 / 2.0.squareRoot()) / 2.0.squareRoot()
        #expect(close(s.ci95Low, 3.5 - half, 1e-4))
        #expect(close(s.ci95High, 3.5 + half, 1e-4))
        // Not the interval the pooled values alone would give.
        #expect(!close(s.ci95High, SummaryStatistics(values: pooled).ci95High, 1e-3))
    }

    @Test func pooledWithOneReplicationHasDegenerateInterval() {
        let s = SummaryStatistics(pooled: [1, 2, 6], replicationMeans: [3])
        #expect(s.mean == 3 && s.ci95Low == 3 && s.ci95High == 3)
        #expect(s.sd > 0)
    }

    @Test func meanIntervalMatchesTInterval() {
        let m = MeanInterval(values: [10, 12, 14])
        // mean 12, sd 2, t(0.975, 2) = 4.302653.
        let half = 4.302653 * 2 / 3.0.squareRoot()
        #expect(m.count == 3 && m.mean == 12)
        #expect(close(m.ci95Low, 12 - half, 1e-5) && close(m.ci95High, 12 + half, 1e-5))
        let one = MeanInterval(values: [4])
        #expect(one.ci95Low == 4 && one.ci95High == 4)
        #expect(MeanInterval(values: []).mean.isNaN)
    }
}

/// Pooled measures pick their percentiles without a full sort; the figures
/// must equal those of sorting everything.
@Suite struct PooledPercentileTests {
    @Test func selectedPercentilesEqualSortedOnes() {
        var x: UInt64 = 0x9e3779b97f4a7c15
        func next() -> Double {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            return Double(x >> 11) * 0x1.0p-53
        }
        for n in [1, 2, 3, 10, 4096, 4097, 50_000] {
            // Ties and a long tail, as micro-grid completion hours have.
            let values = (0..<n).map { i in i % 7 == 0 ? 12.5 : -log(next()) * 30 }
            let pooled = SummaryStatistics(pooled: values + [.nan, .infinity], replicationMeans: [1, 2])
            let sorted = SummaryStatistics(values: values)
            let a = [pooled.min, pooled.p5, pooled.p10, pooled.p25, pooled.p50, pooled.p75,
                     pooled.p90, pooled.p95, pooled.p99, pooled.max]
            let b = [sorted.min, sorted.p5, sorted.p10, sorted.p25, sorted.p50, sorted.p75,
                     sorted.p90, sorted.p95, sorted.p99, sorted.max]
            #expect(a.map { $0.bitPattern } == b.map { $0.bitPattern }, "n = \(n)")
            #expect(pooled.count == n && pooled.nonFinite == 2)
            #expect(pooled.mean == sorted.mean && pooled.sd == sorted.sd)
        }
        // Negative values take the sorting path, with the same figures.
        let mixed = [-3.0, 2, -1, 5, 0.5]
        let p = SummaryStatistics(pooled: mixed, replicationMeans: [])
        #expect(p.min == -3 && p.max == 5 && p.p50 == 0.5)
    }
}
