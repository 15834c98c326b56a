import MusterEngine
import MusterModel

/// An incident spec with its distributions precompiled and its names
/// resolved to indices, shared read-only by every replication.
public struct CompiledIncidents: Sendable {
    public let spec: IncidentSpec
    public let groups: [StationGroup]
    /// Week time of simulation time zero (the scenario's start).
    let origin: Double
    let kinds: [Kind]
    /// Handling per relay level, indexed by `Level.rawValue` (city … grid).
    let levels: [LevelHandling]
    /// Handling time per relay level (by `Level.rawValue`), apart from
    /// `levels` so the event loop copies no calendar.
    let handle: [Distribution.Sampler]
    let triage: Distribution.Sampler
    let confirm: Distribution.Sampler
    /// Group of each relay level (by `Level.rawValue`), −1 when unlisted.
    let levelGroup: [Int]
    let platformGroup: Int
    /// Group of each department.
    let departmentGroup: [Int]
    /// Priority classes: the distinct `priority` values of the kinds,
    /// ascending; a kind's class is its value's position.
    let priorityClasses: Int

    /// Surge factors of each kind over the horizon (one per day that
    /// starts before it); kept apart so that `Kind` holds no reference and
    /// copies for free in the event loop.
    let dayFactors: [[Double]]

    struct Kind: Sendable {
        let rate: Double
        let meanFactor: Double
        let discover: Distribution.Sampler
        let dispose: Distribution.Sampler
        let disposeMean: Double
        let reach: Level
        let department: Int
        let limit: Double
        let priorityClass: Int
    }

    struct LevelHandling: Sendable {
        let handlers: Int
        let hours: WeeklyCalendar
        let handle: Distribution.Sampler
        let handleMean: Double
    }

    /// - Precondition: every kind names a department of `spec` (the loader
    ///   checks this).
    public init(_ spec: IncidentSpec, start: WeekTime) {
        self.spec = spec
        origin = start.seconds
        groups = StationGroup.groups(of: spec)
        let priorities = Array(Set(spec.kinds.map(\.priority))).sorted()
        priorityClasses = max(priorities.count, 1)
        kinds = spec.kinds.map { k in
            let surge = k.surge ?? spec.surge
            guard let d = spec.departmentIndex(k.department) else {
                preconditionFailure("kind \(k.name): unknown department \(k.department)")
            }
            return Kind(rate: k.ratePerHouseholdDay,
                        meanFactor: surge.mean(over: spec.horizon),
                        discover: k.discover.sampler, dispose: k.dispose.sampler, disposeMean: k.dispose.mean,
                        reach: k.reach, department: d, limit: k.limit,
                        priorityClass: priorities.firstIndex(of: k.priority) ?? 0)
        }
        let days = Int((spec.horizon / 86_400).rounded(.up))
        dayFactors = spec.kinds.map { k in (0..<days).map { (k.surge ?? spec.surge).factor(day: $0) } }
        levels = Level.relayLevels.map { level in
            let l = spec.tiered.perLevel[level]
                ?? IncidentLevelSpec(handlers: 1, hours: .always, handle: .constant(0))
            return LevelHandling(handlers: l.handlers, hours: l.hours, handle: l.handle.sampler, handleMean: l.handle.mean)
        }
        handle = levels.map(\.handle)
        triage = spec.platform.triage.sampler
        confirm = spec.confirm.sampler
        var levelGroup = [Int](repeating: -1, count: Level.relayLevels.count)
        var platformGroup = -1
        var departmentGroup = [Int](repeating: -1, count: spec.departments.count)
        for (g, group) in groups.enumerated() {
            switch group.role {
            case .level(let l): levelGroup[l.rawValue] = g
            case .platform: platformGroup = g
            case .department(let d): departmentGroup[d] = g
            }
        }
        self.levelGroup = levelGroup
        self.platformGroup = platformGroup
        self.departmentGroup = departmentGroup
    }

    /// Σ over kinds of weight(k) × rate_k × surge factor_k, per household
    /// per day: its time average over the horizon, and its value on the
    /// busiest day (kinds may surge on different days).
    func combinedRate(_ weight: (Kind) -> Double) -> (mean: Double, peak: Double) {
        var mean = 0.0
        var days = [Double](repeating: 0, count: dayFactors.first?.count ?? 0)
        for (i, k) in kinds.enumerated() {
            let w = weight(k)
            guard w != 0 else { continue }
            mean += w * k.rate * k.meanFactor
            for d in days.indices { days[d] += w * k.rate * dayFactors[i][d] }
        }
        return (mean, days.max() ?? 0)
    }

    /// Samples in the queue-length series: one per `sampleEvery` from 0
    /// while before the horizon.
    public var sampleCount: Int {
        Int((spec.horizon / spec.sampleEvery).rounded(.up))
    }
}

/// Substream families of the incident model, below a replication's key.
/// Kept apart from the order model's families (1–7) so that adding
/// incidents to a scenario changes none of the order's draws.
enum IncidentDraw: UInt64 {
    /// Arrivals of kind k on day d: key (arrivals, k, d).
    case arrivals = 101
    /// Per incident: key (incident, k, d, j), then a code per draw.
    case incident = 102

    /// Codes of an incident's draws.
    static let discover: UInt64 = 1
    static let confirm: UInt64 = 2
    static let dispose: UInt64 = 3
    static let triage: UInt64 = 4
    /// Handling at relay level L uses code `handle + L.rawValue`.
    static let handle: UInt64 = 16
}
