import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `muster sweep` and `muster merge` as a user runs them.
@Suite struct SweepCommandTests {
    static let sweep = """
    scenario: s.yaml
    axes:
      team.volunteers: [0, 1, 2, 3]
      field.not_home: [0.1, 0.2]
    replications: 10
    measures: [order_complete_hours, field_complete_hours]

    """

    /// A folder with the small scenario and the sweep above.
    private func setUp(_ text: String = sweep) throws -> (dir: URL, sweep: String) {
        let dir = try CLI.tempDir()
        _ = try CLI.writeScenario(CLI.smallScenario, in: dir)
        return (dir, try CLI.writeScenario(text, in: dir, name: "sweep.yaml"))
    }

    private func json(_ r: CLIResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any], "\(r.stdout)\n\(r.stderr)")
    }

    /// Starts a sweep, waits until it has committed results, then sends
    /// `sig`; returns how the process ended.
    /// Started as a shell starts it (`ShellProcess`): with the test
    /// runner's blocked signals passed on, a lost Ctrl-C went unnoticed.
    private func interrupt(_ args: [String], out: URL, with sig: Int32) throws -> (Process.TerminationReason, Int32) {
        let p = try ShellProcess(args)
        // The write-ahead log grows past its header with the first commit.
        let wal = out.appendingPathComponent("sweep.sqlite-wal").path
        p.wait(until: { ((try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0) > 4096 }, timeout: 30)
        p.send(sig)
        let status = p.waitForExit() ?? -1
        return (p.killedBySignal ? .uncaughtSignal : .exit, p.killedBySignal ? status - 128 : status)
    }

    @Test(arguments: [SIGKILL, SIGINT])
    func interruptedSweepResumesToTheSameDatabaseContent(signal sig: Int32) throws {
        let (dir, path) = try setUp()
        let whole = try CLI.run(["sweep", path, "--out", dir.appendingPathComponent("whole").path, "--json"])
        #expect(whole.status == 0, "\(whole.stderr)")
        let out = dir.appendingPathComponent("part")
        let (reason, status) = try interrupt(["sweep", path, "--out", out.path, "--threads", "1", "--quiet"], out: out, with: sig)
        if sig == SIGKILL {
            #expect(reason == .uncaughtSignal, "the sweep finished before it could be killed")
        } else {
            // Ctrl-C: stops after storing what is in flight, exit 130.
            #expect(reason == .exit && status == 130)
        }
        // Without --resume the folder is refused.
        let again = try CLI.run(["sweep", path, "--out", out.path])
        #expect(again.status == 2 && again.stderr.contains("--resume"))
        let resumed = try CLI.run(["sweep", path, "--out", out.path, "--resume", "--json"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let a = try json(whole), b = try json(resumed)
        #expect((b["already_stored"] as? Int ?? 0) > 0 && (b["simulated"] as? Int ?? 0) > 0,
                "the interrupted run stored nothing, or everything: \(b)")
        #expect(b["rows"] as? Int == 8 * 10 * 2)
        #expect(a["content_sha256"] as? String == b["content_sha256"] as? String)
    }

    @Test func shardsMergedByTheCommandEqualASingleRun() throws {
        let (dir, path) = try setUp(Self.sweep.replacingOccurrences(of: "replications: 10", with: "replications: 4"))
        let single = try CLI.run(["sweep", path, "--out", dir.appendingPathComponent("single").path, "--json", "--threads", "1"])
        #expect(single.status == 0, "\(single.stderr)")
        var shards: [String] = []
        for k in 1...3 {
            let o = dir.appendingPathComponent("shard-\(k)").path
            let r = try CLI.run(["sweep", path, "--out", o, "--shard", "\(k)/3", "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            shards.append(o)
        }
        // One shard short: refused, naming what is missing, nothing written.
        let partial = try CLI.run(["merge"] + shards.prefix(2) + ["--out", dir.appendingPathComponent("m1").path])
        #expect(partial.status == 2)
        #expect(partial.stderr.contains("missing") && partial.stderr.contains("shard 3/3"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m1/sweep.sqlite").path))
        let merged = try CLI.run(["merge"] + shards + ["--out", dir.appendingPathComponent("merged").path, "--json"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(try json(merged)["content_sha256"] as? String == json(single)["content_sha256"] as? String)
        let csv = try String(contentsOf: dir.appendingPathComponent("merged/summary.csv"), encoding: .utf8)
        let single_csv = try String(contentsOf: dir.appendingPathComponent("single/summary.csv"), encoding: .utf8)
        #expect(csv == single_csv)
        // 8 points × 2 modes × 2 measures, and a header.
        #expect(csv.split(separator: "\n").count == 33)
        #expect(csv.hasPrefix("point,team.volunteers,field.not_home,mode,measure,n,"))
    }

    /// Issue 7's validation: when B is A with one parameter changed, the
    /// paired difference `compare` reports is the difference of the two
    /// sweep points' means (same seed, same replications: the same runs).
    @Test func compareAndSweepReportTheSameDifference() throws {
        let text = """
        scenario: s.yaml
        axes:
          team.volunteer_speed: [0.8, 0.5]
        replications: 5
        measures: [order_complete_hours, field_complete_hours]

        """
        let (dir, path) = try setUp(text)
        let out = dir.appendingPathComponent("sw")
        let sweep = try CLI.run(["sweep", path, "--out", out.path, "--quiet"])
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let csv = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
        let header = csv.split(separator: "\n")[0].split(separator: ",").map(String.init)
        let col = { (name: String) in header.firstIndex(of: name)! }
        var mean: [String: Double] = [:]   // "point mode" -> mean order completion
        for line in csv.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f[col("measure")] == "order_complete_hours" else { continue }
            mean["\(f[col("point")]) \(f[col("mode")])"] = Double(f[col("mean")])
        }
        let cmp = try CLI.run(["compare", dir.appendingPathComponent("s.yaml").path,
                               "--variant", "team.volunteer_speed=0.5", "--replications", "5", "--json", "--quiet"])
        #expect(cmp.status == 0, "\(cmp.stderr)")
        let obj = try json(cmp)
        let diffs = try #require(obj["differences"] as? [[String: Any]])
        for mode in ["tiered", "p2p"] {
            let d = try #require(diffs.first { $0["mode"] as? String == mode })
            let reported = try #require((d["order_complete_diff_hours"] as? [String: Any])?["mean"] as? Double)
            let fromSweep = try #require(mean["1 \(mode)"]) - (try #require(mean["0 \(mode)"]))
            #expect(abs(reported - fromSweep) <= 1e-9 * max(1, abs(fromSweep)), "\(mode): compare \(reported), sweep \(fromSweep)")
        }
    }

    /// The sweep and the merge leave response figures; `plot` redraws the
    /// same bytes; each figure is XML with a line per mode and value of the
    /// other axis, against the axis asked for.
    @Test func responseFiguresAreDrawnAndRedrawn() throws {
        let (dir, path) = try setUp(Self.sweep.replacingOccurrences(of: "replications: 10", with: "replications: 3"))
        let out = dir.appendingPathComponent("s")
        let r = try CLI.run(["sweep", path, "--out", out.path, "--quiet"], environment: ["PATH": ""])
        #expect(r.status == 0, "\(r.stderr)")
        let p50 = try Data(contentsOf: out.appendingPathComponent("response_p50.svg"))
        #expect(XMLParser(data: p50).parse())
        let svg = String(decoding: p50, as: UTF8.self)
        // 2 modes × 2 values of field.not_home, drawn against team.volunteers.
        #expect(svg.components(separatedBy: "class=\"series\"").count - 1 == 4)
        #expect(svg.contains("team.volunteers") && svg.contains("field.not_home=0.2"))
        let again = try CLI.run(["plot", out.path, "--quiet"], environment: ["PATH": ""])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Data(contentsOf: out.appendingPathComponent("response_p50.svg")) == p50)
        // Across the other axis instead: 2 modes × 4 volunteer counts.
        let other = try CLI.run(["plot", out.path, "--x", "field.not_home", "--quiet"], environment: ["PATH": ""])
        #expect(other.status == 0, "\(other.stderr)")
        let svg2 = try String(contentsOf: out.appendingPathComponent("response_p90.svg"), encoding: .utf8)
        #expect(svg2.components(separatedBy: "class=\"series\"").count - 1 == 8)
        let bad = try CLI.run(["plot", out.path, "--x", "team.heads"])
        #expect(bad.status == 2 && bad.stderr.contains("no axis 'team.heads'"))
    }

    @Test func badInputIsRefusedWithExitCode2() throws {
        let (dir, _) = try setUp()
        let broken = try CLI.writeScenario("scenario: s.yaml\naxes:\n  seed: [1, 2]\nreplications: 2\n", in: dir, name: "broken.yaml")
        let r = try CLI.run(["sweep", broken, "--out", dir.appendingPathComponent("o").path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("broken.yaml:3: axes.seed: cannot be an axis"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("o").path))

        let (_, path) = try setUp()
        let shard = try CLI.run(["sweep", path, "--out", dir.appendingPathComponent("o2").path, "--shard", "3/2"])
        #expect(shard.status == 2 && shard.stderr.contains("1…N"))

        // --resume against a changed sweep file is refused.
        let small = try setUp(Self.sweep.replacingOccurrences(of: "replications: 10", with: "replications: 2"))
        let out = small.dir.appendingPathComponent("o").path
        #expect(try CLI.run(["sweep", small.sweep, "--out", out]).status == 0)
        try Data(Self.sweep.replacingOccurrences(of: "replications: 10", with: "replications: 3").utf8)
            .write(to: URL(fileURLWithPath: small.sweep))
        let changed = try CLI.run(["sweep", small.sweep, "--out", out, "--resume"])
        #expect(changed.status == 2 && changed.stderr.contains("another sweep definition"))

        let notDB = try CLI.run(["merge", dir.path, "--out", dir.appendingPathComponent("m").path])
        #expect(notDB.status == 2 && notDB.stderr.contains("no such file"))
    }

    /// A second writer on the same folder stops at once with exit 2 naming
    /// the first one's process; the first finishes undisturbed.
    @Test func twoWritersOnOneFolder() throws {
        let big = Self.sweep.replacingOccurrences(of: "replications: 10", with: "replications: 400")
        let (dir, path) = try setUp(big)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("shared")
        let first = try ShellProcess(["sweep", path, "--out", out.path, "--threads", "1", "--quiet"])
        let lock = out.appendingPathComponent(".muster-lock").path
        first.wait(until: { !((try? String(contentsOfFile: lock, encoding: .utf8)) ?? "").isEmpty }, timeout: 30)
        let second = try CLI.run(["sweep", path, "--out", out.path, "--resume", "--quiet"])
        #expect(second.status == 2, "\(second.stderr)")
        #expect(second.stderr.contains("process \(first.pid)"), "\(second.stderr)")
        let merge = try CLI.run(["merge", out.path, "--out", out.path])
        #expect(merge.status == 2, "\(merge.stderr)")
        first.send(SIGTERM)
        #expect(first.waitForExit() == 128 + SIGTERM)
        // The lock died with its process: resuming now works.
        let resumed = try CLI.run(["sweep", path, "--out", out.path, "--resume", "--quiet", "--json"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
    }
}
