import Foundation
import Testing

/// `muster validate` on a sweep file checks it as a sweep file (issue 28:
/// it used to report `axes` and `measures` as unknown scenario keys).
@Suite struct ValidateSweepFileTests {
    @Test func shippedSweepFileIsValid() throws {
        let r = try CLI.run(["validate", "scenarios/sweeps/volunteers.yaml"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("valid sweep file"), "\(r.stdout)")
        #expect(r.stdout.contains("axes: "), "\(r.stdout)")
        #expect(!r.stderr.contains("unknown key"), "\(r.stderr)")
    }

    @Test func describesPointsAndAxes() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try CLI.writeScenario(CLI.smallScenario, in: dir)
        let sweep = try CLI.writeScenario("""
            name: push
            scenario: s.yaml
            axes:
              p2p.push_fails: [0, 0.1, 0.3]
              team.volunteers: [0, 2]
            replications: 4
            measures: [order_complete_hours, unreached]

            """, in: dir, name: "push.yaml")
        let r = try CLI.run(["validate", sweep])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("push: valid sweep file\n"), "\(r.stdout)")
        #expect(r.stdout.contains("6 points × 4 replications × tiered and p2p · grid design · seed 42"), "\(r.stdout)")
        #expect(r.stdout.contains("axes: p2p.push_fails (3 values), team.volunteers (2 values)"), "\(r.stdout)")
        #expect(r.stdout.contains("measures: order_complete_hours, unreached"), "\(r.stdout)")
        // Nothing was simulated or written beside the files.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["push.yaml", "s.yaml"])
    }

    @Test func sweepProblemsAreSweepProblems() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try CLI.writeScenario(CLI.smallScenario, in: dir)
        let sweep = try CLI.writeScenario("""
            scenario: s.yaml
            axes:
              team.volunteers: [0, -1]
              field.not_hom: [0.1]
            replications: 4
            measures: [order_complete_hours, nonsense]

            """, in: dir, name: "bad.yaml")
        let r = try CLI.run(["validate", sweep])
        #expect(r.status == 2, "\(r.stdout)\n\(r.stderr)")
        #expect(!r.stderr.contains("unknown key 'axes'") && !r.stderr.contains("unknown key 'measures'"), "\(r.stderr)")
        #expect(r.stderr.contains("measures"), "\(r.stderr)")
        #expect(r.stderr.contains("problem"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func deprecatedMeasureNamesWarn() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try CLI.writeScenario(CLI.smallScenario, in: dir)
        let sweep = try CLI.writeScenario("scenario: s.yaml\naxes:\n  team.volunteers: [0, 1]\nreplications: 2\nmeasures: [order_complete]\n",
                                          in: dir, name: "old.yaml")
        let r = try CLI.run(["validate", sweep])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("deprecated"), "\(r.stderr)")
    }

    @Test func setIsRefusedForASweepFile() throws {
        let r = try CLI.run(["validate", "scenarios/sweeps/volunteers.yaml", "--set", "seed=3"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("sweep file") && r.stderr.contains("--set"), "\(r.stderr)")
    }

    @Test func scenariosAreValidatedAsBefore() throws {
        let r = try CLI.run(["validate", "scenarios/lingfeng.yaml"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("lingfeng: valid\n"), "\(r.stdout)")
    }
}
