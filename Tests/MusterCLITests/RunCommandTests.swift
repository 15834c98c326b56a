import Foundation
import Testing

@Suite struct RunCommandTests {
    @Test func jsonIsDeterministicAndIndependentOfThreads() throws {
        let dir = try CLI.tempDir()
        let path = try CLI.writeScenario(CLI.smallScenario, in: dir)
        let a = try CLI.run(["run", path, "--json", "--threads", "1"])
        let b = try CLI.run(["run", path, "--json", "--threads", "2"])
        let c = try CLI.run(["run", path, "--json", "--threads", "2"])
        let d = try CLI.run(["run", path, "--json", "--seed", "43"])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdoutData == b.stdoutData)
        #expect(b.stdoutData == c.stdoutData)
        #expect(a.stdoutData != d.stdoutData)
    }

    @Test func jsonHasTheInterfaceKeys() throws {
        let dir = try CLI.tempDir()
        let path = try CLI.writeScenario(CLI.smallScenario, in: dir)
        let r = try CLI.run(["run", path, "--json", "--replications", "3"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any])
        #expect(obj["scenario"] as? String == "small")
        #expect(obj["seed"] as? Int == 42)
        #expect(obj["replications"] as? Int == 3)
        let modes = try #require(obj["modes"] as? [String: Any])
        for mode in ["tiered", "p2p"] {
            let m = try #require(modes[mode] as? [String: Any])
            for key in ["order_complete_hours", "field_complete_hours", "notified_hours", "microgrid_done_hours"] {
                let s = try #require(m[key] as? [String: Any], "\(mode).\(key)")
                for stat in ["mean", "ci95", "sd", "min", "p5", "p10", "p25", "p50", "p75", "p90", "p95", "p99", "max"] {
                    #expect(s[stat] != nil, "\(mode).\(key).\(stat)")
                }
            }
            let hh = try #require(m["households"] as? [String: Any])
            #expect(Set(hh.keys).isSuperset(of: ["total", "visited", "unreached", "attempts"]))
            #expect(m["events"] != nil)
        }
        let cmp = try #require(obj["comparison"] as? [String: Any])
        #expect(cmp["order_complete_diff_hours"] != nil && cmp["order_complete_ratio"] != nil)
    }

    @Test func outWritesEveryFileAtomically() throws {
        let dir = try CLI.tempDir()
        let path = try CLI.writeScenario(CLI.smallScenario, in: dir)
        let out = dir.appendingPathComponent("results/run1")
        // No rsvg-convert on PATH: SVG figures only (PlotCommandTests covers PNGs).
        let r = try CLI.run(["run", path, "--out", out.path, "--replications", "3", "--quiet"],
                            environment: ["PATH": "/nonexistent"])
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files == [".muster-output", "completion_cdf.svg", "coverage.csv", "coverage.svg", "manifest.json", "microgrid_done.svg",
                          "microgrid_done_histogram.csv", "parameters.json", "phases.csv", "phases.svg",
                          "replications.csv", "report.html", "summary.json"])
        // No temporary folder left beside the result.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path)
        #expect(siblings == ["run1"])
        let csv = try String(contentsOf: out.appendingPathComponent("replications.csv"), encoding: .utf8)
        // Header plus 3 replications × 2 modes.
        #expect(csv.split(separator: "\n").count == 7)
    }

    @Test func tableShowsBothModes() throws {
        let dir = try CLI.tempDir()
        let path = try CLI.writeScenario(CLI.smallScenario, in: dir)
        let r = try CLI.run(["run", path, "--replications", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("tiered") && r.stdout.contains("p2p"))
        // Off a terminal, progress is plain lines on stderr (--progress auto),
        // and nothing else is there.
        let lines = r.stderr.split(separator: "\n")
        #expect(!lines.isEmpty && lines.allSatisfy { $0.contains("small: replications: ") && $0.contains("elapsed") },
                "\(r.stderr)")
    }

    @Test func shippedScenariosValidate() throws {
        for name in ["beilun", "lingfeng", "ningbo"] {
            let r = try CLI.run(["validate", "scenarios/\(name).yaml"])
            #expect(r.status == 0, "\(name): \(r.stderr)")
            #expect(r.stdout.contains("valid"))
        }
    }

    @Test func helpTeachesAndExitsZero() throws {
        let r = try CLI.run(["run", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("--replications") && r.stdout.contains("--set"))
    }
}
