import Foundation
import MusterModel
import MusterScenario
import Testing
@testable import MusterSweep

@Suite struct SweepStoreTests {
    private func header(measures: [SweepMeasure] = [.orderComplete, .visited], plan: ReplicationPlan = .fixed(10)) -> SweepHeader {
        SweepHeader(name: "t", sweepFile: "t.yaml", scenarioFile: "s.yaml", scenarioSHA256: "abc", seed: 7,
                    modes: [.tiered, .p2p], measures: measures, plan: plan, design: "grid",
                    axes: [.init(path: "team.volunteers", integer: true, unit: nil)],
                    points: [.init(id: 0, overrides: ["team.volunteers=1"], values: [.init(text: "1", number: 1)]),
                             .init(id: 1, overrides: ["team.volunteers=2"], values: [.init(text: "2", number: 2)])])
    }

    private func newStore(_ h: SweepHeader) throws -> SweepStore {
        try SweepStore.create(at: try Fixture.tempDir().appendingPathComponent("s.sqlite").path, header: h, shard: nil, version: "test")
    }

    /// Summary figures of 1…10 against their hand values.
    @Test func summaryOfOneToTenMatchesHandComputation() throws {
        let store = try newStore(header())
        let rows = (0..<10).flatMap { r in
            [ResultRow(point: 0, mode: .tiered, replication: r, values: [Double(r + 1), 100]),
             ResultRow(point: 0, mode: .p2p, replication: r, values: [Double(10 - r), 50])]
        }
        try store.append(rows, summarise: [0])
        let s = try #require(try store.summaries().first { $0.mode == .tiered && $0.measure == .orderComplete })
        #expect(s.n == 10 && s.nonFinite == 0)
        #expect(s.mean == 5.5)
        // sd = √(82.5/9) = 3.0277; t(0.975, 9) = 2.2622; half-width 2.1659.
        #expect(abs(s.sd - 3.027650) < 1e-6)
        #expect(abs((s.ci95High - s.ci95Low) / 2 - 2.2622 * 3.027650 / 10.0.squareRoot()) < 1e-3)
        // p50 = 5.5, p90 = x₍₉₎ + 0.1·(x₍₁₀₎ − x₍₉₎) = 9.1; median interval (x₍₂₎, x₍₉₎) = (2, 9).
        #expect(s.p50 == 5.5 && abs(s.p90 - 9.1) < 1e-12)
        #expect(s.p50Low == 2 && s.p50High == 9)
        #expect(s.p90Low == 7 && s.p90High.isNaN)
        let visited = try #require(try store.summaries().first { $0.mode == .p2p && $0.measure == .visited })
        #expect(visited.mean == 50 && visited.sd == 0)
        // Summaries come in the sweep's mode and measure order.
        #expect(try store.summaries().map { "\($0.mode.rawValue)/\($0.measure.rawValue)" }
                == ["tiered/order_complete_hours", "tiered/visited", "p2p/order_complete_hours", "p2p/visited"])
    }

    @Test func aStoredReplicationCannotBeStoredTwice() throws {
        let store = try newStore(header())
        let row = ResultRow(point: 1, mode: .p2p, replication: 3, values: [4.5, 7])
        try store.append([row])
        #expect(throws: SweepStoreError.self) { try store.append([row]) }
        // The failed transaction stored nothing of its batch.
        #expect(throws: SweepStoreError.self) {
            try store.append([ResultRow(point: 1, mode: .p2p, replication: 4, values: [1, 1]), row])
        }
        #expect(try store.results() == [row])
    }

    @Test func reopenedStoreHasTheSameHeaderAndRows() throws {
        let h = header(plan: .precision(target: 0.05, batch: 4, max: 20))
        let store = try newStore(h)
        let rows = [ResultRow(point: 0, mode: .tiered, replication: 0, values: [.infinity, 3]),
                    ResultRow(point: 0, mode: .p2p, replication: 0, values: [.nan, 3])]
        try store.append(rows, summarise: [0])
        let digest = try store.contentDigest()
        try store.close()
        let again = try SweepStore.open(at: store.path)
        #expect(again.header == h)
        #expect(again.shard == nil)
        let back = try again.results()
        #expect(back.count == 2 && back.contains { $0.sameValues(as: rows[0]) } && back.contains { $0.sameValues(as: rows[1]) })
        #expect(try again.contentDigest() == digest)
    }

    @Test func openRefusesFilesThatAreNotSweepStores() throws {
        let dir = try Fixture.tempDir()
        let text = dir.appendingPathComponent("notes.sqlite")
        try Data("hello\n".utf8).write(to: text)
        #expect(throws: SweepStoreError.self) { try SweepStore.open(at: text.path) }
        #expect(throws: SweepStoreError.self) { try SweepStore.open(at: dir.appendingPathComponent("none.sqlite").path) }
    }

    @Test func responseCurvesGroupByModeAndTheOtherAxis() throws {
        let h = SweepHeader(name: "t", sweepFile: "t.yaml", scenarioFile: "s.yaml", scenarioSHA256: "abc", seed: 7,
                            modes: [.tiered, .p2p], measures: [.orderComplete], plan: .fixed(5), design: "grid",
                            axes: [.init(path: "a", integer: true, unit: nil), .init(path: "b", integer: true, unit: nil)],
                            points: [(3, 50), (3, 60), (1, 50), (1, 60)].enumerated().map { i, v in
                                .init(id: i, overrides: [], values: [.init(text: "\(v.0)", number: Double(v.0)),
                                                                     .init(text: "\(v.1)", number: Double(v.1))])
                            })
        var summaries: [PointSummary] = []
        for p in 0..<4 {
            for (k, mode) in [Mode.tiered, .p2p].enumerated() {
                // p50 = 100·point + mode index, so each figure says where it came from.
                let f = Double(100 * p + k)
                summaries.append(PointSummary(point: p, mode: mode, measure: .orderComplete,
                                              figures: [5, 0, f, f - 1, f + 1, 1, f, f - 2, f + 2, f + 10, f + 9, .nan]))
            }
        }
        let series = try ResponseCurves.series(header: h, summaries: summaries, x: "a")
        #expect(series.map(\.label) == ["tiered, b=50", "tiered, b=60", "p2p, b=50", "p2p, b=60"])
        // Sorted by x: a = 1 (points 2, 3) before a = 3 (points 0, 1).
        #expect(series[0].points.map(\.x) == [1, 3])
        #expect(series[0].points.map(\.p50) == [200, 0])
        #expect(series[3].points.map(\.p50) == [301, 101])
        #expect(series[3].points[0].p90 == 311 && series[3].points[0].p90High.isNaN && series[3].points[0].p50Low == 299)
        #expect(throws: ResponseCurveError.self) { try ResponseCurves.series(header: h, summaries: summaries, x: "c") }
        #expect(throws: ResponseCurveError.self) { try ResponseCurves.series(header: h, summaries: summaries, x: "a", measure: .events) }
    }
}
