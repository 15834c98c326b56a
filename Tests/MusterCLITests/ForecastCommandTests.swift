import Foundation
import Testing

/// `muster forecast`: agreement with `muster run` when nothing is seen, the
/// log's own end when everything is, the files, and refusals.
@Suite struct ForecastCommandTests {
    static let scenario = "scenarios/drill/district.yaml"

    static func json(_ r: CLIResult) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: r.stdoutData) as! [String: Any]
    }

    /// The log of a simulated order (`muster drill`), cut at `until`.
    static func syntheticLog(in dir: URL, mode: String, replication: Int = 0, until: Double? = nil) throws -> String {
        let path = dir.appendingPathComponent("log-\(mode)-\(replication)-\(until ?? -1).csv")
        var args = ["drill", scenario, "--mode", mode, "--replication", "\(replication)", "--seed", "99"]
        if let until { args += ["--observed-until", "\(until)"] }
        let r = try CLI.run(args)
        #expect(r.status == 0, "\(r.stderr)")
        try r.stdoutData.write(to: path)
        return path.path
    }

    /// With nothing seen at 0 the forecast's replications are `muster
    /// run`'s, so every percentile of the order complete is the run's.
    @Test(arguments: ["tiered", "p2p"]) func nowZeroIsTheRunOfTheSameScenario(mode: String) throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = try Self.syntheticLog(in: dir, mode: mode)
        let f = try CLI.run(["forecast", Self.scenario, "--log", log, "--now", "0", "--mode", mode,
                             "--replications", "12", "--json", "--quiet"])
        #expect(f.status == 0, "\(f.stderr)")
        let r = try CLI.run(["run", Self.scenario, "--mode", mode, "--replications", "12", "--json", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let forecast = try Self.json(f)["order_complete_hours"] as! [String: Any]
        let run = ((try Self.json(r)["modes"] as! [String: Any])[mode] as! [String: Any])["order_complete_hours"] as! [String: Any]
        for key in ["p10", "p50", "p90", "mean"] {
            #expect(forecast[key] as! Double == run[key] as! Double, "\(key)")
        }
    }

    /// Read after its last event, a log's micro-grids are all done at
    /// their logged times: the last one done is the log's, in every
    /// replication.
    @Test func afterTheLastEventTheLastDoneIsTheLogs() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = try Self.syntheticLog(in: dir, mode: "tiered", replication: 3)
        let text = try String(contentsOfFile: log, encoding: .utf8)
        let last = text.split(separator: "\n").dropFirst().map { Double($0.split(separator: ",", omittingEmptySubsequences: false)[2])! }.max()!
        let f = try CLI.run(["forecast", Self.scenario, "--log", log, "--now", "\(last + 1)", "--mode", "tiered",
                             "--replications", "5", "--json", "--quiet"])
        #expect(f.status == 0, "\(f.stderr)")
        let q = try Self.json(f)["last_microgrid_done_hours"] as! [String: Any]
        #expect(q["p10"] as! Double == last && q["p90"] as! Double == last)
        #expect(try Self.json(f)["done_by_now"] as! Int == text.split(separator: "\n").count - 1)
    }

    @Test func outWritesTheFilesAndReplayItsFigure() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = try Self.syntheticLog(in: dir, mode: "p2p", replication: 1)
        let out = dir.appendingPathComponent("f")
        let f = try CLI.run(["forecast", Self.scenario, "--log", log, "--now", "3", "--replications", "6",
                             "--out", out.path, "--quiet"])
        #expect(f.status == 0, "\(f.stderr)")
        #expect(f.stdout.contains("Last micro-grid done"))
        for name in ["forecast.json", "forecast.txt", "forecast_hourly.csv", "forecast_replications.csv",
                     "forecast_progress.svg", "report.html", ".muster-output"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)")
        }
        let replay = dir.appendingPathComponent("r")
        let r = try CLI.run(["forecast", Self.scenario, "--replay", log, "--every", "2h", "--replications", "4",
                             "--out", replay.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let csv = try String(contentsOf: replay.appendingPathComponent("replay.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("now_hours,now_clock,done_by_now,"))
        #expect(csv.split(separator: "\n").count >= 3)
        #expect(FileManager.default.fileExists(atPath: replay.appendingPathComponent("replay.svg").path))
    }

    @Test func badInputIsRefusedWithItsPlace() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.csv")
        try Data("unit_id,notified_hours,done_hours\ns1c1g1m1,1,0.5\nnowhere,1,\n".utf8).write(to: bad)
        let r = try CLI.run(["forecast", Self.scenario, "--log", bad.path, "--now", "2", "--quiet"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.csv:2") && r.stderr.contains("nowhere"), "\(r.stderr)")
        #expect(r.stderr.contains("nothing was forecast"))
        let doneOnly = dir.appendingPathComponent("done.csv")
        let drill = try CLI.run(["drill", Self.scenario, "--mode", "p2p", "--columns", "done"])
        try drill.stdoutData.write(to: doneOnly)
        let d = try CLI.run(["forecast", Self.scenario, "--log", doneOnly.path, "--now", "2", "--quiet"])
        #expect(d.status == 2 && d.stderr.contains("notified_hours"), "\(d.stderr)")
        let fanout = try CLI.run(["forecast", "scenarios/lingfeng.yaml", "--log", bad.path, "--now", "2", "--quiet"])
        #expect(fanout.status == 2 && fanout.stderr.contains("layout CSV"), "\(fanout.stderr)")
        let noNow = try CLI.run(["forecast", Self.scenario, "--log", bad.path, "--quiet"])
        #expect(noNow.status == 2 && noNow.stderr.contains("--now"))
    }
}
