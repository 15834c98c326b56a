import Foundation
import Testing

/// `muster optimize`: refusals name the option; resuming from a state file.
@Suite struct OptimizeCommandTests {
    static let base = ["optimize", "scenarios/lingfeng.yaml", "--first-batch", "10", "--max-replications", "20"]

    @Test(arguments: [
        (["--vary", "team.volunteers=0..4", "--target", "p2p.order_finished.mean <= 7h"], "--target", "unknown measure"),
        (["--vary", "team.volunteers=0..4", "--target", "p2p.order_complete.p100 <= 7h"], "--target", "unknown statistic"),
        (["--vary", "team.volunteers=0..4", "--target", "p2p.order_complete.mean <= 7"], "--target", "give the value with a unit"),
        (["--vary", "team.volunteers=0..4", "--target", "p2p.unreached.mean <= 7h"], "--target", "plain number"),
        (["--vary", "team.volunteers=4..0", "--target", "p2p.order_complete.mean <= 7h"], "--vary", "reversed"),
        (["--vary", "team.volunteers=4..4", "--target", "p2p.order_complete.mean <= 7h"], "--vary", "empty"),
        (["--vary", "team.volunteerz=0..4", "--target", "p2p.order_complete.mean <= 7h"], "--vary team.volunteerz", "does not accept"),
        (["--vary", "team.volunteers=0..4", "--target", "p2p.order_complete.mean <= 7h", "--confidence", "1.2"], "--confidence", "between 0.5 and 1"),
        (["--vary", "team.volunteers=0..4", "--target", "p2p.order_complete.mean <= 7h", "--confidence", "0.5"], "--confidence", "between 0.5 and 1"),
        (["--target", "p2p.order_complete.mean <= 7h"], "--vary", "missing"),
    ])
    func badInputExitsTwoNamingTheOption(args: [String], option: String, message: String) throws {
        let r = try CLI.run(Self.base + args + ["--quiet"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains(option) && r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func aQuestionFileWithAnUnknownKeyIsLocated() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let q = dir.appendingPathComponent("q.yaml")
        try Data("vary: team.volunteers=0..4\ntarget: p2p.order_complete.mean <= 7h\nconfidnce: 0.9\n".utf8).write(to: q)
        let r = try CLI.run(["optimize", "--question", q.path, "scenarios/lingfeng.yaml", "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("q.yaml:3") && r.stderr.contains("confidnce") && r.stderr.contains("allowed"), "\(r.stderr)")
    }

    /// The same question with the same state file simulates nothing more
    /// and answers the same; `--out` writes its three files.
    @Test func aStateFileResumes() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let state = dir.appendingPathComponent("state.json").path
        let args = Self.base + ["--vary", "team.volunteers=0..4", "--target", "p2p.order_complete.mean <= 7h", "--state", state]
        let first = try CLI.run(args)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("replications"))
        let second = try CLI.run(args)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stderr.contains("replications"), "\(second.stderr)")
        #expect(second.stdout == first.stdout && first.stdout.contains("Answer: team.volunteers = "))
        let out = dir.appendingPathComponent("out")
        let third = try CLI.run(args + ["--json", "--out", out.path])
        #expect(third.status == 0, "\(third.stderr)")
        for name in ["optimize.json", "probes.csv", "optimize.svg"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)")
        }
        // Another question refuses the file.
        let other = try CLI.run(Self.base + ["--vary", "team.members=0..4", "--target", "p2p.order_complete.mean <= 7h",
                                            "--state", state, "--quiet"])
        #expect(other.status == 2 && other.stderr.contains("--state"))
    }
}
