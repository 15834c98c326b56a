import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `muster sweep` with a sensitivity design, as a user runs it: the files
/// it leaves, shards merged by the command, `plot`, and bad input.
@Suite struct SensitivityCommandTests {
    static let sweep = """
    scenario: s.yaml
    set: {field.visit: {dist: lognormal, mean: 6m, sd: 4m}}
    design: {type: sobol, n: 4}
    axes:
      field.not_home: {from: 0.05, to: 0.4}
      field.visit.mean: {dist: triangular, min: 4, mode: 6, max: 12, unit: m}
    replications: 2
    measures: [order_complete, field_complete]

    """

    private func setUp(_ text: String = sweep) throws -> (dir: URL, sweep: String) {
        let dir = try CLI.tempDir()
        _ = try CLI.writeScenario(CLI.smallScenario, in: dir)
        return (dir, try CLI.writeScenario(text, in: dir, name: "sweep.yaml"))
    }

    @Test func sweepAndMergedShardsWriteTheSameIndices() throws {
        let (dir, path) = try setUp()
        let single = dir.appendingPathComponent("single")
        let r = try CLI.run(["sweep", path, "--out", single.path, "--threads", "1"], environment: ["PATH": ""])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("order_complete_hours.mean, tiered: inputs by ST"))
        var shards: [String] = []
        for k in 1...2 {
            let o = dir.appendingPathComponent("shard-\(k)").path
            #expect(try CLI.run(["sweep", path, "--out", o, "--shard", "\(k)/2", "--quiet"]).status == 0)
            // A shard holds part of the design: no indices there.
            #expect(!FileManager.default.fileExists(atPath: o + "/sensitivity.csv"))
            shards.append(o)
        }
        let merged = dir.appendingPathComponent("merged")
        let m = try CLI.run(["merge"] + shards + ["--out", merged.path, "--json"], environment: ["PATH": ""])
        #expect(m.status == 0, "\(m.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: m.stdoutData) as? [String: Any])
        let sensitivity = try #require(json["sensitivity"] as? [String: Any])
        #expect(sensitivity["design"] as? String == "sobol(4)")
        for name in ["sensitivity.csv", "sensitivity.txt", "sensitivity.svg"] {
            let a = try Data(contentsOf: single.appendingPathComponent(name))
            #expect(a == (try Data(contentsOf: merged.appendingPathComponent(name))), "\(name) differs")
        }
        let csv = try String(contentsOf: merged.appendingPathComponent("sensitivity.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("measure,mode,input,index,value,low,high\n"))
        // 4 outputs × 2 modes × 2 inputs × (S1, ST) + a noise row per mean output and mode.
        #expect(csv.split(separator: "\n").count == 1 + 4 * 2 * 2 * 2 + 2 * 2)
        // `plot` redraws the figure byte for byte from the store.
        let figure = try Data(contentsOf: merged.appendingPathComponent("sensitivity.svg"))
        #expect(XMLParser(data: figure).parse())
        try FileManager.default.removeItem(at: merged.appendingPathComponent("sensitivity.svg"))
        let again = try CLI.run(["plot", merged.path, "--quiet"], environment: ["PATH": ""])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try Data(contentsOf: merged.appendingPathComponent("sensitivity.svg")) == figure)
    }

    @Test func badSensitivityInputIsRefusedWithExitCode2() throws {
        let (dir, _) = try setUp()
        let broken = try CLI.writeScenario("""
        scenario: s.yaml
        design: {type: sobol, n: 48}
        axes:
          field.not_home: {dist: uniform, min: 0.3, max: 0.1}
          field.visit.mean: {dist: lognormal, mean: 6}
          field.nothing: {from: 1, to: 2}

        """, in: dir, name: "broken.yaml")
        let out = dir.appendingPathComponent("o")
        let r = try CLI.run(["sweep", broken, "--out", out.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("broken.yaml:2: design.n: 48 is not a power of two"))
        #expect(r.stderr.contains("use 64"))
        #expect(r.stderr.contains("broken.yaml:4: axes.field.not_home.max"))
        #expect(r.stderr.contains("broken.yaml:5: axes.field.visit.mean.sd: missing key 'sd'"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
