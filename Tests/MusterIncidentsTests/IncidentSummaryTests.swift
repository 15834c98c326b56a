import MusterEngine
import MusterModel
import MusterStats
import Testing
import MusterIncidentsReport
@testable import MusterIncidents

/// The figures across replications, on results small enough to add up by hand.
@Suite struct IncidentSummaryTests {
    typealias F = IncidentFixture

    /// Two kinds (limits 24 h and 72 h), one department "d"; groups are
    /// grid (tiered), platform, d.
    static var spec: IncidentSpec {
        var s = F.stream(perHour: 1, horizon: 10 * 3600)
        s.kinds[0].limit = 24 * 3600
        var other = s.kinds[0]
        other.name = "other"
        other.limit = 72 * 3600
        s.kinds.append(other)
        return s
    }

    static func group(queueArea: Double, load: Double = 0.5, jobs: Int = 4, wait: Double = 2) -> StationGroupResult {
        StationGroupResult(stations: 1, handlers: 2, jobs: jobs, waitHours: wait, maxWaitHours: 1, busyHours: 5,
                           openHandlerHours: 20, queueArea: queueArea, backlogAtHorizon: 1, offeredLoad: load,
                           peakOfferedLoad: 2 * load, waitingSeries: [0, 3, 1], busySeries: [0, 1, 2],
                           waitBinHours: [0, 2, 0], waitBinJobs: [0, 4, 0])
    }

    static func result(_ mode: Mode, _ r: Int, close: [Double], kinds: [UInt16],
                       groups: [StationGroupResult]) -> IncidentReplicationResult {
        IncidentReplicationResult(mode: mode, replication: r, occurred: close.count + 1, counted: close.count,
                                  closedByHorizon: close.count - 1, undiscoveredAtHorizon: 1, confirmingAtHorizon: 0,
                                  closeHours: close, occurrenceToCloseHours: close.map { $0 + 1 }, kind: kinds,
                                  groups: groups, openSeries: [0, 2, 4], events: 10)
    }

    /// Tiered: replication 0 closes 10 h and 30 h (kind 0: in, out) and
    /// 80 h (kind 1: out); replication 1 closes 20 h (kind 0: in) and 50 h
    /// (kind 1: in). Pooled within limit 3 of 5; per replication 1/3 and
    /// 2/2. P2P closes everything in 5 h.
    @Test func sharesMeansAndTheBottleneckAddUp() {
        let spec = Self.spec
        let unused = StationGroupResult(stations: 0, handlers: 0, jobs: 0, waitHours: 0, maxWaitHours: 0, busyHours: 0,
                                        openHandlerHours: 0, queueArea: 0, backlogAtHorizon: 0, offeredLoad: 0,
                                        peakOfferedLoad: 0, waitingSeries: [0, 0, 0], busySeries: [0, 0, 0],
                                        waitBinHours: [0, 0, 0], waitBinJobs: [0, 0, 0])
        let tiered = [
            Self.result(.tiered, 0, close: [10, 30, 80], kinds: [0, 0, 1],
                        groups: [Self.group(queueArea: 10), unused, Self.group(queueArea: 40, load: 1.2)]),
            Self.result(.tiered, 1, close: [20, 50], kinds: [0, 1],
                        groups: [Self.group(queueArea: 10), unused, Self.group(queueArea: 20, load: 0.9)]),
        ]
        let p2p = [
            Self.result(.p2p, 0, close: [5, 5, 5], kinds: [0, 0, 1], groups: [unused, Self.group(queueArea: 1), Self.group(queueArea: 0)]),
            Self.result(.p2p, 1, close: [5, 5], kinds: [0, 1], groups: [unused, Self.group(queueArea: 1), Self.group(queueArea: 0)]),
        ]
        let s = IncidentSummary(spec: spec, results: [.tiered: tiered, .p2p: p2p])
        let t = s.modes[.tiered]!
        #expect(t.withinLimit.count == 5 && t.withinLimit.pooled == 0.6)
        #expect(abs(t.withinLimit.perReplication.mean - (1.0 / 3 + 1) / 2) < 1e-12)
        #expect(t.withinLimitByKind[0].pooled == 2.0 / 3 && t.withinLimitByKind[1].pooled == 0.5)
        #expect(t.close.mean == 38 && t.close.p50 == 30 && t.close.max == 80)
        #expect(t.closeByKind[1].mean == 65)
        // The interval of a pooled measure comes from replication means (40, 35).
        #expect(abs((t.close.ci95Low + t.close.ci95High) / 2 - 37.5) < 1e-9)
        // d waits most: queue area 40 and 20 over a 10 h window.
        #expect(t.bottleneck == 2 && t.stations[2].meanQueue.mean == 3)
        #expect(t.stations[2].utilisation.mean == 0.25)
        #expect(t.stations[2].meanWait.mean == 0.5)
        #expect(t.stations[2].offeredLoad == 1.2 && !t.stations[2].stable)
        // Samples are 24 h apart in this spec: the peak (3 waiting) is the second.
        #expect(t.stations[0].peakQueue == 3 && t.stations[0].peakQueueHour == 24)
        #expect(!t.stations[1].used && t.stations[0].used)
        #expect(t.backlog.total == 3 && t.backlog.undiscovered == 1)
        #expect(t.closeCDF[0].first == 10 && t.closeCDF[0].last == 80)
        #expect(s.warnings.count == 1 && s.warnings[0].hasPrefix("tiered: d is unstable"))
        let c = s.comparison!
        #expect(c.closeMeanDiff.mean == 32.5)
        #expect(abs(c.withinLimitDiff.mean - ((1.0 / 3 - 1) + 0) / 2) < 1e-12)

        // The JSON: new keys only, no NaN, the unused group left out.
        let json = s.json
        #expect(json.keys == ["horizon_hours", "warmup_hours", "sample_every_hours", "kinds", "warnings", "modes", "comparison"])
        let tj = json["modes"]?["tiered"]
        #expect(tj?["stations"]?.keys == ["grid", "d"])
        #expect(tj?["bottleneck"] == .string("d"))
        #expect(tj?["within_limit"]?["share"] == .number(0.6))
        #expect(!json.serialized().contains("nan"))
        let whole = s.summaryJSON(order: nil, scenario: "x", seed: 3, replications: 2, version: "0.1.0", simulated: [.incidents])
        #expect(whole.keys == ["muster_version", "scenario", "seed", "replications", "modes", "comparison", "simulated", "incidents"])

        // The CSVs: one row per mode, group used and sample.
        let series = IncidentCSV.queueSeries(s).split(separator: "\n")
        #expect(series.first.map(String.init) == IncidentCSV.seriesHeader)
        // tiered: grid, d, all_open; p2p: platform, d, all_open — 3 samples each.
        #expect(series.count == 1 + 2 * 3 * 3)
        let stations = IncidentCSV.stations(s).split(separator: "\n")
        #expect(stations.count == 1 + 4)
        let cdf = IncidentCSV.closeCDF(s).split(separator: "\n")
        #expect(cdf.count == 1 + 2 * 3 * IncidentSummary.cdfShares.count)
        let report = IncidentReport.render(s, title: "t", start: "Mon 00:00")
        #expect(report.contains("Bottleneck: d"))
        #expect(report.contains("unstable"))
        #expect(report.contains("Unstable (offered load ≥ 1): tiered d"))
    }
}
