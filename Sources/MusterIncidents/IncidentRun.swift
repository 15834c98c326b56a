import MusterEngine
import MusterModel

/// What can happen in an incident replication, besides reports (which the
/// run takes in order from its own sorted list): plain integers only.
enum IncidentEvent {
    /// Station s finishes its job on incident i.
    case done(station: Int32, incident: Int32)
    /// Station s's calendar opens; queued jobs may start.
    case wake(Int32)
    /// The grid worker's check of incident i ends: it is closed.
    case closed(Int32)
    /// Sample k of the queue-length series.
    case sample(Int32)
    /// The end of arrivals: snapshot of the backlog.
    case horizon
}

/// One replication of one mode of the incident model (docs/model.md, "Incident streams"):
/// incidents are reported, climb (tiered) or jump (point-to-point) to
/// triage, wait for their department, are disposed of and confirmed.
///
/// Incidents occur until the horizon; the run then continues, with no new
/// incident, until every one is closed, so every close time is known.
///
/// As `ReplicationRun`, everything that changes as the replication runs
/// sits in sub-states, each with its own file of behaviour: the reports
/// still to take (`IncidentRun+Reports`), each incident's progress along
/// its route (`IncidentRun+Flow`), the stations' queues (`StationQueues`)
/// and what the result is made of (`IncidentRun+Measures`, summarised by
/// `IncidentRun+Result`). What does not change is in `plan`
/// (`IncidentRun+Routing`, which also finds an incident's stations).
///
/// All state the event loop writes is in flat buffers of one `StateArena`,
/// allocated once per replication: per incident, per station, per group
/// and per group × kind. Swift arrays written in the loop cost a
/// copy-on-write check on every write; these cost nothing. Only `let`
/// arrays are read.
///
/// Every method is `mutating`, even those that only read: in debug builds a
/// non-mutating call from a mutating one copies the whole struct.
struct IncidentRun: ~Copyable {
    let ci: CompiledIncidents
    let layout: Layout
    let mode: Mode
    let replication: Int
    let list: IncidentList
    let table: StationTable
    let rng = RandomStream.keyed()
    var cal = EventCalendar<IncidentEvent>()
    /// Owns the memory of every buffer below.
    let arena = StateArena()

    /// The scenario's values the event loop reads (`IncidentRun+Routing`).
    let plan: IncidentPlan
    /// Reports in time order and the next to take (`IncidentRun+Reports`).
    var reports = ReportStream()
    /// Per incident: where it is on its route and when (`IncidentRun+Flow`).
    var incidents: IncidentProgress
    /// Per station: handlers busy and incidents waiting.
    let stations: StationQueues
    /// What the result is made of (`IncidentRun+Measures`, `IncidentRun+Result`).
    var measures: IncidentMeasures

    init(_ ci: CompiledIncidents, layout: Layout, list: IncidentList, mode: Mode, replication: Int,
         keepEach: Bool = false) {
        self.ci = ci
        self.layout = layout
        self.list = list
        self.mode = mode
        self.replication = replication
        let table = StationTable(ci, layout: layout, mode: mode)
        self.table = table
        plan = IncidentPlan(ci, table: table, keepEach: keepEach)
        let n = list.count
        stations = StationQueues(table, origin: ci.origin, incidents: n, arena: arena)
        incidents = IncidentProgress(incidents: n, keepsTriage: mode == .p2p && !ci.triage.isConstant, arena: arena)
        measures = IncidentMeasures(ci, table: table, incidents: n, arena: arena)
    }

    /// Runs to the last close and returns the measures.
    mutating func run() -> IncidentReplicationResult {
        cal.schedule(.horizon, at: ci.spec.horizon)
        if ci.sampleCount > 0 { cal.schedule(.sample(0), at: 0) }
        drawReports()
        while true {
            // The next report, already in time order, is taken when it
            // comes before every event in the heap: reports never enter
            // it, so it holds little more than the jobs in service.
            if reports.nextSeq != .max && cal.precedesAll(time: reports.nextTime, seq: reports.nextSeq) {
                let i = reports.nextIncident
                cal.advance(to: reports.nextTime)
                scheduleNextReport()
                report(i)
                continue
            }
            guard let (_, event) = cal.pop() else { break }
            switch event {
            case .done(let s, let i): done(Int(s), Int(i))
            case .wake(let s):
                stations.woke(Int(s), at: cal.now)
                pump(Int(s))
            case .closed(let i): close(Int(i))
            case .sample(let k): sample(Int(k))
            case .horizon: snapshot()
            }
        }
        return result()
    }

    /// One draw from incident i's substream `code`; a constant needs no
    /// stream (positioning it is most of the cost of a draw).
    @inline(__always)
    mutating func draw(_ i: Int, _ code: UInt64, _ sampler: Distribution.Sampler) -> Double {
        if sampler.isConstant { return sampler.sample(rng) }
        rng.reseed(list.drawKey[i].child(code).value)
        return sampler.sample(rng)
    }

    /// Incident i occurred at or after the warm-up: every statistic counts it.
    @inline(__always)
    mutating func counted(_ i: Int) -> Bool { list.time[i] >= plan.warmup }
}
