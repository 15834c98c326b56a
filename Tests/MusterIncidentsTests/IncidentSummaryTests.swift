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

    /// Four jobs waiting 0, 0.5, 0.5 and 1 h (kind 0: the first two, each
    /// served 1 h; kind 1: the others, 3 h), 5 busy handler-hours of 20
    /// open (`busy` to change it).
    static func group(queueArea: Double, load: Double = 0.5, busy: Double = 5) -> StationGroupResult {
        var waits = [0.0, 0.5, 0.5, 1]
        return StationGroupResult(
            stations: 1, handlers: 2, jobs: 4, waitHours: 2, wait: ReplicationSample(values: &waits),
            busyHours: busy, openHandlerHours: 20, queueArea: queueArea, backlogAtHorizon: 1,
            expectedUtilisation: load, peakExpectedUtilisation: 2 * load, offeredErlangs: 2 * load,
            peakOfferedErlangs: 4 * load,
            byKind: [KindAtStation(jobs: 2, waitHours: 0.5, serviceHours: 2, busyHours: 2, queueArea: queueArea / 4),
                     KindAtStation(jobs: 2, waitHours: 1.5, serviceHours: 6, busyHours: 3, queueArea: queueArea * 3 / 4)],
            waitingSeries: [0, 3, 1], busySeries: [0, 1, 2], waitBinHours: [0, 2, 0], waitBinJobs: [0, 4, 0])
    }

    static func result(_ mode: Mode, _ r: Int, close: [Double], kinds: [UInt16],
                       groups: [StationGroupResult]) -> IncidentReplicationResult {
        IncidentReplicationResult(mode: mode, replication: r, occurred: close.count + 1, counted: close.count,
                                  closedByHorizon: close.count - 1, undiscoveredAtHorizon: 1, confirmingAtHorizon: 0,
                                  closeHours: close, occurrenceToCloseHours: close.map { $0 + 1 }, kind: kinds,
                                  limitSeconds: spec.kinds.map(\.limit), groups: groups, openSeries: [0, 2, 4],
                                  events: 10)
    }

    /// Tiered: replication 0 closes 10 h and 30 h (kind 0: in, out) and
    /// 80 h (kind 1: out); replication 1 closes 20 h (kind 0: in) and 50 h
    /// (kind 1: in). Pooled within limit 3 of 5; per replication 1/3 and
    /// 2/2. P2P closes everything in 5 h.
    @Test func sharesMeansAndTheBottleneckAddUp() {
        let spec = Self.spec
        let unused = StationGroupResult(stations: 0, handlers: 0, jobs: 0, waitHours: 0, wait: .empty, busyHours: 0,
                                        openHandlerHours: 0, queueArea: 0, backlogAtHorizon: 0,
                                        expectedUtilisation: 0, peakExpectedUtilisation: 0, offeredErlangs: 0,
                                        peakOfferedErlangs: 0, byKind: [KindAtStation(), KindAtStation()],
                                        waitingSeries: [0, 0, 0], busySeries: [0, 0, 0],
                                        waitBinHours: [0, 0, 0], waitBinJobs: [0, 0, 0])
        let tiered = [
            Self.result(.tiered, 0, close: [10, 30, 80], kinds: [0, 0, 1],
                        groups: [Self.group(queueArea: 10, busy: 10), unused, Self.group(queueArea: 40, load: 1.2)]),
            Self.result(.tiered, 1, close: [20, 50], kinds: [0, 1],
                        groups: [Self.group(queueArea: 10, busy: 10), unused, Self.group(queueArea: 20, load: 0.9)]),
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
        // Mean, interval, sd and n on one basis: the replication means 40 and 35.
        let close = t.close.figures
        #expect(close.mean == 37.5 && close.count == 2 && abs(close.sd - (12.5).squareRoot()) < 1e-12)
        #expect(abs((close.ci95Low + close.ci95High) / 2 - 37.5) < 1e-9)
        // Percentiles of the pooled five (10, 20, 30, 50, 80), within the
        // histogram's error; min and max exact; the pooled mean apart.
        #expect(abs(close.p50 - 30) <= 30 * LogHistogram.relativeError && close.max == 80 && close.min == 10)
        #expect(t.close.pooledCount == 5 && t.close.pooledMean == 38)
        // Two replications are too few for a percentile interval.
        #expect(close.p50CI.low.isNaN && close.p50CI.high.isNaN)
        #expect(t.closeByKind[1].figures.mean == 65)
        // d waits most: queue area 40 and 20 over a 10 h window; grid's
        // handlers are the busiest (10 of 20 h).
        #expect(t.bottleneck.byQueue == 2 && t.stations[2].meanQueue.mean == 3)
        #expect(t.bottleneck.byUtilisation == 0 && t.stations[0].utilisation.mean == 0.5)
        #expect(t.stations[2].utilisation.mean == 0.25)
        #expect(t.stations[2].meanWait.mean == 0.5)
        // Sojourn: (2 h waiting + 8 h service) over 4 jobs.
        #expect(t.stations[2].meanSojourn.mean == 2.5)
        // Offered load measured: 8 service hours in a 10 h window.
        #expect(abs(t.stations[2].offeredErlangs.mean - 0.8) < 1e-12)
        #expect(t.stations[2].utilisationExpected == 1.2 && !t.stations[2].stable)
        #expect(t.stations[2].offeredErlangsExpected == 2.4)
        // Per kind: kind 1 waits 0.75 h, sojourns 3.75 h, keeps 3 of 20
        // handler-hours busy, offers 6 h / 10 h.
        let k1 = t.stations[2].byKind[1]
        #expect(k1.meanWait.mean == 0.75 && k1.meanSojourn.mean == 3.75 && k1.utilisation.mean == 0.15)
        #expect(abs(k1.offeredErlangs.mean - 0.6) < 1e-12 && k1.meanQueue.mean == 2.25 && k1.jobs == 2)
        // The waits' distribution: 0, 0.5, 0.5, 1 in each replication.
        #expect(t.stations[2].wait.figures.max == 1 && t.stations[2].wait.pooledCount == 8)
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
        #expect(tj?["bottleneck"]?["by_queue"] == .string("d"))
        #expect(tj?["bottleneck"]?["by_utilisation"] == .string("grid"))
        #expect(tj?["close_hours"]?["n"] == .int(2) && tj?["close_hours"]?["pooled_n"] == .int(5))
        #expect(tj?["stations"]?["d"]?["by_kind"]?.keys == ["k", "other"])
        #expect(tj?["within_limit"]?["share"] == .number(0.6))
        #expect(!json.serialized().contains("nan"))
        let whole = s.summaryJSON(order: nil, scenario: "x", seed: 3, replications: 2, version: "0.1.0", simulated: [.incidents])
        #expect(whole.keys == ["muster_version", "scenario", "seed", "replications", "modes", "comparison", "precision", "simulated", "incidents"])

        // The CSVs: one row per mode, group used and sample.
        let series = IncidentCSV.queueSeries(s).split(separator: "\n")
        #expect(series.first.map(String.init) == IncidentCSV.seriesHeader)
        // tiered: grid, d, all_open; p2p: platform, d, all_open — 3 samples each.
        #expect(series.count == 1 + 2 * 3 * 3)
        let stations = IncidentCSV.stations(s).split(separator: "\n")
        // A row per mode and group used, and one per kind there.
        #expect(stations.count == 1 + 4 * 3)
        let cdf = IncidentCSV.closeCDF(s).split(separator: "\n")
        #expect(cdf.count == 1 + 2 * 3 * IncidentSummary.cdfShares.count)
        let report = IncidentReport.render(s, title: "t", start: "Mon 00:00")
        #expect(report.contains("Bottleneck by queue: d"))
        #expect(report.contains("Bottleneck by utilisation: grid"))
        #expect(report.contains("unstable"))
        #expect(report.contains("Unstable (expected ρ ≥ 1): tiered d"))
    }
}
