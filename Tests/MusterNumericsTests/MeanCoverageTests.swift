import Foundation
import Testing
import MusterEngine
import MusterTestSupport
@testable import MusterNumerics

/// The t-intervals of the summary contain the true mean 95 % of the time
/// (normal data, where Student's t is exact). With 5 values a z-interval
/// (1.96 instead of t(0.975, 4) = 2.776) would cover only about 88 %, so
/// these tests tell the two apart.
@Suite struct MeanCoverageTests {
    static let experiments = 4000

    /// Box–Muller normal draws from a uniform stream.
    static func normal(_ s: RandomStream, mean: Double, sd: Double) -> Double {
        let u = 1 - s.uniform(), v = s.uniform()
        return mean + sd * (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    static func expectNear95(_ hits: Int, _ what: String) {
        let se = (0.95 * 0.05 / Double(experiments)).squareRoot()
        let observed = Double(hits) / Double(experiments)
        #expect(abs(observed - 0.95) <= 3.5 * se, "\(what): \(observed)")
    }

    @Test func summaryIntervalOfFiveValues() {
        let s = RandomStream.sequential(key: 501)
        var hits = 0
        for _ in 0..<Self.experiments {
            let st = SummaryStatistics(values: (0..<5).map { _ in Self.normal(s, mean: 54, sd: 4) })
            if st.ci95Low <= 54 && 54 <= st.ci95High { hits += 1 }
        }
        Self.expectNear95(hits, "summary mean")
    }

    /// `MeanInterval`, the interval of the paired comparison of modes.
    @Test func pairedDifferenceIntervalOfFiveValues() {
        let s = RandomStream.sequential(key: 502)
        var hits = 0
        for _ in 0..<Self.experiments {
            let diffs = (0..<5).map { _ in Self.normal(s, mean: 47, sd: 3) }
            let m = MeanInterval(values: diffs)
            if m.ci95Low <= 47 && 47 <= m.ci95High { hits += 1 }
        }
        Self.expectNear95(hits, "paired difference")
    }
}
