import Foundation
import Testing
import MusterEngine
@testable import MusterModel
@testable import MusterNumerics
@testable import MusterStats

/// Do the reported 95 % intervals contain the truth 95 % of the time? A
/// model whose answer is known in closed form, run as 500 independent
/// experiments of 10 replications (the simulation is the costly part; the
/// intervals' arithmetic is checked more sharply on direct draws in
/// MusterStatsTests).
///
/// One micro-grid, one worker, one household, every calendar open, no
/// travel: point-to-point order completion is the visit F ~ Uniform(½ h,
/// 1½ h); tiered adds the grid's handling D ~ Uniform(0, 2 h) before the
/// call (every other relay job instant), so tiered = D + F, and with common
/// random numbers the paired difference is D itself and the ratio 1 + D/F.
/// Truths: E[F] = 1 h, E[D + F] = 2 h, E[D] = 1 h, E[1 + D/F] = 1 + E[D]·E[1/F]
/// = 1 + ln 3 (E[1/F] = ln(1.5/0.5) / (1.5 − 0.5)); medians 1 h (F) and 2 h
/// (D + F is symmetric about its mean).
@Suite struct IntervalCoverageTests {
    static let experiments = 500
    static let perExperiment = 10

    /// Experiment e runs 10 replications with seed 20240607 + e: independent
    /// seeds, so independent experiments.
    static let runs: [[Mode: [ReplicationResult]]] = {
        var s = Fixture.single(households: 1, visit: .uniform(min: 1800, max: 5400))
        s.tiered.perLevel[.grid]!.handle = .uniform(min: 0, max: 7200)
        // The grid is the one relay level: the others would only add
        // instant jobs (and test time).
        s.tiered.levels = [.grid]
        return (0..<experiments).map { e in
            s.seed = 20240607 + UInt64(e)
            return Experiment.run(s, modes: [.tiered, .p2p], replications: 0..<perExperiment, threads: 2)
        }
    }()

    static func experiment(_ e: Int, _ mode: Mode) -> [ReplicationResult] { runs[e][mode]! }

    /// `hits` of 500 within 3.5 binomial standard errors of `level`.
    static func expectCoverage(_ hits: Int, _ level: Double, _ what: String) {
        let se = (level * (1 - level) / Double(experiments)).squareRoot()
        let observed = Double(hits) / Double(experiments)
        #expect(abs(observed - level) <= 3.5 * se, "\(what): \(hits) of \(experiments), expected \(level)")
    }

    @Test func theModelIsWhatTheClosedFormAssumes() {
        let t = Self.runs.flatMap { $0[.tiered]! }, p = Self.runs.flatMap { $0[.p2p]! }
        #expect(p.allSatisfy { $0.orderComplete >= 0.5 && $0.orderComplete <= 1.5 })
        // Common random numbers: the same visit in both modes, so the
        // difference is the handling alone, within Uniform(0, 2 h).
        #expect(zip(t, p).allSatisfy { $0.orderComplete - $1.orderComplete >= 0 && $0.orderComplete - $1.orderComplete <= 2 })
        #expect(zip(t, p).contains { $0.orderComplete - $1.orderComplete > 1.9 })
    }

    @Test func meanIntervalsCover() {
        var p2p = 0, tiered = 0
        for e in 0..<Self.experiments {
            let a = SummaryStatistics(values: Self.experiment(e, .p2p).map(\.orderComplete))
            if a.ci95Low <= 1 && 1 <= a.ci95High { p2p += 1 }
            let b = SummaryStatistics(values: Self.experiment(e, .tiered).map(\.orderComplete))
            if b.ci95Low <= 2 && 2 <= b.ci95High { tiered += 1 }
        }
        Self.expectCoverage(p2p, 0.95, "mean, p2p")
        Self.expectCoverage(tiered, 0.95, "mean, tiered")
    }

    @Test func pairedDifferenceAndRatioIntervalsCover() {
        var diff = 0, ratio = 0
        let trueRatio = 1 + log(3.0)
        for e in 0..<Self.experiments {
            let c = ModeComparison(tiered: Self.experiment(e, .tiered), p2p: Self.experiment(e, .p2p))
            if c.orderCompleteDiff.ci95Low <= 1 && 1 <= c.orderCompleteDiff.ci95High { diff += 1 }
            if c.orderCompleteRatio.ci95Low <= trueRatio && trueRatio <= c.orderCompleteRatio.ci95High { ratio += 1 }
        }
        Self.expectCoverage(diff, 0.95, "tiered − p2p")
        Self.expectCoverage(ratio, 0.95, "tiered / p2p")
    }

    /// The median's order-statistic interval of 10 values is [X(2), X(9)],
    /// exact coverage P(2 ≤ B ≤ 8) for B ~ Binomial(10, ½) = 1002/1024.
    @Test func medianIntervalsCoverAsExactlyAsTheBinomialSays() {
        let exact = PercentileInterval.ranks(n: Self.perExperiment, quantile: 0.5)
        #expect(exact.lower == 2 && exact.upper == 9)
        #expect(abs(exact.coverage - 1002.0 / 1024) < 1e-12)
        var p2p = 0, tiered = 0
        for e in 0..<Self.experiments {
            let a = SummaryStatistics(values: Self.experiment(e, .p2p).map(\.orderComplete))
            if a.p50CI.low <= 1 && 1 <= a.p50CI.high { p2p += 1 }
            let b = SummaryStatistics(values: Self.experiment(e, .tiered).map(\.orderComplete))
            if b.p50CI.low <= 2 && 2 <= b.p50CI.high { tiered += 1 }
        }
        Self.expectCoverage(p2p, exact.coverage, "p50, p2p")
        Self.expectCoverage(tiered, exact.coverage, "p50, tiered")
    }
}
