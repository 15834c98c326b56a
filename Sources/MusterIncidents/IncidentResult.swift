import MusterModel

/// What one replication of one mode recorded about incidents. Times are
/// hours.
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
    /// Per counted incident, in generation order: report to close.
    public var closeHours: [Double]
    /// Per counted incident: occurrence to close (discovery included).
    public var occurrenceToCloseHours: [Double]
    /// Per counted incident: index into `IncidentSpec.kinds`.
    public var kind: [UInt16]
    /// Per station group (`StationGroup.groups(of:)` order).
    public var groups: [StationGroupResult]
    /// Open incidents (occurred, not closed) at each sample time.
    public var openSeries: [Double]
    /// Simulation events processed.
    public var events: Int

    public init(mode: Mode, replication: Int, occurred: Int, counted: Int, closedByHorizon: Int,
                undiscoveredAtHorizon: Int, confirmingAtHorizon: Int, closeHours: [Double],
                occurrenceToCloseHours: [Double], kind: [UInt16], groups: [StationGroupResult],
                openSeries: [Double], events: Int) {
        self.mode = mode; self.replication = replication; self.occurred = occurred; self.counted = counted
        self.closedByHorizon = closedByHorizon; self.undiscoveredAtHorizon = undiscoveredAtHorizon
        self.confirmingAtHorizon = confirmingAtHorizon; self.closeHours = closeHours
        self.occurrenceToCloseHours = occurrenceToCloseHours; self.kind = kind; self.groups = groups
        self.openSeries = openSeries; self.events = events
    }

    /// Open incidents at the horizon, wherever they are.
    public var backlogAtHorizon: Int {
        undiscoveredAtHorizon + confirmingAtHorizon + groups.reduce(0) { $0 + $1.backlogAtHorizon }
    }
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
    /// The longest of those waits (hours).
    public var maxWaitHours: Double
    /// Server-hours busy within the window.
    public var busyHours: Double
    /// Handler-hours the calendars were open within the window.
    public var openHandlerHours: Double
    /// Integral of the number waiting over the window (incident-hours).
    public var queueArea: Double
    /// Waiting or in service at the horizon (all incidents).
    public var backlogAtHorizon: Int
    /// The largest offered load of the group's stations: mean over the
    /// horizon, and on the busiest day.
    public var offeredLoad: Double
    public var peakOfferedLoad: Double
    /// Number waiting, and busy servers, at each sample time, summed over
    /// the group's stations.
    public var waitingSeries: [Double]
    public var busySeries: [Double]
    /// Waits of jobs that became ready in each sample interval, summed
    /// (hours), and their number; all incidents.
    public var waitBinHours: [Double]
    public var waitBinJobs: [Int]

    public init(stations: Int, handlers: Int, jobs: Int, waitHours: Double, maxWaitHours: Double, busyHours: Double,
                openHandlerHours: Double, queueArea: Double, backlogAtHorizon: Int, offeredLoad: Double,
                peakOfferedLoad: Double, waitingSeries: [Double], busySeries: [Double],
                waitBinHours: [Double], waitBinJobs: [Int]) {
        self.stations = stations; self.handlers = handlers; self.jobs = jobs; self.waitHours = waitHours
        self.maxWaitHours = maxWaitHours; self.busyHours = busyHours; self.openHandlerHours = openHandlerHours
        self.queueArea = queueArea; self.backlogAtHorizon = backlogAtHorizon; self.offeredLoad = offeredLoad
        self.peakOfferedLoad = peakOfferedLoad; self.waitingSeries = waitingSeries; self.busySeries = busySeries
        self.waitBinHours = waitBinHours; self.waitBinJobs = waitBinJobs
    }

    /// Mean wait per job (hours); NaN with no job.
    public var meanWaitHours: Double { jobs > 0 ? waitHours / Double(jobs) : .nan }

    /// Busy server time over open server time in the window; NaN when the
    /// group has no station. Jobs started before closing run on, so it may
    /// exceed 1 slightly even when stable.
    public var utilisation: Double { openHandlerHours > 0 ? busyHours / openHandlerHours : .nan }
}
