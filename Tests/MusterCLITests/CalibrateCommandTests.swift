import Foundation
import Testing

/// `muster calibrate` and `run --posterior` through the binary: bad input
/// is refused before anything runs, the posterior is the same for any
/// thread count, a state file resumes.
@Suite struct CalibrateCommandTests {
    static let base = ["calibrate", "scenarios/drill/district.yaml", "--observed", "scenarios/drill/drill-p2p.csv", "--mode", "p2p",
                       "--vary", "field.visit.mean=3..15m", "--population", "20", "--generations", "1", "--quiet"]

    @Test func badInputIsRefusedWithItsPlace() throws {
        let dir = try CLI.tempDir()
        let log = dir.appendingPathComponent("log.csv")
        try "unit_id,done_hours\ns1c1g1m1,2\ns1c1g1m1,3\ns1c1g1,1\n".write(to: log, atomically: true, encoding: .utf8)
        let r = try CLI.run(["calibrate", "scenarios/drill/district.yaml", "--observed", log.path, "--mode", "p2p",
                             "--vary", "field.visit.mean=3..15m"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("log.csv:3: unit_id: duplicate unit_id 's1c1g1m1' (first on line 2)"))
        #expect(r.stderr.contains("log.csv:4: unit_id: 's1c1g1' is a grid of the layout"))
        #expect(r.stderr.contains("nothing was fitted"))
        for (vary, says) in [("field.hours=1..2", "expected a calendar"), ("field.not_home=0.5..1.5", "is not allowed"),
                             ("field.visit.mean=15..3m", "reversed")] {
            let v = try CLI.run(["calibrate", "scenarios/drill/district.yaml", "--observed", "scenarios/drill/drill-p2p.csv",
                                 "--mode", "p2p", "--vary", vary])
            #expect(v.status == 2 && v.stderr.contains(says), "\(vary): \(v.stderr)")
        }
        let fanout = try CLI.run(["calibrate", "scenarios/lingfeng.yaml", "--observed", "scenarios/drill/drill-p2p.csv",
                                  "--mode", "p2p", "--vary", "field.visit.mean=3..15m"])
        #expect(fanout.status == 2 && fanout.stderr.contains("layout CSV"))
    }

    @Test func samePosteriorForAnyThreadsAndAfterResume() throws {
        let dir = try CLI.tempDir()
        let one = try CLI.run(Self.base + ["--threads", "1", "--out", dir.appendingPathComponent("one").path])
        let two = try CLI.run(Self.base + ["--threads", "2", "--out", dir.appendingPathComponent("two").path])
        #expect(one.status == 0 && two.status == 0, "\(one.stderr)\(two.stderr)")
        let a = try Data(contentsOf: dir.appendingPathComponent("one/posterior.csv"))
        let b = try Data(contentsOf: dir.appendingPathComponent("two/posterior.csv"))
        #expect(a == b && !a.isEmpty)
        let state = dir.appendingPathComponent("state.json").path
        let first = try CLI.run(Self.base + ["--state", state, "--out", dir.appendingPathComponent("s1").path])
        let again = try CLI.run(Self.base + ["--state", state, "--out", dir.appendingPathComponent("s2").path])
        #expect(first.status == 0 && again.status == 0)
        #expect(try Data(contentsOf: dir.appendingPathComponent("s2/posterior.csv")) == a)
        let other = try CLI.run(Self.base + ["--seed", "5", "--state", state])
        #expect(other.status == 2 && other.stderr.contains("holds another calibration"))

        let run = try CLI.run(["run", "scenarios/drill/district.yaml", "--mode", "p2p", "--replications", "6", "--quiet",
                               "--posterior", dir.appendingPathComponent("one/posterior.csv").path, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("\"distinct_particles_used\""))
    }
}
