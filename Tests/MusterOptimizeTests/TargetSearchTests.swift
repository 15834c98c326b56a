import Foundation
import Testing
import MusterEngine
import MusterModel
@testable import MusterOptimize

/// The search on responses known in advance.
@Suite struct TargetSearchTests {
    static func target(_ text: String) -> OptimizeTarget { try! OptimizeTarget.parse(text).get() }

    /// A synthetic response: mean f(x) plus normal noise keyed by (seed,
    /// replication) — the same noise at every x, as common random numbers give.
    static func noisy(_ f: @escaping (Double) -> Double, sd: Double, seed: UInt64, candidates: [Double])
        -> (Int, Range<Int>) -> [Double] {
        { i, range in
            range.map { r in
                let s = RandomStream.sequential(key: seed &* 1_000_003 &+ UInt64(r))
                let z = (-2 * log(s.uniform())).squareRoot() * cos(2 * .pi * s.uniform())
                return f(candidates[i]) + sd * z
            }
        }
    }

    @Test func findsTheLeastValueOfADecreasingResponse() {
        let xs = (0...40).map(Double.init)
        // f(x) = 40 − x hours: the least x with f ≤ 12.5 h is 28.
        let search = TargetSearch(candidates: xs, target: Self.target("p2p.order_complete.mean <= 12.5h"), goal: .least,
                                  settings: SearchSettings(confidence: 0.95, tolerance: 0.01))
        let a = search.run(simulate: Self.noisy({ 40 - $0 }, sd: 2, seed: 1, candidates: xs))
        #expect(a.outcome == .found && a.value == 28)
        #expect(a.nonMonotone.isEmpty && a.clear)
        #expect(a.replicationsSpent == a.probes.reduce(0) { $0 + $1.replications })
        #expect(a.probes.count <= search.maxProbes)
        // Far from the target one look decides; a grid as sure costs more.
        #expect(a.gridEquivalent > a.replicationsSpent)
    }

    @Test func findsTheMostValueOfAnIncreasingResponse() {
        let xs = (0...20).map(Double.init)
        let search = TargetSearch(candidates: xs, target: Self.target("tiered.order_complete.p90 <= 2d"), goal: .most,
                                  settings: SearchSettings(confidence: 0.9, tolerance: 0.01))
        // f(x) = 30 + 2x hours, p90 = f + 1.28σ with σ = 1: ≤ 48 h up to x = 8.
        let a = search.run(simulate: Self.noisy({ 30 + 2 * $0 }, sd: 1, seed: 2, candidates: xs))
        #expect(a.outcome == .found && a.value == 8)
    }

    @Test func anUnreachableTargetSaysByHowMuch() {
        let xs = (0...10).map(Double.init)
        let search = TargetSearch(candidates: xs, target: Self.target("p2p.order_complete.mean <= 5h"), goal: .least,
                                  settings: SearchSettings(confidence: 0.95, tolerance: 0.01))
        // Best at x = 10: 20 h, 15 h short.
        let a = search.run(simulate: Self.noisy({ 30 - $0 }, sd: 1, seed: 3, candidates: xs))
        #expect(a.outcome == .unreachable && a.value == nil)
        #expect(abs(a.shortfall! - 15) < 1)
    }

    @Test func aTargetMetAtTheFirstValue() {
        let xs = (0...10).map(Double.init)
        let search = TargetSearch(candidates: xs, target: Self.target("p2p.order_complete.mean <= 50h"), goal: .least,
                                  settings: SearchSettings(confidence: 0.95, tolerance: 0.01))
        let a = search.run(simulate: Self.noisy({ 30 - $0 }, sd: 1, seed: 4, candidates: xs))
        #expect(a.outcome == .metAtFirst && a.value == 0)
        #expect(a.probes.count == 2)
    }

    /// A response that rises where the search expects it to fall.
    @Test func aNonMonotoneResponseIsFlagged() {
        let xs = (0...10).map(Double.init)
        let search = TargetSearch(candidates: xs, target: Self.target("p2p.order_complete.mean <= 5h"), goal: .least,
                                  settings: SearchSettings(confidence: 0.95, tolerance: 0.01))
        // (x − 3)²: the least x with f ≤ 5 is 1, but the far end is worst.
        let a = search.run(simulate: Self.noisy({ ($0 - 3) * ($0 - 3) }, sd: 0.5, seed: 5, candidates: xs))
        #expect(!a.nonMonotone.isEmpty)
    }

    /// The procedure's confidence: over independent seeds, the answer is
    /// right at least as often as stated (here far more: Bonferroni is
    /// conservative).
    @Test func answersAreRightAtLeastAsOftenAsStated() {
        let xs = (0...30).map(Double.init)
        var right = 0
        for seed in 0..<100 {
            let search = TargetSearch(candidates: xs, target: Self.target("p2p.order_complete.mean <= 10.5h"), goal: .least,
                                      settings: SearchSettings(confidence: 0.9, tolerance: 0.01))
            let a = search.run(simulate: Self.noisy({ 30 - $0 }, sd: 3, seed: 100 + UInt64(seed), candidates: xs))
            if a.value == 20 { right += 1 }
        }
        #expect(right >= 90, "\(right) of 100")
    }
}

/// Bad questions: each error names what is allowed.
@Suite struct QuestionParsingTests {
    @Test(arguments: [
        ("p2p.order_done.p90 <= 12h", "unknown measure 'order_done'"),
        ("p2p.order_complete.p100 <= 12h", "unknown statistic 'p100'"),
        ("p2p.order_complete.q90 <= 12h", "unknown statistic 'q90'"),
        ("fast.order_complete.p90 <= 12h", "unknown mode 'fast'"),
        ("p2p.order_complete.p90 <= 12", "is a time; give the value with a unit"),
        ("p2p.order_complete.p90 <= 12 households", "is a time"),
        ("p2p.unreached.mean <= 2h", "is a count of households"),
        ("p2p.order_complete.p90 = 12h", "expected MODE.MEASURE.STATISTIC <= VALUE"),
    ])
    func badTargets(text: String, message: String) {
        guard case .failure(let e) = OptimizeTarget.parse(text) else { Issue.record("accepted \(text)"); return }
        #expect(e.message.contains(message), "\(e.message)")
    }

    /// A target may name the measure as summary.json does, and p50 is the median.
    @Test func summaryNamesAddressTheSameMeasure() throws {
        let a = try OptimizeTarget.parse("tiered.order_complete_hours.p50 <= 2d").get()
        let b = try OptimizeTarget.parse("tiered.order_complete.median <= 48h").get()
        #expect(a.measure == b.measure && a.statistic == b.statistic && a.value == b.value && a.value == 48)
        #expect(try OptimizeTarget.parse("p2p.field_complete_hours.mean <= 8h").get().measure == .fieldComplete)
        guard case .failure = OptimizeTarget.parse("p2p.unreached_hours.mean <= 8h") else {
            Issue.record("a count measure with _hours was accepted"); return
        }
    }

    @Test func goodTargets() throws {
        let t = try OptimizeTarget.parse("p2p.order_complete.p90 <= 12h").get()
        #expect(t.mode == .p2p && t.measure == .orderComplete && t.statistic == .quantile(0.9) && t.value == 12)
        let u = try OptimizeTarget.parse("tiered.field_complete.mean >= 90m").get()
        #expect(u.relation == .atLeast && u.value == 1.5 && u.statistic == .mean)
        #expect(try OptimizeTarget.parse("p2p.unreached.median <= 100").get().value == 100)
    }

    @Test(arguments: [
        ("team.volunteers=5..5", "empty"),
        ("team.volunteers=10..0", "reversed"),
        ("team.volunteers=0-10", "expected a range LO..HI"),
        ("team.volunteers", "expected PATH=LO..HI"),
        ("=0..3", "path before '=' is empty"),
    ])
    func badRanges(text: String, message: String) {
        guard case .failure(let e) = OptimizeRange.parse(text) else { Issue.record("accepted \(text)"); return }
        #expect(e.message.contains(message), "\(e.message)")
    }

    @Test func integerAndRealRanges() throws {
        let i = try OptimizeRange.parse("team.volunteers=0..10").get()
        #expect(i.isInteger && i.candidates(steps: 20).count == 11)
        let r = try OptimizeRange.parse("field.not_home=0..0.5").get()
        let xs = r.candidates(steps: 10)
        #expect(!r.isInteger && xs.count == 11 && xs.first == 0 && xs.last == 0.5)
        #expect(zip(xs, (0...10).map { Double($0) * 0.05 }).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(r.text(0.25) == "0.25")
    }
}
