import MusterEngine
import MusterIncidents
import MusterModel
import MusterNumerics
import MusterStats

/// Everything a run reports about incidents: the figures behind the
/// summary's `incidents` object, the text report and the incident CSVs.
public struct IncidentSummary: Sendable, Equatable {
    @Figure public var horizonHours: Double
    @Figure public var warmupHours: Double
    @Figure public var sampleEveryHours: Double
    /// Kind names and their time limits (hours), in scenario order.
    public var kinds: [KindLimit]
    /// The report's rows (relay levels, platform, departments).
    public var groups: [StationGroup]
    /// Only the modes that ran.
    public var modes: [Mode: IncidentModeSummary]
    /// Present only when both modes ran.
    public var comparison: IncidentComparison?
    /// Stations whose offered load over the horizon is 1 or more, per mode:
    /// their queues grow for as long as the load lasts.
    public var warnings: [String]

    /// The modes that ran, in report order (tiered, then p2p).
    public var modesRun: [Mode] { Mode.allCases.filter { modes[$0] != nil } }

    public init(spec: IncidentSpec, results: [Mode: [IncidentReplicationResult]]) {
        horizonHours = spec.horizon / 3600
        warmupHours = spec.warmup / 3600
        sampleEveryHours = spec.sampleEvery / 3600
        kinds = spec.kinds.map { KindLimit(name: $0.name, limitHours: $0.limit / 3600) }
        groups = StationGroup.groups(of: spec)
        var modes: [Mode: IncidentModeSummary] = [:]
        for (mode, runs) in results {
            modes[mode] = IncidentModeSummary(mode: mode, spec: spec,
                                              results: runs.sorted { $0.replication < $1.replication })
        }
        self.modes = modes
        if let t = results[.tiered], let p = results[.p2p] {
            comparison = IncidentComparison(spec: spec, tiered: t, p2p: p)
        } else {
            comparison = nil
        }
        var warnings: [String] = []
        for mode in Mode.allCases {
            guard let m = modes[mode] else { continue }
            for s in m.stations where s.used && !s.stable {
                warnings.append("\(mode.rawValue): \(s.group.name) is unstable: expected utilisation \(TextReport.fixed(s.utilisationExpected, 2)) ≥ 1 over the horizon (work arrives faster than its handlers can do it in their office hours), so its queue grows as long as the load lasts; its mean wait, and the close times of incidents that pass it, describe this horizon, not a steady state")
            }
        }
        self.warnings = warnings
    }

    /// Shares at which the close-time CDF is tabulated: 0, 0.01, … 1.
    public static let cdfShares: [Double] = (0...100).map { Double($0) / 100 }
}

/// An incident kind's name and time limit (hours).
public struct KindLimit: Sendable, Equatable {
    public var name: String
    @Figure public var limitHours: Double

    public init(name: String, limitHours: Double) {
        self.name = name; self.limitHours = limitHours
    }
}

/// A share (closed within the limit) pooled over every incident, with
/// the mean and interval of the per-replication shares.
public struct ShareFigure: Sendable, Equatable {
    /// Incidents pooled over replications.
    public var count: Int
    /// Share of all pooled incidents; NaN with none.
    @Figure public var pooled: Double
    /// Mean and t-interval of the replications' own shares.
    public var perReplication: MeanInterval

    init(hits: [Int], totals: [Int]) {
        let n = totals.reduce(0, +)
        count = n
        pooled = n > 0 ? Double(hits.reduce(0, +)) / Double(n) : .nan
        perReplication = MeanInterval(values: zip(hits, totals).map { $1 > 0 ? Double($0) / Double($1) : .nan })
    }
}

/// A series across replications: mean, 10th and 90th percentiles at each
/// sample.
public struct SeriesBand: Sendable, Equatable {
    @Figure public var mean: [Double]
    @Figure public var p10: [Double]
    @Figure public var p90: [Double]

    init(_ series: [[Double]]) {
        let n = series.map(\.count).max() ?? 0
        var mean: [Double] = [], p10: [Double] = [], p90: [Double] = []
        for k in 0..<n {
            let column = series.compactMap { k < $0.count ? $0[k] : nil }.sorted()
            mean.append(plainMean(column))
            p10.append(Quantile.ofSorted(column, 0.1))
            p90.append(Quantile.ofSorted(column, 0.9))
        }
        self.mean = mean; self.p10 = p10; self.p90 = p90
    }
}

/// One row of "where the backlog is" for one mode.
///
/// Figures named `…Expected` come from the scenario's rates (the group's
/// most loaded station); the others are measured, as mean and t-interval
/// over replications (`n` replications), except `wait`, whose percentiles
/// are pooled (`SectionedStatistics`).
public struct StationSummary: Sendable, Equatable {
    public var group: StationGroup
    /// False when the mode does not send reports through this group.
    public var used: Bool
    /// Stations (units) in the group, mean per replication.
    @Figure public var stations: Double
    public var handlers: Int
    /// Busy handler time over open handler time, window warm-up → horizon.
    public var utilisation: MeanInterval
    /// Expected utilisation ρ of the group's most loaded station over the
    /// horizon and on the busiest day, the largest over replications
    /// (layouts differ between replications, so the worst one decides
    /// stability).
    @Figure public var utilisationExpected: Double
    @Figure public var peakUtilisationExpected: Double
    /// Offered load of that station in Erlangs (λ/μ), over the horizon and
    /// on the busiest day, the largest over replications.
    @Figure public var offeredErlangsExpected: Double
    @Figure public var peakOfferedErlangsExpected: Double
    /// Offered load measured, all the group's stations together: service
    /// hours of counted jobs per hour of the window (λ̂ × mean service).
    public var offeredErlangs: MeanInterval
    /// Expected utilisation below 1 in every replication.
    public var stable: Bool
    /// Mean wait per job (hours): mean and interval of replication means.
    public var meanWait: MeanInterval
    /// Mean wait + service per job (hours), likewise.
    public var meanSojourn: MeanInterval
    /// Waits of counted jobs (hours): replication means, pooled percentiles.
    public var wait: SectionedStatistics
    /// The longest wait of any replication (hours).
    @Figure public var maxWaitHours: Double
    /// Time-average number waiting, summed over the group's stations.
    public var meanQueue: MeanInterval
    /// Per kind, in scenario order.
    public var byKind: [KindStationSummary]
    /// Waiting or in service at the horizon, mean per replication.
    @Figure public var backlogAtHorizon: Double
    /// Jobs of counted incidents, mean per replication.
    @Figure public var jobs: Double
    /// Number waiting over time, across replications.
    public var waiting: SeriesBand
    /// Busy handlers over time, mean across replications.
    @Figure public var busyMean: [Double]
    /// Mean wait of the jobs that became ready in each sample interval,
    /// pooled over replications (hours); NaN where none did.
    @Figure public var waitByInterval: [Double]
    /// The largest mean number waiting over time, and when (hours).
    @Figure public var peakQueue: Double
    @Figure public var peakQueueHour: Double

    init(group g: Int, spec: IncidentSpec, mode: Mode, results: [IncidentReplicationResult]) {
        let group = StationGroup.groups(of: spec)[g]
        let rows = results.map { $0.groups[g] }
        let window = (spec.horizon - spec.warmup) / 3600
        self.group = group
        used = group.isUsed(in: mode)
        stations = plainMean(rows.map { Double($0.stations) })
        handlers = rows.map(\.handlers).max() ?? 0
        utilisation = MeanInterval(values: rows.map(\.utilisation))
        utilisationExpected = rows.map(\.expectedUtilisation).max() ?? .nan
        peakUtilisationExpected = rows.map(\.peakExpectedUtilisation).max() ?? .nan
        offeredErlangsExpected = rows.map(\.offeredErlangs).max() ?? .nan
        peakOfferedErlangsExpected = rows.map(\.peakOfferedErlangs).max() ?? .nan
        offeredErlangs = MeanInterval(values: rows.map { row in
            window > 0 ? row.byKind.reduce(0) { $0 + $1.serviceHours } / window : .nan
        })
        stable = rows.allSatisfy { $0.expectedUtilisation < 1 }
        meanWait = MeanInterval(values: rows.map(\.meanWaitHours))
        meanSojourn = MeanInterval(values: rows.map { row in
            row.jobs > 0 ? (row.waitHours + row.byKind.reduce(0) { $0 + $1.serviceHours }) / Double(row.jobs) : .nan
        })
        wait = SectionedStatistics(samples: rows.map(\.wait))
        maxWaitHours = rows.map(\.maxWaitHours).max() ?? .nan
        meanQueue = MeanInterval(values: rows.map { window > 0 ? $0.queueArea / window : .nan })
        byKind = spec.kinds.indices.map { k in
            KindStationSummary(name: spec.kinds[k].name, rows: rows.map { ($0.byKind[k], $0.openHandlerHours) },
                               window: window)
        }
        backlogAtHorizon = plainMean(rows.map { Double($0.backlogAtHorizon) })
        jobs = plainMean(rows.map { Double($0.jobs) })
        waiting = SeriesBand(rows.map(\.waitingSeries))
        busyMean = SeriesBand(rows.map(\.busySeries)).mean
        let bins = rows.map(\.waitBinJobs.count).max() ?? 0
        waitByInterval = (0..<bins).map { k in
            let n = rows.reduce(0) { $0 + (k < $1.waitBinJobs.count ? $1.waitBinJobs[k] : 0) }
            let sum = rows.reduce(0.0) { $0 + (k < $1.waitBinHours.count ? $1.waitBinHours[k] : 0) }
            return n > 0 ? sum / Double(n) : .nan
        }
        let peak = waiting.mean.enumerated().max { $0.element < $1.element }
        peakQueue = peak?.element ?? .nan
        peakQueueHour = peak.map { Double($0.offset) * spec.sampleEvery / 3600 } ?? .nan
    }
}

/// One kind of incident at one station group, for one mode: means and
/// t-intervals over replications.
public struct KindStationSummary: Sendable, Equatable {
    public var name: String
    /// Jobs of counted incidents of the kind, mean per replication.
    @Figure public var jobs: Double
    public var meanWait: MeanInterval
    /// Wait + service per job (hours).
    public var meanSojourn: MeanInterval
    /// Busy handler time on the kind over the group's open handler time.
    public var utilisation: MeanInterval
    /// Service hours of the kind's counted jobs per hour of the window
    /// (λ̂_k × mean service, Erlangs).
    public var offeredErlangs: MeanInterval
    /// Time-average number of the kind waiting.
    public var meanQueue: MeanInterval

    init(name: String, rows: [(KindAtStation, Double)], window: Double) {
        self.name = name
        jobs = plainMean(rows.map { Double($0.0.jobs) })
        meanWait = MeanInterval(values: rows.map(\.0.meanWaitHours))
        meanSojourn = MeanInterval(values: rows.map(\.0.meanSojournHours))
        utilisation = MeanInterval(values: rows.map { $1 > 0 ? $0.busyHours / $1 : .nan })
        offeredErlangs = MeanInterval(values: rows.map { window > 0 ? $0.0.serviceHours / window : .nan })
        meanQueue = MeanInterval(values: rows.map { window > 0 ? $0.0.queueArea / window : .nan })
    }
}

/// Open incidents at the horizon, by where they are (means per replication).
public struct BacklogSummary: Sendable, Equatable {
    @Figure public var undiscovered: Double
    /// Per group, in `IncidentSummary.groups` order.
    @Figure public var byGroup: [Double]
    @Figure public var confirming: Double
    @Figure public var total: Double
}

/// The bottleneck of one mode, by two criteria that may disagree: the
/// highest measured utilisation, and the longest time-average queue.
public struct Bottleneck: Sendable, Equatable {
    /// Group index with the highest utilisation; nil when no handler
    /// was ever busy.
    public var byUtilisation: Int?
    /// Group index with the largest mean number waiting; nil when nothing
    /// ever waited.
    public var byQueue: Int?
}

/// What one mode did with incidents across all replications.
///
/// Every `SectionedStatistics` has its mean, interval, sd and n over
/// replication means and its percentiles over the pooled incidents.
public struct IncidentModeSummary: Sendable, Equatable {
    public var mode: Mode
    public var replications: Int
    /// Means per replication.
    @Figure public var occurred: Double
    @Figure public var counted: Double
    @Figure public var closedByHorizon: Double
    @Figure public var events: Double
    /// Events per counted incident (the sum over replications of events
    /// over that of counted incidents).
    @Figure public var eventsPerIncident: Double
    /// Report to close.
    public var close: SectionedStatistics
    /// Occurrence to close (discovery included).
    public var occurrenceToClose: SectionedStatistics
    /// Report to close per kind (scenario order).
    public var closeByKind: [SectionedStatistics]
    /// Closed within the kind's limit: all kinds, then per kind.
    public var withinLimit: ShareFigure
    public var withinLimitByKind: [ShareFigure]
    /// Per group, in `IncidentSummary.groups` order.
    public var stations: [StationSummary]
    public var backlog: BacklogSummary
    public var bottleneck: Bottleneck
    /// Report-to-close hours at `IncidentSummary.cdfShares`: all kinds, then
    /// each kind (from the pooled histograms).
    @Figure public var closeCDF: [[Double]]
    /// Open incidents over time, across replications.
    public var open: SeriesBand

    init(mode: Mode, spec: IncidentSpec, results: [IncidentReplicationResult]) {
        self.mode = mode
        replications = results.count
        occurred = plainMean(results.map { Double($0.occurred) })
        counted = plainMean(results.map { Double($0.counted) })
        closedByHorizon = plainMean(results.map { Double($0.closedByHorizon) })
        events = plainMean(results.map { Double($0.events) })
        let totalCounted = results.reduce(0) { $0 + $1.counted }
        eventsPerIncident = totalCounted > 0 ? Double(results.reduce(0) { $0 + $1.events }) / Double(totalCounted) : .nan
        close = SectionedStatistics(samples: results.map { $0.close[0] })
        occurrenceToClose = SectionedStatistics(samples: results.map { $0.occurrenceToClose[0] })
        let kindCount = spec.kinds.count
        closeByKind = (0..<kindCount).map { k in SectionedStatistics(samples: results.map { $0.close[k + 1] }) }
        withinLimit = ShareFigure(hits: results.map { $0.withinLimit[0] }, totals: results.map { $0.close[0].count })
        withinLimitByKind = (0..<kindCount).map { k in
            ShareFigure(hits: results.map { $0.withinLimit[k + 1] }, totals: results.map { $0.close[k + 1].count })
        }
        let groupCount = StationGroup.groups(of: spec).count
        stations = (0..<groupCount).map { StationSummary(group: $0, spec: spec, mode: mode, results: results) }
        backlog = BacklogSummary(
            undiscovered: plainMean(results.map { Double($0.undiscoveredAtHorizon) }),
            byGroup: (0..<groupCount).map { g in plainMean(results.map { Double($0.groups[g].backlogAtHorizon) }) },
            confirming: plainMean(results.map { Double($0.confirmingAtHorizon) }),
            total: plainMean(results.map { Double($0.backlogAtHorizon) }))
        let used = stations.enumerated().filter { $0.element.used }
        bottleneck = Bottleneck(
            byUtilisation: used.filter { $0.element.utilisation.mean > 0 }
                .max { $0.element.utilisation.mean < $1.element.utilisation.mean }?.offset,
            byQueue: used.filter { $0.element.meanQueue.mean > 0 }
                .max { $0.element.meanQueue.mean < $1.element.meanQueue.mean }?.offset)
        func cdf(_ h: LogHistogram) -> [Double] { IncidentSummary.cdfShares.map { h.quantile($0) } }
        closeCDF = [cdf(close.histogram)] + closeByKind.map { cdf($0.histogram) }
        open = SeriesBand(results.map(\.openSeries))
    }
}

/// Tiered against point-to-point on the same incidents, paired by
/// replication.
public struct IncidentComparison: Sendable, Equatable {
    /// Tiered − p2p mean close time per replication (hours).
    public var closeMeanDiff: MeanInterval
    /// Tiered − p2p share closed within the limit per replication.
    public var withinLimitDiff: MeanInterval

    init(spec: IncidentSpec, tiered: [IncidentReplicationResult], p2p: [IncidentReplicationResult]) {
        var byReplication: [Int: IncidentReplicationResult] = [:]
        for r in p2p { byReplication[r.replication] = r }
        var diffs: [Double] = [], shares: [Double] = []
        for t in tiered.sorted(by: { $0.replication < $1.replication }) {
            guard let p = byReplication[t.replication] else { continue }
            diffs.append(t.close[0].mean - p.close[0].mean)
            shares.append(t.withinLimitShare() - p.withinLimitShare())
        }
        closeMeanDiff = MeanInterval(values: diffs)
        withinLimitDiff = MeanInterval(values: shares)
    }
}
