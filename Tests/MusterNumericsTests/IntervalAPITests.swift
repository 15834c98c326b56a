import Testing
import MusterEngine
import MusterNumerics

/// The interval and quantile API every module uses (`StudentT`,
/// `TInterval`, `Quantile`), against values known exactly or from tables.
@Suite struct IntervalAPITests {
    /// Student's t quantiles from the standard tables (Abramowitz and
    /// Stegun, table 26.10), to the tables' 3 decimals.
    @Test func studentTQuantilesMatchTheTables() {
        let cases: [(level: Double, dof: Double, t: Double)] = [
            (0.95, 1, 12.706), (0.95, 4, 2.776), (0.95, 19, 2.093), (0.95, 120, 1.980),
            (0.90, 10, 1.812), (0.99, 5, 4.032),
        ]
        for c in cases {
            let t = StudentT.twoSidedQuantile(level: c.level, degreesOfFreedom: c.dof)
            #expect(abs(t - c.t) < 0.0005, "level \(c.level), dof \(c.dof): \(t)")
        }
        #expect(StudentT.twoSidedQuantile(level: 1, degreesOfFreedom: 3).isNaN)
        #expect(StudentT.twoSidedQuantile(level: 0.95, degreesOfFreedom: 0).isNaN)
    }

    /// 1, 2, 3, 4, 5: mean 3, sd √2.5, half-width t(0.975, 4)·√2.5/√5.
    @Test func tIntervalByHand() {
        let t = TInterval([1, 2, 3, 4, 5])
        #expect(t.count == 5 && t.mean == 3)
        #expect(abs(t.sd - 2.5.squareRoot()) < 1e-15)
        let half = 2.7764451051977987 * 2.5.squareRoot() / 5.0.squareRoot()
        #expect(abs(t.high - 3 - half) < 1e-12 && abs(3 - t.low - half) < 1e-12)
        #expect(TInterval([7]).low == 7 && TInterval([7]).high == 7 && TInterval([7]).sd == 0)
        #expect(TInterval([]).mean.isNaN)
        // A wider level, a wider interval.
        #expect(TInterval([1, 2, 3, 4, 5], level: 0.99).high > t.high)
    }

    /// The summaries' 95 % interval is the API's at level 0.95, bit for bit.
    @Test func summaryIntervalIsTheAPIs() {
        let values = [2.5, 3.25, 1.0, 7.75, 4.5, 3.0]
        let s = SummaryStatistics(values: values), t = TInterval(values)
        #expect(s.ci95Low == t.low && s.ci95High == t.high && s.sd == t.sd && s.mean == t.mean)
    }

    /// Linear interpolation between order statistics: f·(n − 1) of the way.
    @Test func quantilesByHand() {
        let x = [10.0, 20, 30, 40]
        #expect(Quantile.ofSorted(x, 0.5) == 25)
        #expect(Quantile.ofSorted(x, 0) == 10 && Quantile.ofSorted(x, 1) == 40)
        #expect(abs(Quantile.ofSorted(x, 0.9) - 37) < 1e-12)
        #expect(Quantile.ofSorted([], 0.5).isNaN)
        #expect(Quantile.median([3, .nan, 1, .infinity, 2]) == 2)
    }

    /// Values ending in +∞ (never completed): a quantile on a finite value
    /// is that value, one interpolating towards +∞ is +∞, never NaN.
    @Test func quantilesWithInfiniteValues() {
        let x = [1.0, 2, .infinity, .infinity]
        #expect(Quantile.ofSorted(x, 1.0 / 3) == 2)
        #expect(Quantile.ofSorted(x, 0.5) == .infinity)
        #expect(Quantile.ofSorted(x, 5.0 / 6) == .infinity)
        #expect(Quantile.ofSorted([1, .infinity], 0) == 1)
    }
}
