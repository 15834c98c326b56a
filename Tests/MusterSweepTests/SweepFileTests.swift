import Foundation
import MusterScenario
import Testing
@testable import MusterSweep

@Suite struct SweepFileTests {
    @Test func shippedVolunteersSweepIsElevenBySixPoints() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let file = try SweepFileReader.load(path: root.appendingPathComponent("scenarios/sweeps/volunteers.yaml").path)
        let plan = try SweepPlan.make(file)
        #expect(plan.header.points.count == 11 * 6)
        #expect(plan.header.modes == [.tiered, .p2p])
        // First axis slowest: point 7 is volunteers 1, households 60.
        #expect(plan.header.points[7].overrides == ["team.volunteers=1", "layout.households=60"])
        #expect(plan.scenarios[7].team.volunteers == .fixed(1))
        #expect(plan.scenarios[7].layout.households == .fixed(60))
        // Every point shares the sweep's seed (common random numbers).
        #expect(Set(plan.scenarios.map(\.seed)) == [20200601])
    }

    @Test func rangesIncludeTheirEndAndLogSpacingIsGeometric() throws {
        let plan = try Fixture.plan("""
        scenario: small.yaml
        axes:
          field.not_home: {from: 0.1, to: 0.3, step: 0.1}
          field.revisit_after: {from: 1, to: 100, count: 3, scale: log, unit: m}
        replications: 2
        """)
        let texts = plan.header.points.map { $0.values.map { $0!.text } }
        #expect(texts.count == 9)
        #expect(texts.prefix(3).map { $0[1] } == ["1m", "10m", "100m"])
        #expect(Set(texts.map { $0[0] }) == ["0.1", "0.2", "0.3"])
        #expect(plan.scenarios[1].field.revisitAfter == 600)
        #expect(plan.scenarios[8].field.notHome == 0.3)
    }

    @Test func integerLogAxisRoundsToWholeNumbers() throws {
        let axis = SweepAxis(path: "team.volunteers", values: .range(from: 1, to: 100, step: nil, count: 5, log: true),
                             integer: true, unit: nil, base: nil, line: nil)
        // 100^(k/4): 1, 3.16, 10, 31.6, 100.
        #expect(try Design.values(axis).map(\.text) == ["1", "3", "10", "32", "100"])
        let crowded = SweepAxis(path: "team.volunteers", values: .range(from: 0, to: 2, step: nil, count: 5, log: false),
                                integer: true, unit: nil, base: nil, line: 4)
        #expect(throws: Design.Problem.self) { try Design.values(crowded) }
    }

    @Test func oneAtATimeVariesEachAxisAloneAroundTheBase() throws {
        let plan = try Fixture.plan("""
        scenario: small.yaml
        design: oat
        axes:
          team.volunteers: {values: [0, 2, 4], base: 2}
          field.not_home: [0.1, 0.2]
        replications: 2
        """)
        let texts = plan.header.points.map { $0.values.map { $0?.text ?? "-" } }
        #expect(texts == [["2", "-"], ["0", "-"], ["4", "-"], ["2", "0.1"], ["2", "0.2"]])
    }

    @Test func pointValuesTheScenarioRefusesAreReportedAtTheAxisLine() throws {
        let issues = try Fixture.issues("""
        scenario: small.yaml
        axes:
          field.not_home: [0.1, 1.5]
          team.volunteers: {values: [1, 2.5], integer: false}
        replications: 2
        """)
        #expect(issues.count == 2)
        #expect(issues[0].line == 3 && issues[0].key == "axes.field.not_home")
        #expect(issues[0].message.contains("value 1.5"))
        #expect(issues[1].line == 4 && issues[1].key == "axes.team.volunteers")
        #expect(issues[1].message.contains("2.5") && issues[1].message.contains("integer"))
    }

    /// Each broken file gives exactly the expected (line, key) issues.
    @Test(arguments: [
        ("scenario: small.yaml\naxes: {team.volunteers: [1]}\nreplication: 3\n", [(3, "replication")]),
        ("axes: {team.volunteers: [1]}\n", [(1, "scenario")]),
        ("scenario: small.yaml\naxes: {team.volunteers: [1]}\ndesign: lhs\n", [(3, "design")]),
        ("scenario: small.yaml\naxes: {team.volunteers: [1]}\nreplications: 3\nprecision: {target: 0.1}\n", [(3, "replications")]),
        ("scenario: small.yaml\naxes:\n  field.not_home: {from: 0.1, to: 0.3, step: 0.1, scale: log}\n", [(3, "axes.field.not_home.step")]),
        ("scenario: small.yaml\naxes:\n  seed: [1, 2]\n", [(3, "axes.seed")]),
        ("scenario: small.yaml\naxes:\n  team.volunteers: [1, 1]\n", [(3, "axes.team.volunteers")]),
        ("scenario: small.yaml\naxes:\n  team.volunteers: {values: [1, 1.5], integer: true}\n  field.not_home: {from: 0.3, to: 0.1, step: 0.1}\n", [(3, "axes.team.volunteers.values"), (4, "axes.field.not_home.to")]),
        ("scenario: small.yaml\naxes: {team.volunteers: [1]}\nprecision: {target: 2, batch: 1}\n", [(3, "precision.target"), (3, "precision.batch")]),
        ("scenario: small.yaml\naxes: {team.volunteers: [1]}\nmeasures: [order_complete_hours, speed]\n", [(3, "measures")]),
        ("scenario: missing.yaml\naxes: {team.volunteers: [1]}\n", [(-1, "scenario")]),
        ("scenario: small.yaml\nset: {field.not_home: 2}\naxes: {team.volunteers: [1]}\n", [(2, "set.field.not_home")]),
    ] as [(String, [(Int, String)])])
    func brokenSweepFiles(text: String, expected: [(Int, String)]) throws {
        let issues = try Fixture.issues(text)
        #expect(issues.map { $0.line ?? -1 } == expected.map(\.0), "\(issues)")
        #expect(issues.map(\.key) == expected.map(\.1), "\(issues)")
        #expect(issues.allSatisfy { $0.file.hasSuffix("sweep.yaml") && !$0.message.isEmpty })
    }

    /// precision.target reads like --precision: 2% or 0.02, the same bits;
    /// a bare 2 asks for 2%.
    @Test func precisionTargetTakesAPercentage() throws {
        let pct = try Fixture.plan("scenario: small.yaml\naxes: {team.volunteers: [1]}\nprecision: {target: 2%}\n")
        let plain = try Fixture.plan("scenario: small.yaml\naxes: {team.volunteers: [1]}\nprecision: {target: 0.02}\n")
        #expect(pct.header.plan == ReplicationPlan.precision(target: 0.02, batch: 10, max: 200))
        #expect(pct.header.plan == plain.header.plan)
        let bare = try Fixture.issues("scenario: small.yaml\naxes: {team.volunteers: [1]}\nprecision: {target: 2}\n")
        #expect(bare.count == 1 && bare[0].key == "precision.target" && bare[0].message.contains("did you mean 2%?"), "\(bare)")
    }

    @Test func flowYamlOfListValuesIsPassedToTheScenario() throws {
        let plan = try Fixture.plan("""
        scenario: small.yaml
        axes:
          tiered.levels: [[city, street, grid], [city, grid]]
          tiered.default.forward: [sequential, broadcast]
        replications: 2
        """)
        #expect(plan.header.points.count == 4)
        #expect(plan.scenarios[2].tiered.levels.map(\.name) == ["city", "grid"])
        #expect(plan.scenarios[1].tiered.perLevel[.street]?.forward == .broadcast)
        #expect(plan.header.points[0].values[0]?.number == nil)
    }
}
