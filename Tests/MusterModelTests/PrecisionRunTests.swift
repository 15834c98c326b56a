import Testing
import MusterEngine
@testable import MusterModel
import MusterNumerics
@testable import MusterStats

/// `run --precision`: batches decide only how many replications run.
@Suite struct PrecisionRunTests {
    /// The rule, by hand: project n·(worst/target)², at least 10 more, at
    /// most 4n, never past the cap; stop when met or capped.
    @Test func nextCountRule() {
        // 10 · (0.04/0.02)² = 40.
        #expect(PrecisionRule.nextCount(after: 10, relativeHalfWidths: [0.04, 0.01], target: 0.02, maxReplications: 1000) == 40)
        // 10 · (0.021/0.02)² = 11.03 → 12, but at least 10 more: 20.
        #expect(PrecisionRule.nextCount(after: 10, relativeHalfWidths: [0.021], target: 0.02, maxReplications: 1000) == 20)
        // 10 · 10² = 1000, but at most 4n: 40.
        #expect(PrecisionRule.nextCount(after: 10, relativeHalfWidths: [0.2], target: 0.02, maxReplications: 1000) == 40)
        #expect(PrecisionRule.nextCount(after: 10, relativeHalfWidths: [.infinity], target: 0.02, maxReplications: 1000) == 40)
        #expect(PrecisionRule.nextCount(after: 10, relativeHalfWidths: [.nan], target: 0.02, maxReplications: 1000) == 40)
        #expect(PrecisionRule.nextCount(after: 900, relativeHalfWidths: [0.03], target: 0.02, maxReplications: 1000) == 1000)
        #expect(PrecisionRule.nextCount(after: 100, relativeHalfWidths: [0.02, 0.001], target: 0.02, maxReplications: 1000) == nil)
        #expect(PrecisionRule.nextCount(after: 1000, relativeHalfWidths: [0.5], target: 0.02, maxReplications: 1000) == nil)
    }

    /// Order completion = one exponential visit (sd = mean): the relative
    /// half-width is about 1.96/√n, so ±10 % needs about 385 replications.
    static func scenario(seed: UInt64 = 3) -> Scenario {
        Fixture.single(households: 1, visit: .exponential(mean: 3600), seed: seed)
    }

    @Test func batchesEqualAPlainRunOfTheFinalCount() {
        let s = Self.scenario()
        var started: [Int] = []
        let (results, outcome) = PrecisionRun.run(s, modes: [.tiered, .p2p], target: 0.10, firstBatch: 10,
                                                  maxReplications: 2000, threads: 2,
                                                  batch: { from, _ in started.append(from); return nil })
        #expect(outcome.reached)
        #expect(outcome.batches.count > 1 && outcome.batches == outcome.batches.sorted())
        #expect(started == [0] + outcome.batches.dropLast())
        #expect(outcome.replications == outcome.batches.last)
        // Somewhere near 385 (1.96² · 100), far from both ends.
        #expect(outcome.replications > 200 && outcome.replications < 1000, "\(outcome.replications)")
        let plain = Experiment.run(s, modes: [.tiered, .p2p], replications: 0..<outcome.replications, threads: 1)
        #expect(results == plain)
        for mode in [Mode.tiered, .p2p] {
            let width = PrecisionRule.relativeHalfWidth(plain[mode]!.map(\.orderComplete))
            #expect(width <= 0.10 && width == outcome.relativeHalfWidth[mode])
        }
        // The run before the last batch had not reached the target.
        let before = outcome.batches[outcome.batches.count - 2]
        let earlier = Array(plain[.p2p]!.prefix(before)).map(\.orderComplete)
        let earlierTiered = Array(plain[.tiered]!.prefix(before)).map(\.orderComplete)
        #expect(max(PrecisionRule.relativeHalfWidth(earlier), PrecisionRule.relativeHalfWidth(earlierTiered)) > 0.10)
    }

    @Test func stopsAtTheCapAndSaysSo() {
        let (results, outcome) = PrecisionRun.run(Self.scenario(), modes: [.p2p], target: 0.001, firstBatch: 10,
                                                  maxReplications: 60, threads: 2)
        #expect(!outcome.reached && outcome.replications == 60 && results[.p2p]!.count == 60)
        #expect(outcome.batches == [10, 40, 60])
        let json = outcome.json
        #expect(json.keys == ["target", "reached", "replications", "max_replications", "batches", "relative_half_width"])
        #expect(json["reached"] == .bool(false))
    }
}
