import Foundation
import Testing

/// `muster select`: refusals name the file or option and key; the same
/// answer for any thread count; resuming from a state file; the shipped
/// question.
@Suite struct SelectCommandTests {
    static let base = ["select", "scenarios/lingfeng.yaml", "--first-stage", "5", "--max-replications", "30"]

    @Test(arguments: [
        ([String](), "candidates", "only one candidate"),
        (["--variant", "team.volunteers=5"], "--by", "missing"),
        (["--variant", "team.volunteers=5", "--by", "p2p.order_finished.mean", "--indifference", "30m"], "--by", "unknown measure"),
        (["--variant", "team.volunteers=5", "--by", "p2p.order_complete.p100", "--indifference", "30m"], "--by", "unknown statistic"),
        (["--variant", "team.volunteers=5", "--by", "p2p.order_complete.mean"], "--indifference", "missing"),
        (["--variant", "team.volunteers=5", "--by", "p2p.order_complete.mean", "--indifference", "0m"], "--indifference", "more than zero"),
        (["--variant", "team.volunteers=5", "--by", "p2p.order_complete.mean", "--indifference", "30"], "--indifference", "with a unit"),
        (["--variant", "team.volunteers=5", "--by", "p2p.unreached.mean", "--indifference", "1h"], "--indifference", "plain number"),
        (["--variant", "team.volunteers=5", "--by", "p2p.order_complete.mean", "--indifference", "30m", "--confidence", "1"],
         "--confidence", "between 0.5 and 1"),
        (["--variant", "team.volunteerz=5", "--by", "p2p.order_complete.mean", "--indifference", "30m"], "--variant", "team.volunteerz"),
        (["--variant", "layout.households={min: 10, max: 20}", "--by", "p2p.order_complete.mean", "--indifference", "30m",
          "--sampling", "crn"], "--variant layout.households={min: 10, max: 20}: layout.households", "cannot share random numbers"),
        (["--variant", "team.volunteers=5", "--by", "p2p.order_complete.mean", "--indifference", "30m", "--sampling", "paired"],
         "--sampling", "auto, crn or independent"),
    ])
    func badInputExitsTwoNamingWhere(args: [String], place: String, message: String) throws {
        let r = try CLI.run(Self.base + args + ["--quiet"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains(place) && r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func aQuestionFileWithAnUnknownKeyIsLocated() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let q = dir.appendingPathComponent("q.yaml")
        try Data("variants: [team.volunteers=5]\nby: p2p.order_complete.mean\nindiference: 30m\n".utf8).write(to: q)
        let r = try CLI.run(["select", "--question", q.path, "scenarios/lingfeng.yaml", "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("q.yaml:3") && r.stderr.contains("indiference") && r.stderr.contains("allowed"), "\(r.stderr)")
        try Data("scenario: ../nowhere.yaml\nvariants: [team.volunteers=5]\nby: p2p.order_complete.mean\nindifference: 30m\nbest: fastest\n".utf8)
            .write(to: q)
        let bad = try CLI.run(["select", "--question", q.path, "--quiet"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("q.yaml:5: best") && bad.stderr.contains("smallest or largest"), "\(bad.stderr)")
    }

    /// Same seed, same bytes, whatever the threads; the state file makes a
    /// second run simulate nothing; --out writes its four files.
    @Test func deterministicAndResumable() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let state = dir.appendingPathComponent("state.json")
        let args = Self.base + ["--variant", "team.volunteers=6", "--variant", "p2p.adoption=0.5",
                                "--by", "p2p.order_complete.mean", "--indifference", "20m", "--json", "--quiet"]
        let one = try CLI.run(args + ["--threads", "1"])
        let two = try CLI.run(args + ["--threads", "2", "--state", state.path])
        #expect(one.status == 0 && two.status == 0, "\(one.stderr)\(two.stderr)")
        #expect(one.stdout == two.stdout)
        #expect(one.stdout.contains("\"procedure\"") && one.stdout.contains("\"bonferroni_replications\""))
        let written = try FileManager.default.attributesOfItem(atPath: state.path)[.modificationDate] as? Date
        let out = dir.appendingPathComponent("out")
        let three = try CLI.run(args + ["--threads", "2", "--state", state.path, "--out", out.path])
        #expect(three.status == 0, "\(three.stderr)")
        #expect(three.stdout == one.stdout)
        let again = try FileManager.default.attributesOfItem(atPath: state.path)[.modificationDate] as? Date
        #expect(written == again, "the resumed run simulated again")
        for name in ["select.json", "candidates.csv", "select.svg", "select.txt"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)")
        }
        // Another question refuses the file.
        let other = try CLI.run(Self.base + ["--variant", "team.volunteers=2", "--by", "p2p.order_complete.mean",
                                            "--indifference", "20m", "--state", state.path, "--quiet"])
        #expect(other.status == 2 && other.stderr.contains("--state"), "\(other.stderr)")
    }

    /// The shipped question, on a small copy of Beilun (one street): it
    /// reads, says which candidates cannot share random numbers, and answers.
    @Test func shippedQuestionRuns() throws {
        let r = try CLI.run(["select", "--question", "scenarios/questions/beilun-best-layout.yaml",
                             "--set", "layout.fanout.street=1", "--set", "layout.fanout.community=2",
                             "--by", "p2p.order_complete.mean", "--first-stage", "5", "--max-replications", "12"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("7 candidates"), "\(r.stdout)")
        #expect(r.stdout.contains("layout.households") && r.stdout.contains("sampled independently"), "\(r.stdout)")
        #expect(r.stderr.contains("select: 7 candidates"))
    }
}
