import MusterEngine
import MusterModel

/// The incident streams of a scenario (docs/model.md, "Incident
/// streams"): what happens on the ground, who handles it, and for how
/// long the simulation watches. Times are seconds from the scenario's
/// `start`; every value is validated.
public struct IncidentSpec: Sendable, Equatable {
    /// Incidents occur in `[0, horizon)`; the simulation then runs on, with
    /// no new incident, until every one is closed.
    public var horizon: Double
    /// Incidents occurring before this time are left out of every
    /// statistic, and time averages start here (warm-up deletion).
    public var warmup: Double
    /// Step of the queue-length series (and of the wait-by-hour series).
    public var sampleEvery: Double
    /// Rate multipliers per simulated day, for kinds without their own.
    public var surge: SurgeProfile
    public var kinds: [IncidentKind]
    public var departments: [DepartmentSpec]
    /// How a report climbs in tiered mode.
    public var tiered: IncidentTieredSpec
    /// Where a report goes in point-to-point mode.
    public var platform: PlatformSpec
    /// The reporting grid worker's check after disposal; the incident is
    /// closed at its end.
    public var confirm: Distribution

    public init(horizon: Double, warmup: Double = 0, sampleEvery: Double = 3600, surge: SurgeProfile = .flat,
                kinds: [IncidentKind], departments: [DepartmentSpec], tiered: IncidentTieredSpec,
                platform: PlatformSpec, confirm: Distribution) {
        self.horizon = horizon; self.warmup = warmup; self.sampleEvery = sampleEvery; self.surge = surge
        self.kinds = kinds; self.departments = departments; self.tiered = tiered
        self.platform = platform; self.confirm = confirm
    }

    /// Index of a department by name.
    public func departmentIndex(_ name: String) -> Int? { departments.firstIndex { $0.name == name } }
}

/// One kind of incident (hazard, dispute, repair…).
public struct IncidentKind: Sendable, Equatable {
    public var name: String
    /// Expected incidents per household per day before the surge factor.
    public var ratePerHouseholdDay: Double
    /// The kind's own day multipliers; nil to use the scenario's.
    public var surge: SurgeProfile?
    /// Occurrence to report: until a grid worker on patrol finds it.
    public var discover: Distribution
    /// Tiered mode: the highest relay level the report must climb to; its
    /// handling there includes routing to the department.
    public var reach: Level
    /// Name of the department that disposes of it.
    public var department: String
    /// The department's work on it.
    public var dispose: Distribution
    /// Time limit, report to close, in seconds.
    public var limit: Double
    /// 1 is most urgent; used by departments with `queue: priority`.
    public var priority: Int

    public init(name: String, ratePerHouseholdDay: Double, surge: SurgeProfile? = nil, discover: Distribution,
                reach: Level, department: String, dispose: Distribution, limit: Double, priority: Int = 1) {
        self.name = name; self.ratePerHouseholdDay = ratePerHouseholdDay; self.surge = surge
        self.discover = discover; self.reach = reach; self.department = department
        self.dispose = dispose; self.limit = limit; self.priority = priority
    }
}

/// How a department orders its waiting incidents.
public enum QueueDiscipline: String, Sendable, Equatable, CaseIterable {
    /// First reported to the department, first served.
    case fifo
    /// Lowest `priority` number first, FIFO within a priority; not
    /// pre-emptive.
    case priority
}

/// A department that disposes of incidents: one pool of handlers for the
/// whole area simulated.
public struct DepartmentSpec: Sendable, Equatable {
    public var name: String
    public var handlers: Int
    /// When a disposal may start.
    public var hours: WeeklyCalendar
    public var queue: QueueDiscipline

    public init(name: String, handlers: Int, hours: WeeklyCalendar, queue: QueueDiscipline = .fifo) {
        self.name = name; self.handlers = handlers; self.hours = hours; self.queue = queue
    }
}

/// One relay level's handling of incident reports (tiered mode): every
/// unit of the level has `handlers` and runs one `handle` job per report.
public struct IncidentLevelSpec: Sendable, Equatable {
    public var handlers: Int
    public var hours: WeeklyCalendar
    public var handle: Distribution

    public init(handlers: Int, hours: WeeklyCalendar, handle: Distribution) {
        self.handlers = handlers; self.hours = hours; self.handle = handle
    }
}

/// Tiered mode: the levels a report climbs (unlisted levels are skipped)
/// and each level's handling.
public struct IncidentTieredSpec: Sendable, Equatable {
    /// Listed relay levels, root first (as `Level` orders them); a report
    /// climbs them bottom-up.
    public var levels: [Level]
    /// Parameters of every relay level (listed or not).
    public var perLevel: [Level: IncidentLevelSpec]

    public init(levels: [Level], perLevel: [Level: IncidentLevelSpec]) {
        self.levels = levels; self.perLevel = perLevel
    }
}

/// Point-to-point mode: the grid worker's app sends the report straight to
/// the platform of the command room at `level` (one platform per unit of
/// that level), where it is triaged and routed to the department.
public struct PlatformSpec: Sendable, Equatable {
    public var level: Level
    public var handlers: Int
    public var hours: WeeklyCalendar
    public var triage: Distribution

    public init(level: Level, handlers: Int, hours: WeeklyCalendar, triage: Distribution) {
        self.level = level; self.handlers = handlers; self.hours = hours; self.triage = triage
    }
}

/// Incident-rate multipliers per simulated day: day d (0-based) covers
/// `[d·24 h, (d+1)·24 h)` from the scenario's start and has `factors[d]`;
/// days past the list have factor 1.
public struct SurgeProfile: Sendable, Equatable {
    public var factors: [Double]

    public init(factors: [Double]) { self.factors = factors }

    /// No surge: factor 1 every day.
    public static let flat = SurgeProfile(factors: [])

    /// The multiplier of day `d`.
    public func factor(day d: Int) -> Double { d < factors.count ? factors[d] : 1 }

    /// The time-weighted mean multiplier over `[0, horizon)`.
    public func mean(over horizon: Double) -> Double {
        guard horizon > 0 else { return 0 }
        var sum = 0.0
        var d = 0
        while Double(d) * 86_400 < horizon {
            let length = min(Double(d + 1) * 86_400, horizon) - Double(d) * 86_400
            sum += factor(day: d) * length
            d += 1
        }
        return sum / horizon
    }

    /// The largest multiplier of a day that starts before `horizon`.
    public func peak(over horizon: Double) -> Double {
        var best = 0.0
        var d = 0
        while Double(d) * 86_400 < horizon {
            best = max(best, factor(day: d))
            d += 1
        }
        return best
    }
}

/// What `muster run` simulates for a scenario.
public enum SimulatedPart: String, Sendable, Equatable, CaseIterable {
    /// The top-down order (docs/model.md, "Tiered relay" and "Point-to-point").
    case order
    /// The incident streams (docs/model.md, "Incident streams").
    case incidents
}
