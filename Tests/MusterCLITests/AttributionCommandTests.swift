import Foundation
import Testing

/// `muster run --attribution`: the bottleneck outputs, and refusals.
@Suite struct AttributionCommandTests {
    @Test func outputsNameTheUnitsAndPlotRedrawsThem() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try CLI.writeScenario(CLI.smallScenario, in: dir)
        let out = dir.appendingPathComponent("run")
        let r = try CLI.run(["run", path, "--attribution", "--out", out.path, "--replications", "4", "--quiet"],
                            environment: PlotCommandTests.noConverter)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Where the time goes, unit by unit"))
        let csv = try String(contentsOf: out.appendingPathComponent("bottlenecks.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(lines.first?.hasPrefix("mode,unit_id,level,parent_id,") == true)
        #expect(lines.dropFirst().first?.hasPrefix("tiered,city,city,,0,") == true)
        let svg = out.appendingPathComponent("bottlenecks.svg")
        let drawn = try Data(contentsOf: svg)
        #expect(try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8).contains("figure-bottlenecks"))
        try FileManager.default.removeItem(at: svg)
        let p = try CLI.run(["plot", out.path], environment: PlotCommandTests.noConverter)
        #expect(p.status == 0, "\(p.stderr)")
        #expect(try Data(contentsOf: svg) == drawn)
    }

    @Test func withoutTheFlagNothingChanges() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try CLI.writeScenario(CLI.smallScenario, in: dir)
        let plain = try CLI.run(["run", path, "--replications", "3", "--json", "--quiet"])
        let on = try CLI.run(["run", path, "--replications", "3", "--json", "--quiet", "--attribution"])
        #expect(!plain.stdout.contains("bottlenecks"))
        let object = try JSONSerialization.jsonObject(with: on.stdoutData) as! [String: Any]
        let top = (object["bottlenecks"] as! [String: Any])["modes"] as! [String: Any]
        #expect(Set(top.keys) == ["tiered", "p2p"])
        // Everything else is the same.
        var rest = object
        rest["bottlenecks"] = nil
        let plainObject = try JSONSerialization.jsonObject(with: plain.stdoutData) as! [String: Any]
        #expect(NSDictionary(dictionary: rest).isEqual(to: plainObject))
    }

    @Test func anIncidentOnlyScenarioIsRefused() throws {
        let r = try CLI.run(["run", "scenarios/typhoon.yaml", "--attribution", "--replications", "1", "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--attribution") && r.stderr.contains("incident streams only"))
        #expect(r.stdout.isEmpty)
    }
}
