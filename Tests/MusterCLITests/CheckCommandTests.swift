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

        let r = try CLI.run(["check", scenario, "--baseline", baseline, "--progress", "none"])
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

    /// Defect: a baseline of another scenario passed with exit 0 and only a
    /// warning. Another scenario file (even one comment more) or another
    /// name is refused, exit 2, unless --allow-other-scenario, and then the
    /// verdict says so in text and JSON.
    @Test func baselineOfAnotherScenarioExitsTwo() throws {
        let (dir, _, baseline) = try Self.setUp()
        let edited = try CLI.writeScenario(CLI.smallScenario + "# edited\n", in: dir)
        let r = try CLI.run(["check", edited, "--baseline", baseline])
        #expect(r.status == 2 && r.stdout.isEmpty, "\(r.stdout)")
        #expect(r.stderr.contains("is not the file the baseline was written from") && r.stderr.contains("--allow-other-scenario"))

        let renamedDir = try CLI.tempDir()
        let renamed = try CLI.writeScenario(CLI.smallScenario.replacingOccurrences(of: "name: small", with: "name: other"), in: renamedDir)
        let n = try CLI.run(["check", renamed, "--baseline", baseline])
        #expect(n.status == 2)
        #expect(n.stderr.contains("the baseline is of scenario 'small'") && n.stderr.contains("this is 'other'"), "\(n.stderr)")

        // Allowed explicitly: the model did not change, so still unchanged,
        // and the verdict says what it was compared with.
        let a = try CLI.run(["check", edited, "--baseline", baseline, "--allow-other-scenario"])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout.contains("ANOTHER SCENARIO (--allow-other-scenario)") && a.stdout.contains("PASS, unchanged"))
        let j = try CLI.run(["check", renamed, "--baseline", baseline, "--allow-other-scenario", "--json"])
        let v = try #require(try JSONSerialization.jsonObject(with: j.stdoutData) as? [String: Any])
        #expect(v["other_scenario_allowed"] as? Bool == true)
        #expect((v["other_scenario"] as? [String])?.count == 2)
        #expect((v["message"] as? String)?.contains("--allow-other-scenario") == true)
    }

    /// Defect: `--tolerance 5` was read as 500 % and let a +2.7 % regression
    /// pass; `100%` was accepted.
    @Test func toleranceIsAFractionAndNeverAllOrNothing() throws {
        let (_, scenario, baseline) = try Self.setUp()
        let bare = try CLI.run(["check", scenario, "--baseline", baseline, "--tolerance", "5"])
        #expect(bare.status == 2 && bare.stdout.isEmpty)
        #expect(bare.stderr.contains("--tolerance") && bare.stderr.contains("did you mean 5%?"), "\(bare.stderr)")
        for bad in ["100%", "0", "150%", "nan", "inf", ""] {
            let r = try CLI.run(["check", scenario, "--baseline", baseline, "--tolerance", bad])
            #expect(r.status == 2 && r.stderr.contains("--tolerance"), "\(bad): \(r.stderr)")
        }
        let alpha = try CLI.run(["check", scenario, "--baseline", baseline, "--alpha", "5"])
        #expect(alpha.status == 2 && alpha.stderr.contains("did you mean 5%?"))
        for good in ["5%", "0.05"] {
            let r = try CLI.run(["check", scenario, "--baseline", baseline, "--tolerance", good, "--json"])
            #expect(r.status == 0, "\(good): \(r.stderr)")
            let v = try #require(try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any])
            #expect((v["settings"] as? [String: Any])?["tolerance"] as? Double == 0.05)
        }
    }

    /// Defect: `--replications 1` printed PASS with none of the comparisons
    /// judgeable, even at +530 %. Now exit 2 with the count needed; that
    /// count is checked by running with it and with one fewer.
    @Test func tooFewReplicationsToJudgeExitTwoSayingHowMany() throws {
        let (_, scenario, baseline) = try Self.setUp()
        // Visits 10 times as long, another seed, one replication.
        let r = try CLI.run(["check", scenario, "--baseline", baseline, "--seed", "7", "--replications", "1",
                             "--set", "field.visit.mean=60m"])
        #expect(r.status == 2 && r.stdout.isEmpty, "\(r.stdout)")
        #expect(r.stderr.contains("no comparison can be judged"))
        let match = try #require(r.stderr.firstMatch(of: /needs at least (\d+) replications/), "\(r.stderr)")
        let needed = try #require(Int(match.1))
        #expect(needed > 1)
        let fewer = try CLI.run(["check", scenario, "--baseline", baseline, "--seed", "7", "--replications", "\(needed - 1)"])
        #expect(fewer.status == 2, "\(fewer.stderr)")
        let enough = try CLI.run(["check", scenario, "--baseline", baseline, "--seed", "7", "--replications", "\(needed)", "--json"])
        #expect(enough.status == 0 || enough.status == 1, "\(enough.stderr)")
        let v = try #require(try JSONSerialization.jsonObject(with: enough.stdoutData) as? [String: Any])
        let rows = try #require(v["comparisons"] as? [[String: Any]])
        #expect(rows.contains { $0["can_be_significant"] as? Bool == true })
        // A --quantiles choice that no replication count of this baseline
        // can judge is refused the same way.
        let p99 = try CLI.run(["check", scenario, "--baseline", baseline, "--seed", "7", "--quantiles", "p99.9"])
        #expect(p99.status == 2)
    }

    /// Defect: with the baseline's seed and fewer replications the shared
    /// values were tested as independent samples. Now they must be
    /// identical; a difference is a change, exit 1, named with both values
    /// (the baseline's as the file holds it).
    @Test func sharedReplicationsAreComparedExactly() throws {
        let (_, scenario, baseline) = try Self.setUp()
        let same = try CLI.run(["check", scenario, "--baseline", baseline, "--replications", "5", "--json"])
        #expect(same.status == 0, "\(same.stderr)")
        let s = try #require(try JSONSerialization.jsonObject(with: same.stdoutData) as? [String: Any])
        #expect(s["verdict"] as? String == "unchanged" && s["layer"] as? String == "exact")
        #expect((s["comparisons"] as? [Any])?.isEmpty == true)

        let changed = try CLI.run(["check", scenario, "--baseline", baseline, "--replications", "5",
                                   "--set", "field.visit.mean=6.6m", "--json"])
        #expect(changed.status == 1, "\(changed.stderr)")
        let c = try #require(try JSONSerialization.jsonObject(with: changed.stdoutData) as? [String: Any])
        #expect(c["verdict"] as? String == "changed" && c["exit_code"] as? Int == 1)
        let first = try #require((c["differences"] as? [[String: Any]])?.first)
        let mode = try #require(first["mode"] as? String), metric = try #require(first["metric"] as? String)
        let replication = try #require(first["replication"] as? Int)
        let file = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: baseline))) as? [String: Any])
        let stored = try #require((((file["modes"] as? [String: Any])?[mode] as? [String: Any])?[metric] as? [Double])?[replication - 1])
        #expect(first["baseline"] as? Double == stored)
        #expect(first["now"] as? Double != stored)
        let text = try CLI.run(["check", scenario, "--baseline", baseline, "--replications", "5", "--set", "field.visit.mean=6.6m"])
        #expect(text.status == 1)
        let flat = text.stdout.replacingOccurrences(of: "\n", with: " ")
        // The text names the measure as the JSON does (one name per thing).
        #expect(flat.contains("CHANGED") && flat.contains("replication \(replication) of \(mode) \(metric) differs: baseline \(stored) h"),
                "\(text.stdout)")
    }

    /// Defect: negative or 1e308 values in a baseline passed.
    @Test func implausibleBaselineValuesExitTwo() throws {
        let (dir, scenario, baseline) = try Self.setUp()
        var file = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: baseline))) as? [String: Any])
        var modes = try #require(file["modes"] as? [String: Any])
        var p2p = try #require(modes["p2p"] as? [String: Any])
        for (name, value) in [("negative", -3.0), ("huge", 1e308)] {
            var values = try #require(p2p["order_complete_hours"] as? [Double])
            values[4] = value
            p2p["order_complete_hours"] = values
            modes["p2p"] = p2p
            file["modes"] = modes
            let path = dir.appendingPathComponent("\(name).json").path
            try JSONSerialization.data(withJSONObject: file, options: [.prettyPrinted]).write(to: URL(fileURLWithPath: path))
            let r = try CLI.run(["check", scenario, "--baseline", path])
            #expect(r.status == 2 && r.stdout.isEmpty, "\(name)")
            #expect(r.stderr.contains(path) && r.stderr.contains("modes.p2p.order_complete_hours[4]") && r.stderr.contains("implausible"),
                    "\(r.stderr)")
        }
    }

    /// Defect: the table could read "CI +0.5 % to +5.1 % … no significant
    /// change". Every interval now excludes 0 exactly when the comparison
    /// is significant after Holm's adjustment, and the header says so.
    @Test func intervalsAndVerdictsUseTheSameAdjustment() throws {
        let (_, scenario, baseline) = try Self.setUp()
        let args = ["check", scenario, "--baseline", baseline, "--set", "field.visit.mean=7m", "--seed", "8", "--replications", "60"]
        let r = try CLI.run(args + ["--json"])
        let v = try #require(try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any])
        let rows = try #require(v["comparisons"] as? [[String: Any]])
        #expect(rows.count == 8)
        for row in rows {
            let ci = try #require(row["change_ci"] as? [Any])
            let low = ci[0] as? Double ?? .nan, high = ci[1] as? Double ?? .nan
            #expect((low > 0 || high < 0) == (row["significant"] as? Bool == true), "\(row)")
            #expect((row["change_ci_level"] as? Double ?? 0) > 0.95)
        }
        let text = try CLI.run(args)
        #expect(text.stdout.contains("CI of change (Holm)"))
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
        #expect(missing.status == 2 && missing.stderr.contains("No such file or directory; write one with --update"))

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
                    ["--precision", "2%", "--max-replications", "5"], ["--precision", "x"], ["--precision", "2"]] {
            let e = try CLI.run(["run", path] + bad)
            #expect(e.status == 2, "\(bad)")
        }
        let bare = try CLI.run(["run", path, "--precision", "2"])
        #expect(bare.stderr.contains("did you mean 2%?"))
    }

    /// Defect: `run --max-replications` without `--precision` was silently
    /// ignored.
    @Test func maxReplicationsNeedsPrecision() throws {
        let dir = try CLI.tempDir()
        let path = try CLI.writeScenario(CLI.smallScenario, in: dir)
        let r = try CLI.run(["run", path, "--max-replications", "3"])
        #expect(r.status == 2 && r.stdout.isEmpty)
        #expect(r.stderr.contains("--max-replications needs --precision"), "\(r.stderr)")
    }
}
