import Foundation
import MusterModel
import MusterNumerics
import Testing
@testable import MusterScenario
@testable import MusterSweep

/// Sensitivity designs through the sweep machinery: points, store, shards,
/// merge and the indices computed from the store.
@Suite struct SensitivitySweepTests {
    static func analysis(_ store: SweepStore) throws -> SensitivityAnalysis {
        try #require(try SensitivityAnalysis.make(header: store.header, summaries: store.summaries(),
                                                  rows: store.results(), resamples: 200))
    }

    @Test func shardedAndMergedGiveTheIndicesOfASingleRun() throws {
        let plan = try Fixture.plan("""
        scenario: small.yaml
        set: {field.visit: {dist: lognormal, mean: 6m, sd: 4m}}
        design: {type: sobol, n: 4, second_order: true}
        axes:
          field.not_home: {from: 0.05, to: 0.4}
          field.visit.mean: {dist: triangular, min: 4, mode: 6, max: 12, unit: m}
          team.volunteers: {values: [0, 2, 4]}
        replications: 2
        measures: [order_complete, field_complete]
        """)
        #expect(plan.header.points.count == 4 * (2 * 3 + 2))
        #expect(plan.header.design == "sobol(4,s2)")
        let single = try Fixture.run(plan)
        let parts = try (1...3).map { try Fixture.run(plan, shard: Shard(index: $0, count: 3), threads: 1).path }
        let out = try Fixture.tempDir().appendingPathComponent("sweep.sqlite").path
        _ = try SweepMerge.merge(parts, into: out, version: "test")
        let a = try Self.analysis(single), b = try Self.analysis(try SweepStore.open(at: out))
        #expect(a == b)
        #expect(SensitivityFiles.csv(a) == SensitivityFiles.csv(b))
        // S1 and ST of 3 inputs, S2 of 3 pairs, for 4 outputs × 2 modes.
        #expect(a.tables.count == 4 * 2 && a.tables.allSatisfy { $0.indices.count == 3 * 2 + 3 })
    }

    /// Tiered relay never reads `p2p.push_fails`, and replication r of
    /// every point draws the same numbers: its ST is 0 with the interval [0, 0].
    @Test func anInputThatDoesNothingHasATotalIndexIntervalHoldingZero() throws {
        let plan = try Fixture.plan("""
        scenario: small.yaml
        mode: tiered
        set: {tiered.default.handle: {dist: lognormal, mean: 2h, sd: 1h}}
        design: {type: sobol, n: 16}
        axes:
          p2p.push_fails: {from: 0, to: 0.5}
          field.not_home: {from: 0.05, to: 0.4}
          tiered.default.handle.mean: {from: 1, to: 4, unit: h}
        replications: 2
        measures: [order_complete, field_complete]
        """)
        let a = try Self.analysis(try Fixture.run(plan))
        for t in a.tables {
            let st = try #require(t.indices.first { $0.kind == .st && $0.input == 0 })
            #expect(st.low <= 0 && 0 <= st.high, "\(t.output.name): ST of p2p.push_fails \(st.value) in [\(st.low), \(st.high)]")
        }
    }

    /// The mean visit from 5 to 60 min against inputs varied by a hair:
    /// field completion is the visit time's alone.
    @Test func anInputThatDrivesEverythingHasFirstOrderAtLeastNinetyPercent() throws {
        let plan = try Fixture.plan("""
        scenario: small.yaml
        mode: p2p
        set: {field.visit: {dist: lognormal, mean: 6m, sd: 4m}}
        design: {type: sobol, n: 32}
        axes:
          field.visit.mean: {from: 5, to: 60, unit: m}
          field.not_home: {from: 0.14, to: 0.16}
          p2p.push_fails: {from: 0, to: 0.01}
        replications: 2
        measures: [order_complete, field_complete]
        """)
        let a = try Self.analysis(try Fixture.run(plan))
        let t = try #require(a.tables.first { $0.output.name == "field_complete_hours.mean" })
        let s1 = try #require(t.indices.first { $0.kind == .s1 && $0.input == 0 })
        #expect(s1.value >= 0.9, "S1 of field.visit.mean: \(s1.value)")
    }

    @Test func morrisSweepGivesElementaryEffectsPerInput() throws {
        let plan = try Fixture.plan("""
        scenario: small.yaml
        mode: p2p
        set:
          field.visit: {dist: lognormal, mean: 6m, sd: 4m}
          field.travel: {dist: lognormal, mean: 3m, sd: 2m}
        design: {type: morris, trajectories: 6, levels: 4}
        axes:
          field.visit.mean: {from: 5, to: 30, unit: m}
          field.travel.mean: {dist: lognormal, mean: 3, sd: 1, unit: m}
        replications: 2
        measures: [order_complete]
        """)
        #expect(plan.header.points.count == 6 * 3)
        let a = try Self.analysis(try Fixture.run(plan))
        let t = try #require(a.tables.first)
        #expect(Set(t.indices.map(\.kind)) == [.muStar, .mu, .sigma])
        let visit = try #require(t.indices.first { $0.kind == .muStar && $0.input == 0 })
        #expect(visit.value > 0 && visit.low <= visit.value && visit.value <= visit.high)
    }

    @Test func designNamesReadBack() {
        for d: SweepDesign in [.grid, .oat, .lhs(points: 7), .sobol(n: 64, secondOrder: false),
                               .sobol(n: 8, secondOrder: true), .morris(trajectories: 10, levels: 4)] {
            #expect(SweepDesign(name: d.name) == d)
        }
        #expect(SweepDesign(name: "sobol(x)") == nil)
        #expect(SweepFileReader.maxSobolInputs == SaltelliDesign.maxInputs)
    }
}

/// Bad sensitivity sweep files: every problem named with key and line.
@Suite struct SensitivitySweepFileTests {
    func only(_ text: String) throws -> ScenarioIssue {
        let issues = try Fixture.issues(text)
        #expect(issues.count == 1, "\(issues)")
        return try #require(issues.first)
    }

    @Test func reversedBoundsAreRefused() throws {
        let i = try only("""
        scenario: small.yaml
        design: {type: sobol, n: 8}
        axes:
          field.not_home: {dist: uniform, min: 0.4, max: 0.1}
        """)
        #expect(i.key == "axes.field.not_home.max" && i.line == 4 && i.message.contains("reversed"))
        let range = try only("""
        scenario: small.yaml
        design: {type: sobol, n: 8}
        axes:
          field.not_home: {from: 0.4, to: 0.1}
        """)
        #expect(range.key == "axes.field.not_home.to" && range.line == 4)
    }

    @Test func aLawWithoutItsParametersIsRefused() throws {
        let i = try only("""
        scenario: small.yaml
        design: {type: sobol, n: 8}
        axes:
          field.visit.mean: {dist: triangular, min: 4, max: 12, unit: m}
        """)
        #expect(i.key == "axes.field.visit.mean.mode" && i.line == 4 && i.message.contains("missing key 'mode'"))
    }

    @Test func aBaseSampleThatIsNotAPowerOfTwoGetsTheNextOne() throws {
        let i = try only("""
        scenario: small.yaml
        design:
          type: sobol
          n: 100
        axes:
          field.not_home: {from: 0.1, to: 0.3}
        """)
        #expect(i.key == "design.n" && i.line == 4 && i.message.contains("use 128"))
    }

    @Test func tooManyInputsForTheSequence() throws {
        let axes = (0..<21).map { "  layout.fanout.x\($0): {from: 1, to: 2}" }.joined(separator: "\n")
        let issues = try Fixture.issues("scenario: small.yaml\ndesign: {type: sobol, n: 8}\naxes:\n" + axes + "\n")
        #expect(issues.count == 1)
        let i = try #require(issues.first)
        #expect(i.key == "axes" && i.line == 4 && i.message.contains("at most 20 inputs"))
    }

    @Test func aDesignOfMoreThanAMillionPointsIsRefusedBeforeAnyPoint() throws {
        let i = try only("""
        scenario: small.yaml
        design: {type: sobol, n: 1048576}
        axes:
          field.not_home: {from: 0.1, to: 0.3}
        """)
        #expect(i.key == "design.n" && i.line == 2 && i.message.contains("3145728 points"))
    }

    @Test func anInputPathThatDoesNotExist() throws {
        let i = try only("""
        scenario: small.yaml
        design: {type: sobol, n: 4}
        axes:
          field.not_home: {from: 0.1, to: 0.3}
          field.nope: {from: 1, to: 2}
        """)
        #expect(i.key == "axes.field.nope" && i.line == 5)
    }

    @Test func lawsOnlyInSensitivityDesignsAndEvenMorrisLevels() throws {
        let grid = try only("""
        scenario: small.yaml
        axes:
          field.not_home: {dist: uniform, min: 0.1, max: 0.3}
        """)
        #expect(grid.key == "axes.field.not_home.dist" && grid.message.contains("only for designs sobol and morris"))
        let odd = try only("""
        scenario: small.yaml
        design: {type: morris, trajectories: 10, levels: 5}
        axes:
          field.not_home: {from: 0.1, to: 0.3}
        """)
        #expect(odd.key == "design.levels" && odd.line == 2)
    }
}
