import Foundation
import Testing

/// `muster check` end to end, and `run --precision`.
@Suite struct CheckCommandTests {
    /// A scenario and a fresh baseline of it (30 replications) in a new folder.
    static func setUp() throws -> (dir: URL, scenario: String, baseline: String) {
        let dir = try CLI.tempDir()
        let scenario = try CLI.writeScenario(CLI.smallScenario, in: dir)
        let baseline = dir.appendingPathComponent("baselines/small.json").path
        let r = try CLI.run(["check", scenario, "--baseline", baseline, "--update", "--replications", "30"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Wrote \(baseline)"))
        return (dir, scenario, baseline)
    }

    @Test func unchangedTreePassesExactly() throws {
        let (_, scenario, baseline) = try Self.setUp()
        let data = try Data(contentsOf: URL(fileURLWithPath: baseline))
        let obj = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(obj["seed"] as? Int == 42 && obj["replications"] as? Int == 30)
        #expect((obj["scenario_sha256"] as? String)?.count == 64)
        let modes = try #require(obj["modes"] as? [String: Any])
        let p2p = try #require(modes["p2p"] as? [String: Any])
        #expect((p2p["order_complete_hours"] as? [Any])?.count == 30)

        let r = try CLI.run(["check", scenario, "--baseline", baseline])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("PASS, unchanged"))
        #expect(r.stderr.isEmpty)
        // Threads do not matter, so neither does the machine CI runs on.
        let one = try CLI.run(["check", scenario, "--baseline", baseline, "--threads", "1", "--json"])
        #expect(one.status == 0)
        let v = try #require(try JSONSerialization.jsonObject(with: one.stdoutData) as? [String: Any])
        #expect(v["verdict"] as? String == "unchanged" && v["layer"] as? String == "exact")
        #expect(v["exit_code"] as? Int == 0)
    }

    @Test func slowerVisitsFailWithExitOne() throws {
        let (_, scenario, baseline) = try Self.setUp()
        // Visits three times as long: every micro-grid takes far longer.
        let r = try CLI.run(["check", scenario, "--baseline", baseline, "--set", "field.visit.mean=18m"])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("REGRESSION: "))
        #expect(r.stdout.contains("p (Holm)") && r.stdout.contains("Exit code 1."))
        #expect(r.stderr.contains("warning: the baseline was made with no --set"))
        let j = try CLI.run(["check", scenario, "--baseline", baseline, "--set", "field.visit.mean=18m", "--json"])
        #expect(j.status == 1)
        let v = try #require(try JSONSerialization.jsonObject(with: j.stdoutData) as? [String: Any])
        #expect(v["verdict"] as? String == "regression" && v["layer"] as? String == "statistical")
        let rows = try #require(v["comparisons"] as? [[String: Any]])
        #expect(rows.count == 8)
        #expect(rows.contains { $0["outcome"] as? String == "regression" && $0["mode"] as? String == "p2p" })
        // Faster visits are an improvement, reported and passed.
        let faster = try CLI.run(["check", scenario, "--baseline", baseline, "--set", "field.visit.mean=1m"])
        #expect(faster.status == 0, "\(faster.stdout)")
        #expect(faster.stdout.contains("PASS, with an improvement"))
    }

    @Test func changedScenarioFileIsWarnedAbout() throws {
        let (dir, _, baseline) = try Self.setUp()
        // A comment changes the file's hash, not the model: still unchanged.
        let edited = try CLI.writeScenario(CLI.smallScenario + "# edited\n", in: dir)
        let r = try CLI.run(["check", edited, "--baseline", baseline])
        #expect(r.status == 0)
        #expect(r.stderr.contains("has changed since the baseline was written"))
        #expect(r.stdout.contains("PASS, unchanged"))
    }

    @Test func anotherSeedIsJudgedStatistically() throws {
        let (_, scenario, baseline) = try Self.setUp()
        let r = try CLI.run(["check", scenario, "--baseline", baseline, "--seed", "7", "--json"])
        #expect(r.status == 0, "\(r.stdout)")
        let v = try #require(try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any])
        #expect(v["layer"] as? String == "statistical" && v["same_design"] as? Bool == false)
    }

    @Test func badBaselinesExitTwoNamingFileAndKey() throws {
        let (dir, scenario, baseline) = try Self.setUp()
        let text = try String(contentsOfFile: baseline, encoding: .utf8)
        let broken = dir.appendingPathComponent("broken.json").path
        try Data(text.replacingOccurrences(of: "\"replications\": 30", with: "\"replications\": \"many\"").utf8)
            .write(to: URL(fileURLWithPath: broken))
        let a = try CLI.run(["check", scenario, "--baseline", broken])
        #expect(a.status == 2 && a.stdout.isEmpty)
        #expect(a.stderr.contains("\(broken):8: replications: expected a whole number"), "\(a.stderr)")

        let garbage = dir.appendingPathComponent("garbage.json").path
        try Data("{\n  \"format\": \"muster-baseline/1\"\n  \"seed\": 1\n}".utf8).write(to: URL(fileURLWithPath: garbage))
        let b = try CLI.run(["check", scenario, "--baseline", garbage])
        #expect(b.status == 2 && b.stderr.contains("\(garbage):3: not valid JSON"), "\(b.stderr)")

        let missing = try CLI.run(["check", scenario, "--baseline", dir.appendingPathComponent("none.json").path])
        #expect(missing.status == 2 && missing.stderr.contains("no such file; write one with --update"))

        let usage = try CLI.run(["check", scenario, "--baseline", baseline, "--tolerance", "lots"])
        #expect(usage.status == 2)
        let alpha = try CLI.run(["check", scenario, "--baseline", baseline, "--alpha", "0"])
        #expect(alpha.status == 2)
        for r in [a, b, missing, usage, alpha] { #expect(!r.stderr.contains("Fatal error")) }
    }

    @Test func updateKeepsTheBaselineDesignAndWritesAtomically() throws {
        let (dir, scenario, baseline) = try Self.setUp()
        let before = try Data(contentsOf: URL(fileURLWithPath: baseline))
        let r = try CLI.run(["check", scenario, "--baseline", baseline, "--update"])
        #expect(r.status == 0)
        // Same seed, 30 replications kept from the old baseline: same bytes.
        #expect(try Data(contentsOf: URL(fileURLWithPath: baseline)) == before)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("baselines").path)
        #expect(files == ["small.json"])
    }

    @Test func helpExplainsTheGate() throws {
        let r = try CLI.run(["check", "--help"])
        #expect(r.status == 0)
        for text in ["--baseline", "--update", "--tolerance", "1 regression", "Exact:", "Statistical:"] {
            #expect(r.stdout.contains(text), "\(text)")
        }
        let top = try CLI.run(["--help"])
        #expect(top.stdout.contains("check") && !top.stdout.contains("gate-trials"))
    }

    @Test func precisionRunReportsWhatItTookAndEqualsAPlainRun() throws {
        let dir = try CLI.tempDir()
        let path = try CLI.writeScenario(CLI.smallScenario, in: dir)
        let r = try CLI.run(["run", path, "--precision", "2%", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let v = try #require(try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any])
        let p = try #require(v["precision"] as? [String: Any])
        #expect(p["reached"] as? Bool == true && p["target"] as? Double == 0.02)
        let n = try #require(p["replications"] as? Int)
        #expect(v["replications"] as? Int == n && n > 10)
        #expect((p["batches"] as? [Int])?.first == 10 && (p["batches"] as? [Int])?.last == n)
        let widths = try #require(p["relative_half_width"] as? [String: Double])
        #expect(widths.values.allSatisfy { $0 <= 0.02 })
        // The same replications as a plain run of n.
        let plain = try CLI.run(["run", path, "--replications", "\(n)", "--json"])
        let w = try #require(try JSONSerialization.jsonObject(with: plain.stdoutData) as? [String: Any])
        #expect(NSDictionary(dictionary: v["modes"] as! [String: Any]) == NSDictionary(dictionary: w["modes"] as! [String: Any]))
        #expect(w["precision"] is NSNull)
        let table = try CLI.run(["run", path, "--precision", "2%"])
        #expect(table.stdout.contains("Precision ±2 % of the mean order completion reached after \(n) replications"))

        for bad in [["--precision", "0"], ["--precision", "2%", "--replications", "3"],
                    ["--precision", "2%", "--max-replications", "5"], ["--precision", "x"]] {
            let e = try CLI.run(["run", path] + bad)
            #expect(e.status == 2, "\(bad)")
        }
    }
}
