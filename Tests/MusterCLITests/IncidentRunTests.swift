import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `muster run` and `validate` on scenarios with incident streams.
@Suite struct IncidentRunTests {
    /// A small district with two kinds and two departments.
    static let scenario = """
    name: small-incidents
    start: Mon 00:00
    seed: 7
    replications: 4
    layout:
      fanout: {district: 1, street: 2, community: 2, grid: 2, microgrid: 3}
      households: {min: 50, max: 80}
    incidents:
      horizon: 3d
      surge: [1, 5]
      kinds:
        hazard: {rate: 0.002, department: emergency, reach: street, limit: 12h}
        dispute: {rate: 0.001, department: mediation, reach: community, limit: 3d, surge: []}
      departments:
        emergency: {handlers: 3, office_hours: always}
        mediation: {handlers: 1}

    """

    static func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func jsonAddsIncidentsAndIsIndependentOfThreads() throws {
        let dir = try CLI.tempDir()
        let path = try CLI.writeScenario(Self.scenario, in: dir)
        let a = try CLI.run(["run", path, "--json", "--threads", "1"])
        let b = try CLI.run(["run", path, "--json", "--threads", "2"])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdoutData == b.stdoutData)
        let obj = try Self.object(a.stdoutData)
        #expect(obj["scenario"] as? String == "small-incidents" && obj["replications"] as? Int == 4)
        #expect((obj["modes"] as? [String: Any])?.isEmpty == true)
        #expect(obj["comparison"] is NSNull)
        #expect(obj["simulated"] as? [String] == ["incidents"])
        let inc = try #require(obj["incidents"] as? [String: Any])
        let modes = try #require(inc["modes"] as? [String: Any])
        for mode in ["tiered", "p2p"] {
            let m = try #require(modes[mode] as? [String: Any])
            let close = try #require(m["close_hours"] as? [String: Any])
            for key in ["mean", "ci95", "p50", "p90", "p95"] { #expect(close[key] != nil, "\(mode).close_hours.\(key)") }
            let within = try #require(m["within_limit_by_kind"] as? [String: Any])
            #expect(Set(within.keys) == ["hazard", "dispute"])
            let stations = try #require(m["stations"] as? [String: Any])
            let expected: Set<String> = mode == "tiered" ? ["grid", "community", "street", "district", "city", "emergency", "mediation"]
                                                         : ["platform", "emergency", "mediation"]
            #expect(Set(stations.keys) == expected)
            #expect(m["bottleneck"] != nil && m["backlog_at_horizon"] != nil)
        }
        #expect(inc["comparison"] is [String: Any])
    }

    /// `--precision` adds replications until the mean close time's 95 %
    /// half-width is within the target in every mode, by the orders' rule;
    /// the batches only choose N, so the result is a plain run of N.
    @Test func precisionStopsOnTheMeanCloseTime() throws {
        let dir = try CLI.tempDir()
        let path = try CLI.writeScenario(Self.scenario, in: dir)
        let r = try CLI.run(["run", path, "--json", "--precision", "10%", "--max-replications", "200"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try Self.object(r.stdoutData)
        let precision = try #require(obj["precision"] as? [String: Any])
        let n = try #require(precision["replications"] as? Int)
        #expect(precision["reached"] as? Bool == true && n >= 10 && n <= 200)
        #expect(obj["replications"] as? Int == n)
        let modes = try #require((obj["incidents"] as? [String: Any])?["modes"] as? [String: Any])
        for mode in ["tiered", "p2p"] {
            let close = try #require((modes[mode] as? [String: Any])?["close_hours"] as? [String: Any])
            // n counts replications: the basis of mean, ci95 and sd.
            #expect(close["n"] as? Int == n)
            let ci = try #require(close["ci95"] as? [Double])
            let mean = try #require(close["mean"] as? Double)
            #expect((ci[1] - ci[0]) / 2 <= 0.1 * mean + 1e-12)
        }
        let plain = try CLI.run(["run", path, "--json", "--replications", String(n)])
        let plainObj = try Self.object(plain.stdoutData)
        #expect(NSDictionary(dictionary: plainObj["incidents"] as! [String: Any])
            == NSDictionary(dictionary: obj["incidents"] as! [String: Any]))
        // A cap below the first batch, or --max-replications alone: exit 2.
        let low = try CLI.run(["run", path, "--precision", "10%", "--max-replications", "5"])
        #expect(low.status == 2, "\(low.stderr)")
        let alone = try CLI.run(["run", path, "--max-replications", "50"])
        #expect(alone.status == 2, "\(alone.stderr)")
    }

    /// With the order and incidents together there is no one measure to
    /// stop on: refused, never ignored.
    @Test func precisionWithOrderAndIncidentsIsRefused() throws {
        let dir = try CLI.tempDir()
        let path = try CLI.writeScenario(Self.scenario, in: dir)
        let r = try CLI.run(["run", path, "--precision", "5%", "--set", "simulate=[order, incidents]"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--precision") && r.stderr.contains("both the order and incident streams"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func textReportShowsBothModesAndTheBacklog() throws {
        let dir = try CLI.tempDir()
        let path = try CLI.writeScenario(Self.scenario, in: dir)
        let r = try CLI.run(["run", path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        for text in ["Incident closed (report → confirmation), p50: tiered", "Closed within the limit",
                     "hazard (12 h)", "Where the backlog is — tiered", "Where the backlog is — p2p",
                     "Bottleneck by queue:", "Bottleneck by utilisation:", "Open at the horizon:", "Tiered − p2p, mean close time"] {
            #expect(r.stdout.contains(text), "missing '\(text)'")
        }
        #expect(r.stderr.isEmpty, "\(r.stderr)")
    }

    @Test func outWritesTheIncidentFiles() throws {
        let dir = try CLI.tempDir()
        let path = try CLI.writeScenario(Self.scenario, in: dir)
        let out = dir.appendingPathComponent("res")
        let r = try CLI.run(["run", path, "--out", out.path, "--mode", "p2p", "--quiet"], environment: ["PATH": ""])
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files == [".muster-output", "coverage.csv", "incident_close_cdf.csv", "incident_close_cdf.svg", "incident_queue_series.csv",
                          "incident_queues.svg", "incident_replications.csv",
                          "incident_stations.csv", "manifest.json", "replications.csv", "summary.json"])
        // The figures: XML; one CDF line for the one mode, one queue line per station group it uses.
        let cdf = try Data(contentsOf: out.appendingPathComponent("incident_close_cdf.svg"))
        #expect(XMLParser(data: cdf).parse())
        #expect(String(decoding: cdf, as: UTF8.self).components(separatedBy: "class=\"series\"").count - 1 == 1)
        let queues = try String(contentsOf: out.appendingPathComponent("incident_queues.svg"), encoding: .utf8)
        #expect(queues.components(separatedBy: "class=\"series\"").count - 1 == 3)
        let reps = try String(contentsOf: out.appendingPathComponent("incident_replications.csv"), encoding: .utf8)
        #expect(reps.split(separator: "\n").count == 1 + 4)
        let series = try String(contentsOf: out.appendingPathComponent("incident_queue_series.csv"), encoding: .utf8)
        // 72 hourly samples × (platform, emergency, mediation, all_open).
        #expect(series.split(separator: "\n").count == 1 + 72 * 4)
        let summary = try Self.object(Data(contentsOf: out.appendingPathComponent("summary.json")))
        #expect(((summary["incidents"] as? [String: Any])?["modes"] as? [String: Any])?.keys.sorted() == ["p2p"])
    }

    @Test func orderAndIncidentsTogether() throws {
        let dir = try CLI.tempDir()
        let path = try CLI.writeScenario(Self.scenario + "simulate: [order, incidents]\n", in: dir)
        let r = try CLI.run(["run", path, "--json", "--replications", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try Self.object(r.stdoutData)
        let modes = try #require(obj["modes"] as? [String: Any])
        #expect((modes["tiered"] as? [String: Any])?["order_complete_hours"] != nil)
        #expect(obj["simulated"] as? [String] == ["order", "incidents"] && obj["incidents"] != nil)
        let text = try CLI.run(["run", path, "--replications", "2", "--quiet"])
        #expect(text.stdout.contains("Order complete, p50:") && text.stdout.contains("Where the backlog is"))
    }

    @Test func anUnstableStationIsAWarningNotAMeaninglessMean() throws {
        let dir = try CLI.tempDir()
        let path = try CLI.writeScenario(Self.scenario, in: dir)
        // 1 handler for a hazard every ~2 h of 2 h work: load ≥ 1.
        let r = try CLI.run(["run", path, "--json", "--set", "incidents.departments.emergency.handlers=1",
                             "--set", "incidents.kinds.hazard.dispose=4h"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning: tiered: emergency is unstable") && r.stderr.contains("warning: p2p: emergency is unstable"))
        let inc = try #require(try Self.object(r.stdoutData)["incidents"] as? [String: Any])
        #expect((inc["warnings"] as? [String])?.count == 2)
        let emergency = ((inc["modes"] as? [String: Any])?["p2p"] as? [String: Any])
            .flatMap { ($0["stations"] as? [String: Any])?["emergency"] as? [String: Any] }
        #expect(emergency?["stable"] as? Bool == false)
        let text = try CLI.run(["run", path, "--quiet", "--set", "incidents.departments.emergency.handlers=1",
                                "--set", "incidents.kinds.hazard.dispose=4h"])
        #expect(text.stdout.contains("unstable"))
    }

    @Test func badIncidentInputExitsTwoWithFileLineKey() throws {
        let dir = try CLI.tempDir()
        let path = try CLI.writeScenario(Self.scenario.replacingOccurrences(of: "department: mediation", with: "department: courts"), in: dir)
        let r = try CLI.run(["run", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(path):13: incidents.kinds.dispute.department: unknown department 'courts'; allowed: emergency, mediation"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func validateDescribesTheIncidents() throws {
        let dir = try CLI.tempDir()
        let path = try CLI.writeScenario(Self.scenario, in: dir)
        let r = try CLI.run(["validate", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("simulates: incidents"))
        #expect(r.stdout.contains("hazard: 0.002 per household per day, reach street, department emergency, limit 12h"))
        #expect(r.stdout.contains("tiered: report climbs grid > community > street > district > city"))
        // Only what the scenario simulates: no line about the order's team, field work or relay.
        for orderLine in ["order issued", "team:", "field:", "tiered levels:", "p2p: duty"] {
            #expect(!r.stdout.contains(orderLine), "\(r.stdout)")
        }
        #expect(r.stdout.contains("layout:"))
    }

    @Test func shippedTyphoonScenarioRuns() throws {
        let r = try CLI.run(["run", "scenarios/typhoon.yaml", "--replications", "2", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("scenario typhoon") && r.stdout.contains("Where the backlog is — p2p"))
        #expect(r.stderr.isEmpty, "\(r.stderr)")
    }
}
