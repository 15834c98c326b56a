import MusterEngine
import MusterModel

/// What an incident replication reads and never writes: hot-loop copies of
/// `CompiledIncidents`' and `StationTable`'s values, one plain array per
/// field (reading a `Kind` whole copies its samplers).
struct IncidentPlan {
    let kindReach: [Level]
    let kindDepartmentStation: [Int32]
    let kindPriority: [Int]
    let kindDiscover: [Distribution.Sampler]
    let kindDispose: [Distribution.Sampler]
    let kindLimit: [Double]
    let handle: [Distribution.Sampler]
    let triage: Distribution.Sampler
    let confirm: Distribution.Sampler
    let stationGroup: [Int32]
    let stationWork: [StationTable.Work]
    let warmup: Double
    let sampleEvery: Double
    let sampleCount: Int
    let groupCount: Int
    let kindCount: Int
    /// Keep every counted incident's close time in the result (`each`).
    let keepEach: Bool
    /// Discovery takes no time for any kind: an incident is reported the
    /// moment it occurs.
    let reportsAtOccurrence: Bool
    /// Per station and kind (index s · kinds + k): the job always takes no
    /// time (a constant 0 handling, triage or disposal).
    let instant: [Bool]

    init(_ ci: CompiledIncidents, table: StationTable, keepEach: Bool) {
        kindReach = ci.kinds.map(\.reach)
        kindDepartmentStation = ci.kinds.map { table.departmentStation[$0.department] }
        kindPriority = ci.kinds.map(\.priorityClass)
        kindDiscover = ci.kinds.map(\.discover)
        kindDispose = ci.kinds.map(\.dispose)
        kindLimit = ci.kinds.map(\.limit)
        handle = ci.handle
        triage = ci.triage
        confirm = ci.confirm
        stationGroup = table.group
        stationWork = table.work
        warmup = ci.spec.warmup
        sampleEvery = ci.spec.sampleEvery
        sampleCount = ci.sampleCount
        groupCount = ci.groups.count
        kindCount = ci.kinds.count
        self.keepEach = keepEach
        instant = table.work.flatMap { work in
            ci.kinds.map { kind in
                switch work {
                case .handle(let l): ci.handle[l.rawValue].isZero
                case .triage: ci.triage.isZero
                case .dispose: kind.dispose.isZero
                }
            }
        }
        reportsAtOccurrence = ci.kinds.allSatisfy(\.discover.isZero)
    }
}

extension IncidentRun {
    /// The station at position `k` of incident i's route, or −1 when the
    /// route is over (the department has disposed of it).
    @inline(__always)
    mutating func station(_ i: Int, at k: Int) -> Int {
        let kind = Int(list.kind[i])
        let g = Int(list.microgrid[i])
        var first: Int
        switch mode {
        case .tiered:
            // Ancestors at listed levels, bottom-up, while at or below reach.
            let reach = plan.kindReach[kind]
            let lo = Int(table.pathStart[g]), hi = Int(table.pathStart[g + 1])
            var climb = 0
            while lo + climb < hi && table.pathLevel[lo + climb] >= reach { climb += 1 }
            if k < climb { return Int(table.path[lo + k]) }
            first = climb
        case .p2p:
            if k == 0 { return Int(table.platformOf[g]) }
            first = 1
        }
        return k == first ? Int(plan.kindDepartmentStation[kind]) : -1
    }

    /// The duration of incident i's job at station s: the level's handling,
    /// the platform's triage or the department's disposal.
    @inline(__always)
    mutating func service(_ i: Int, at s: Int) -> Double {
        switch plan.stationWork[s] {
        case .handle(let l):
            return draw(i, IncidentDraw.handle + UInt64(l.rawValue), plan.handle[l.rawValue])
        case .triage:
            return plan.triage.isConstant ? draw(i, IncidentDraw.triage, plan.triage) : incidents.triageTime[i]
        case .dispose:
            return incidents.disposeTime[i]
        }
    }
}
