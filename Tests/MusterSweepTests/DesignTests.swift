import Foundation
import MusterScenario
import MusterNumerics
import Testing
@testable import MusterSweep

@Suite struct DesignTests {
    private func axis(_ path: String, _ a: Double, _ b: Double, log: Bool = false) -> SweepAxis {
        SweepAxis(path: path, values: .range(from: a, to: b, step: nil, count: nil, log: log),
                  integer: false, unit: nil, base: nil, line: nil)
    }

    @Test func gridVariesTheFirstAxisSlowest() throws {
        let a = SweepAxis(path: "a", values: .list([.init(text: "1", number: 1), .init(text: "2", number: 2)]),
                          integer: true, unit: nil, base: nil, line: nil)
        let b = SweepAxis(path: "b", values: .list([.init(text: "x", number: nil), .init(text: "y", number: nil), .init(text: "z", number: nil)]),
                          integer: false, unit: nil, base: nil, line: nil)
        let points = try Design.points(.grid, axes: [a, b], seed: 1)
        #expect(points.map { $0.map { $0!.text }.joined() } == ["1x", "1y", "1z", "2x", "2y", "2z"])
    }

    /// Latin hypercube: in every axis, each of the n strata holds exactly
    /// one point (on a log axis, strata are equal in log x).
    @Test func latinHypercubeHitsEveryStratumOnce() throws {
        let n = 37
        let axes = [axis("a", 0, 10), axis("b", 1, 1000, log: true), axis("c", -5, 5)]
        let points = try Design.points(.lhs(points: n), axes: axes, seed: 99)
        #expect(points.count == n)
        for (j, ax) in axes.enumerated() {
            guard case .range(let lo, let hi, _, _, let log) = ax.values else { continue }
            let strata = points.map { p -> Int in
                let x = p[j]!.number!
                let u = log ? (Foundation.log(x) - Foundation.log(lo)) / (Foundation.log(hi) - Foundation.log(lo)) : (x - lo) / (hi - lo)
                return min(n - 1, Int(u * Double(n)))
            }
            #expect(strata.sorted() == Array(0..<n), "axis \(ax.path)")
        }
        // The same seed gives the same design; another seed another one.
        #expect(try Design.points(.lhs(points: n), axes: axes, seed: 99) == points)
        #expect(try Design.points(.lhs(points: n), axes: axes, seed: 100) != points)
    }

    @Test func latinHypercubeSnapsToStepsAndIntegers() throws {
        let stepped = SweepAxis(path: "s", values: .range(from: 0, to: 1, step: 0.25, count: nil, log: false),
                                integer: false, unit: nil, base: nil, line: nil)
        let whole = SweepAxis(path: "w", values: .range(from: 0, to: 10, step: nil, count: nil, log: false),
                              integer: true, unit: nil, base: nil, line: nil)
        let points = try Design.points(.lhs(points: 20), axes: [stepped, whole], seed: 5)
        for p in points {
            #expect([0, 0.25, 0.5, 0.75, 1].contains(p[0]!.number!))
            let w = p[1]!.number!
            #expect(w == w.rounded() && w >= 0 && w <= 10 && p[1]!.text == String(Int(w)))
        }
    }

    @Test func quantileIntervalRanksMatchTheBinomialTables() {
        // The classic distribution-free interval of the median of 20
        // values is (x₍₆₎, x₍₁₅₎), coverage 95.9 %; of 10 values (x₍₂₎, x₍₉₎).
        #expect(PercentileInterval.ranks(n: 20, quantile: 0.5).lower == 6 && PercentileInterval.ranks(n: 20, quantile: 0.5).upper == 15)
        #expect(PercentileInterval.ranks(n: 10, quantile: 0.5).lower == 2 && PercentileInterval.ranks(n: 10, quantile: 0.5).upper == 9)
        // p90 of 10 values: P(B ≤ 9) = 1 − 0.9¹⁰ = 0.651 < 0.975, so no
        // upper rank; the lower one is the largest l with P(B ≤ l−1) ≤ 0.025:
        // P(B ≤ 6) = 0.0128, P(B ≤ 7) = 0.0702, so l = 7.
        let (lo, hi, _) = PercentileInterval.ranks(n: 10, quantile: 0.9)
        #expect(lo == 7 && hi == nil)
        // The upper end of p90 needs P(B ≤ n−1) = 1 − 0.9ⁿ ≥ 0.975:
        // 0.9³⁵ = 0.02503, 0.9³⁶ = 0.02253, so from n = 36 on.
        #expect(PercentileInterval.ranks(n: 35, quantile: 0.9).upper == nil)
        #expect(PercentileInterval.ranks(n: 36, quantile: 0.9).upper == 36)
    }

    @Test func precisionRuleStopsAtTheFirstBatchThatMeetsTheTarget() {
        // Mode 1 alternates 10, 12 (mean 11); mode 2 is constant.
        let alternating = (0..<40).map { $0 % 2 == 0 ? 10.0 : 12.0 }
        let constant = Array(repeating: 5.0, count: 40)
        // Half-width with n = 4k values: t(0.975, n−1)·sd/√n, sd ≈ 1.03–1.15.
        // n = 4: 3.182·1.155/2 = 1.84 > 0.11; n = 8: 2.365·1.069/2.83 = 0.89;
        // n = 40: 2.023·1.013/6.32 = 0.324; target 0.04 × 11 = 0.44 is met
        // first at n = 24: 2.069·1.022/4.90 = 0.432 (n = 20: 2.093·1.026/4.47 = 0.480).
        func next(_ n: Int) -> Range<Int>? {
            PrecisionRule.next(stored: Set(0..<n), orderComplete: [alternating, constant], batch: 4, max: 40, target: 0.04)
        }
        #expect(next(0) == 0..<4)
        #expect(next(20) == 20..<24)
        #expect(next(24) == nil)
        // A partly stored batch is completed, not restarted.
        #expect(PrecisionRule.next(stored: [0, 1, 2, 3, 4, 6], orderComplete: [alternating, constant],
                                   batch: 4, max: 40, target: 0.04) == 4..<8)
        // An unreachable target stops at max.
        #expect(PrecisionRule.next(stored: Set(0..<40), orderComplete: [alternating, constant], batch: 4, max: 40, target: 0.001) == nil)
        #expect(PrecisionRule.next(stored: Set(0..<36), orderComplete: [alternating, constant], batch: 4, max: 40, target: 0.001) == 36..<40)
    }

    @Test func shardsSplitEveryUnitExactlyOnce() {
        for plan in [ReplicationPlan.fixed(7), .precision(target: 0.1, batch: 2, max: 9)] {
            for n in 1...4 {
                for p in 0..<5 {
                    for r in 0..<7 {
                        let owners = (1...n).filter { Shard(index: $0, count: n).owns(point: p, replication: r, plan: plan) }
                        #expect(owners.count == 1)
                    }
                }
            }
        }
        #expect(Shard.parse("2/4") == .success(Shard(index: 2, count: 4)))
        for bad in ["0/4", "5/4", "2", "a/b", "1/0", "-1/2"] {
            if case .success = Shard.parse(bad) { Issue.record("\(bad) accepted") }
        }
    }
}
