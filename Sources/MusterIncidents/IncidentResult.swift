import MusterEngine
import MusterModel

/// What one replication of one mode recorded about incidents. Times are
/// hours.
///
/// Close times are kept as summaries (`ReplicationSample`: exact count,
/// mean and percentiles, and a fixed-error histogram), not one value per
/// incident, so a run's memory does not grow with replications ×
/// incidents; `each` holds the values themselves only when asked for.
public struct IncidentReplicationResult: Sendable, Equatable {
    public var mode: Mode
    /// Replication index, 0-based.
    public var replication: Int
    /// Incidents that occurred in `[0, horizon)`.
    public var occurred: Int
    /// Incidents occurring at or after the warm-up: the ones every
    /// statistic counts.
    public var counted: Int
    /// Incidents closed by the horizon (all of them, warm-up included).
    public var closedByHorizon: Int
    /// Open at the horizon and not yet reported.
    public var undiscoveredAtHorizon: Int
    /// Open at the horizon, disposed of, waiting for the grid worker's check.
    public var confirmingAtHorizon: Int
    /// Report to close of counted incidents: all kinds (index 0), then each
    /// kind in `IncidentSpec.kinds` order (index k + 1).
    public var close: [ReplicationSample]
    /// Occurrence to close (discovery included), indexed as `close`.
    public var occurrenceToClose: [ReplicationSample]
    /// Counted incidents closed within their kind's limit, indexed as
    /// `close` (whose counts are the totals).
    public var withinLimit: [Int]
    /// Per station group (`StationGroup.groups(of:)` order).
    public var groups: [StationGroupResult]
    /// Open incidents (occurred, not closed) at each sample time.
    public var openSeries: [Double]
    /// Simulation events processed.
    public var events: Int
    /// Per counted incident, in generation order, when the run was asked
    /// to keep them (tests checking hand computations); nil otherwise.
    public var each: IncidentCloseTimes?

    /// Summarises per-incident close times: `closeHours`,
    /// `occurrenceToCloseHours` and `kind` hold one entry per counted
    /// incident; `limitSeconds` is each kind's time limit. `keepEach` keeps
    /// the values in `each`.
    public init(mode: Mode, replication: Int, occurred: Int, counted: Int, closedByHorizon: Int,
                undiscoveredAtHorizon: Int, confirmingAtHorizon: Int, closeHours: [Double],
                occurrenceToCloseHours: [Double], kind: [UInt16], limitSeconds: [Double], groups: [StationGroupResult],
                openSeries: [Double], events: Int, keepEach: Bool = false) {
        self.mode = mode; self.replication = replication; self.occurred = occurred; self.counted = counted
        self.closedByHorizon = closedByHorizon; self.undiscoveredAtHorizon = undiscoveredAtHorizon
        self.confirmingAtHorizon = confirmingAtHorizon; self.groups = groups
        self.openSeries = openSeries; self.events = events
        let kinds = limitSeconds.count
        var closeBy = [[Double]](repeating: [], count: kinds + 1)
        var fromOccurrenceBy = [[Double]](repeating: [], count: kinds + 1)
        var hits = [Int](repeating: 0, count: kinds + 1)
        closeBy[0] = closeHours
        fromOccurrenceBy[0] = occurrenceToCloseHours
        for (j, k) in kind.enumerated() {
            let k = Int(k)
            if kinds > 1 {
                closeBy[k + 1].append(closeHours[j])
                fromOccurrenceBy[k + 1].append(occurrenceToCloseHours[j])
            }
            if closeHours[j] * 3600 <= limitSeconds[k] { hits[0] += 1; hits[k + 1] += 1 }
        }
        // With one kind, its figures are all kinds' (summarised once).
        close = closeBy.indices.map { kinds == 1 && $0 == 1 ? .empty : ReplicationSample(values: &closeBy[$0]) }
        occurrenceToClose = fromOccurrenceBy.indices.map {
            kinds == 1 && $0 == 1 ? .empty : ReplicationSample(values: &fromOccurrenceBy[$0])
        }
        if kinds == 1 {
            close[1] = close[0]
            occurrenceToClose[1] = occurrenceToClose[0]
        }
        withinLimit = hits
        each = keepEach ? IncidentCloseTimes(closeHours: closeHours, occurrenceToCloseHours: occurrenceToCloseHours,
                                             kind: kind) : nil
    }

    /// A result whose close-time summaries are already made (the run makes
    /// them from its own buffers, without per-kind copies).
    init(mode: Mode, replication: Int, occurred: Int, counted: Int, closedByHorizon: Int,
         undiscoveredAtHorizon: Int, confirmingAtHorizon: Int, close: [ReplicationSample],
         occurrenceToClose: [ReplicationSample], withinLimit: [Int], groups: [StationGroupResult],
         openSeries: [Double], events: Int, each: IncidentCloseTimes?) {
        self.mode = mode; self.replication = replication; self.occurred = occurred; self.counted = counted
        self.closedByHorizon = closedByHorizon; self.undiscoveredAtHorizon = undiscoveredAtHorizon
        self.confirmingAtHorizon = confirmingAtHorizon; self.close = close
        self.occurrenceToClose = occurrenceToClose; self.withinLimit = withinLimit; self.groups = groups
        self.openSeries = openSeries; self.events = events; self.each = each
    }

    /// Open incidents at the horizon, wherever they are.
    public var backlogAtHorizon: Int {
        undiscoveredAtHorizon + confirmingAtHorizon + groups.reduce(0) { $0 + $1.backlogAtHorizon }
    }

    /// Share of counted incidents (of `kind`, or all) closed within the
    /// limit; NaN with none.
    public func withinLimitShare(kind: Int? = nil) -> Double {
        let i = kind.map { $0 + 1 } ?? 0
        return close[i].count > 0 ? Double(withinLimit[i]) / Double(close[i].count) : .nan
    }
}

/// Per counted incident, in generation order: the values behind a
/// replication's close-time summaries.
public struct IncidentCloseTimes: Sendable, Equatable {
    /// Report to close (hours).
    public var closeHours: [Double]
    /// Occurrence to close (hours).
    public var occurrenceToCloseHours: [Double]
    /// Index into `IncidentSpec.kinds`.
    public var kind: [UInt16]
}

/// One station group (a relay level's units, the platform, a department)
/// in one replication. Station measures cover the window from the warm-up
/// to the horizon; waits count jobs of counted incidents, whenever they ran.
public struct StationGroupResult: Sendable, Equatable {
    /// Stations (units) in the group; 0 when the mode does not use it.
    public var stations: Int
    /// Handlers per station.
    public var handlers: Int
    /// Jobs of counted incidents that started.
    public var jobs: Int
    /// Their waits, ready to start, summed (hours).
    public var waitHours: Double
    /// Their waits' distribution (hours).
    public var wait: ReplicationSample
    /// Server-hours busy within the window.
    public var busyHours: Double
    /// Handler-hours the calendars were open within the window.
    public var openHandlerHours: Double
    /// Integral of the number waiting over the window (incident-hours).
    public var queueArea: Double
    /// Waiting or in service at the horizon (all incidents).
    public var backlogAtHorizon: Int
    /// Of the group's most loaded station: expected utilisation ρ (expected
    /// work over handlers × open share of the week) and offered load in
    /// Erlangs (λ × mean service, λ/μ), over the horizon and on the
    /// busiest day.
    public var expectedUtilisation: Double
    public var peakExpectedUtilisation: Double
    public var offeredErlangs: Double
    public var peakOfferedErlangs: Double
    /// Per kind (`IncidentSpec.kinds` order): jobs of counted incidents,
    /// their waits and service times summed (hours), busy handler-hours
    /// and the integral of the number waiting within the window.
    public var byKind: [KindAtStation]
    /// Number waiting, and busy servers, at each sample time, summed over
    /// the group's stations.
    public var waitingSeries: [Double]
    public var busySeries: [Double]
    /// Waits of jobs that became ready in each sample interval, summed
    /// (hours), and their number; all incidents.
    public var waitBinHours: [Double]
    public var waitBinJobs: [Int]

    public init(stations: Int, handlers: Int, jobs: Int, waitHours: Double, wait: ReplicationSample,
                busyHours: Double, openHandlerHours: Double, queueArea: Double, backlogAtHorizon: Int,
                expectedUtilisation: Double, peakExpectedUtilisation: Double, offeredErlangs: Double,
                peakOfferedErlangs: Double, byKind: [KindAtStation], waitingSeries: [Double], busySeries: [Double],
                waitBinHours: [Double], waitBinJobs: [Int]) {
        self.stations = stations; self.handlers = handlers; self.jobs = jobs; self.waitHours = waitHours
        self.wait = wait; self.busyHours = busyHours; self.openHandlerHours = openHandlerHours
        self.queueArea = queueArea; self.backlogAtHorizon = backlogAtHorizon
        self.expectedUtilisation = expectedUtilisation; self.peakExpectedUtilisation = peakExpectedUtilisation
        self.offeredErlangs = offeredErlangs; self.peakOfferedErlangs = peakOfferedErlangs; self.byKind = byKind
        self.waitingSeries = waitingSeries; self.busySeries = busySeries
        self.waitBinHours = waitBinHours; self.waitBinJobs = waitBinJobs
    }

    /// Mean wait per job (hours); NaN with no job.
    public var meanWaitHours: Double { jobs > 0 ? waitHours / Double(jobs) : .nan }

    /// The longest wait of a counted job (hours); 0 with none.
    public var maxWaitHours: Double { wait.count > 0 ? wait.histogram.max : 0 }

    /// Busy server time over open server time in the window; NaN when the
    /// group has no station. Jobs started before closing run on, so it may
    /// exceed 1 slightly even when stable.
    public var utilisation: Double { openHandlerHours > 0 ? busyHours / openHandlerHours : .nan }
}

/// One kind of incident at one station group in one replication.
public struct KindAtStation: Sendable, Equatable, BitwiseCopyable {
    /// Jobs of counted incidents of the kind that started here.
    public var jobs: Int = 0
    /// Their waits and service times, summed (hours).
    public var waitHours: Double = 0
    public var serviceHours: Double = 0
    /// Busy handler-hours on the kind, and the integral of the kind's
    /// number waiting, within the window.
    public var busyHours: Double = 0
    public var queueArea: Double = 0

    public init(jobs: Int = 0, waitHours: Double = 0, serviceHours: Double = 0, busyHours: Double = 0,
                queueArea: Double = 0) {
        self.jobs = jobs; self.waitHours = waitHours; self.serviceHours = serviceHours
        self.busyHours = busyHours; self.queueArea = queueArea
    }

    /// Mean wait, and mean sojourn (wait + service), per job (hours); NaN
    /// with no job.
    public var meanWaitHours: Double { jobs > 0 ? waitHours / Double(jobs) : .nan }
    public var meanSojournHours: Double { jobs > 0 ? (waitHours + serviceHours) / Double(jobs) : .nan }
}
