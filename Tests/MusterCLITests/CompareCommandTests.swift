import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite struct CompareCommandTests {
    /// Parses a CSV of plain fields (no quoting needed in these tests).
    private func rows(_ url: URL) throws -> [[String]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func tableHasAColumnPerScenarioAndModeAndAVerdictPerPair() throws {
        let dir = try CLI.tempDir()
        let a = try CLI.writeScenario(CLI.smallScenario, in: dir, name: "a.yaml")
        let b = try CLI.writeScenario(CLI.smallScenario.replacingOccurrences(of: "name: small", with: "name: other")
            .replacingOccurrences(of: "not_home: 0.15", with: "not_home: 0.4"), in: dir, name: "b.yaml")
        let r = try CLI.run(["compare", a, b, "--replications", "4", "--progress", "none"])
        #expect(r.status == 0, "\(r.stderr)")
        for column in ["A tiered", "A p2p", "B tiered", "B p2p"] { #expect(r.stdout.contains(column)) }
        #expect(r.stdout.contains("other vs small (tiered): order completion "))
        #expect(r.stdout.contains("other vs small (p2p): order completion "))
        #expect(r.stdout.contains("common random numbers"))
        #expect(r.stderr.isEmpty)
    }

    @Test func jsonIsDeterministicAndIndependentOfThreads() throws {
        let dir = try CLI.tempDir()
        let a = try CLI.writeScenario(CLI.smallScenario, in: dir)
        let one = try CLI.run(["compare", a, "--variant", "p2p.rebalance=grid", "--json", "--threads", "1", "--replications", "3"])
        let two = try CLI.run(["compare", a, "--variant", "p2p.rebalance=grid", "--json", "--threads", "2", "--replications", "3"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdoutData == two.stdoutData)
        let obj = try #require(try JSONSerialization.jsonObject(with: one.stdoutData) as? [String: Any])
        #expect(obj["baseline"] as? String == "small")
        let scenarios = try #require(obj["scenarios"] as? [[String: Any]])
        #expect(scenarios.map { $0["label"] as? String } == ["small", "small with p2p.rebalance=grid"])
        let diffs = try #require(obj["differences"] as? [[String: Any]])
        #expect(diffs.count == 2)
        // Tiered relay has no rebalancing: identical, replication by replication.
        let tiered = try #require(diffs.first { $0["mode"] as? String == "tiered" })
        #expect((tiered["order_complete_diff_hours"] as? [String: Any])?["mean"] as? Double == 0)
        #expect(tiered["pairing"] as? String == "common_random_numbers")
    }

    /// Validation: when B is A with one parameter changed by --set (or
    /// --variant), `compare` reports exactly the paired difference that two
    /// `run`s' replication-level values give.
    @Test func compareAgreesWithTwoRuns() throws {
        let dir = try CLI.tempDir()
        let a = try CLI.writeScenario(CLI.smallScenario, in: dir)
        let change = "field.not_home=0.3"
        let runA = dir.appendingPathComponent("a"), runB = dir.appendingPathComponent("b")
        let cmp = dir.appendingPathComponent("cmp")
        for (args, out) in [([a], runA), ([a, "--set", change], runB)] {
            let r = try CLI.run(["run"] + args + ["--out", out.path, "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let c = try CLI.run(["compare", a, "--variant", change, "--out", cmp.path, "--json", "--quiet"])
        #expect(c.status == 0, "\(c.stderr)")

        // The compare folder holds the very same replication rows as the runs.
        let ra = try rows(runA.appendingPathComponent("replications.csv"))
        let rb = try rows(runB.appendingPathComponent("replications.csv"))
        let rc = try rows(cmp.appendingPathComponent("replications.csv"))
        #expect(rc[0] == ["scenario"] + ra[0])
        #expect(rc.dropFirst().filter { $0[0] == "small" }.map { Array($0.dropFirst()) } == Array(ra.dropFirst()))
        #expect(rc.dropFirst().filter { $0[0] != "small" }.map { Array($0.dropFirst()) } == Array(rb.dropFirst()))

        // Paired differences from the two runs, by hand: mean and t-interval
        // with t(0.975, 5) = 2.570582 (6 replications).
        let obj = try #require(try JSONSerialization.jsonObject(with: c.stdoutData) as? [String: Any])
        let diffs = try #require(obj["differences"] as? [[String: Any]])
        let column = ra[0].firstIndex(of: "order_complete_hours")!
        for mode in ["tiered", "p2p"] {
            let x = ra.dropFirst().filter { $0[1] == mode }.map { Double($0[column])! }
            let y = rb.dropFirst().filter { $0[1] == mode }.map { Double($0[column])! }
            #expect(x.count == 6 && y.count == 6)
            let d = zip(y, x).map { $0 - $1 }
            let mean = d.reduce(0, +) / 6
            let sd = (d.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 5).squareRoot()
            let half = 2.570582 * sd / 6.0.squareRoot()
            let reported = try #require(diffs.first { $0["mode"] as? String == mode }?["order_complete_diff_hours"] as? [String: Any])
            let ci = try #require(reported["ci95"] as? [Double])
            #expect(abs((reported["mean"] as! Double) - mean) < 1e-9, "\(mode)")
            #expect(abs(ci[0] - (mean - half)) < 1e-5 && abs(ci[1] - (mean + half)) < 1e-5, "\(mode)")
            #expect(mean != 0, "the change must show, or the test proves nothing")
        }
        // And a second file holding the changed value gives the same answer.
        let b = try CLI.writeScenario(CLI.smallScenario.replacingOccurrences(of: "not_home: 0.15", with: "not_home: 0.3"),
                                      in: dir, name: "b.yaml")
        let f = try CLI.run(["compare", a, b, "--json", "--quiet"])
        let fobj = try #require(try JSONSerialization.jsonObject(with: f.stdoutData) as? [String: Any])
        let fd = try #require(fobj["differences"] as? [[String: Any]])
        for (p, q) in zip(diffs, fd) {
            #expect(NSDictionary(dictionary: p["order_complete_diff_hours"] as! [String: Any])
                    == NSDictionary(dictionary: q["order_complete_diff_hours"] as! [String: Any]))
        }
    }

    @Test func outWritesEveryFileAtomically() throws {
        let dir = try CLI.tempDir()
        let a = try CLI.writeScenario(CLI.smallScenario, in: dir)
        let out = dir.appendingPathComponent("results/cmp")
        let r = try CLI.run(["compare", a, "--variant", "p2p.adoption=0.5", "--out", out.path, "--replications", "3", "--mode", "p2p"])
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files == [".muster-output", "completion_cdf.csv", "completion_cdf.svg", "differences.csv", "manifest.json", "replications.csv", "summary.json"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path) == ["cmp"])
        // Two scenarios × 3 replications of one mode, plus the header.
        #expect(try rows(out.appendingPathComponent("completion_cdf.csv")).count == 7)
        // The figure: XML, one step line per scenario and mode.
        let svg = try Data(contentsOf: out.appendingPathComponent("completion_cdf.svg"))
        #expect(XMLParser(data: svg).parse())
        #expect(String(decoding: svg, as: UTF8.self).components(separatedBy: "class=\"series\"").count - 1 == 2)
        let manifest = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: out.appendingPathComponent("manifest.json"))) as? [String: Any])
        let entries = try #require(manifest["scenarios"] as? [[String: Any]])
        #expect(entries.map { $0["overrides"] as? [String] } == [[], ["p2p.adoption=0.5"]])
        #expect((entries[0]["sha256"] as? String)?.count == 64)
    }

    @Test func badInputIsRefusedWithExitTwo() throws {
        let dir = try CLI.tempDir()
        let a = try CLI.writeScenario(CLI.smallScenario, in: dir)
        let out = dir.appendingPathComponent("never")
        let alone = try CLI.run(["compare", a])
        #expect(alone.status == 2)
        #expect(alone.stderr.contains("nothing to compare"))
        let missing = dir.appendingPathComponent("missing.yaml").path
        let m = try CLI.run(["compare", a, missing, "--out", out.path])
        #expect(m.status == 2)
        #expect(m.stderr.contains("\(missing): cannot read scenario file"))
        let v = try CLI.run(["compare", a, "--variant", "p2p.rebalance=street", "--variant", "p2p.adoption=2", "--out", out.path])
        #expect(v.status == 2)
        #expect(v.stderr.contains("error: --variant: p2p.rebalance: unknown value 'street'; allowed: none, grid, community"))
        #expect(v.stderr.contains("error: --variant: p2p.adoption: 2 is not a probability: did you mean 2%?"))
        #expect(v.stderr.contains("2 problems found; nothing was run."))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(v.stdout.isEmpty)
    }

    @Test func helpTeaches() throws {
        let r = try CLI.run(["compare", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("--variant") && r.stdout.contains("common random numbers"))
        let top = try CLI.run(["--help"])
        #expect(top.stdout.contains("compare"))
    }

    /// A mixed run reports the teams on and off the app apart.
    @Test func runShowsBothGroupsOfAMixedRun() throws {
        let dir = try CLI.tempDir()
        let a = try CLI.writeScenario(CLI.smallScenario, in: dir)
        let r = try CLI.run(["run", a, "--set", "p2p.adoption=0.5", "--set", "p2p.rebalance=grid", "--replications", "3"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Teams on the app\n") && r.stdout.contains("Teams off the app (relay)\n"))
        #expect(r.stdout.contains("moves per replication"))
    }
}
