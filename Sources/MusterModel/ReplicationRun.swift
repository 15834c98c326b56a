import MusterEngine

/// What can happen in a replication. Plain integers only: no closures or
/// existentials on the event path.
enum SimEvent {
    /// A unit (relay unit or micro-grid) receives the order (tiered).
    case receive(unit: Int32)
    /// A relay job ends.
    case relayDone(unit: Int32, job: RelayJob)
    /// A relay unit's office opens; queued jobs may start.
    case relayWake(unit: Int32)
    /// The grid head's `call`-th phone call of a micro-grid ends.
    case callDone(mg: Int32, call: Int32)
    /// A (non-head) person acknowledges the app's push (point-to-point).
    case ackDone(mg: Int32, person: Int32)
    /// The grid head acknowledges the app's push (point-to-point).
    case headAck(mg: Int32)
    /// A worker finishes a visit at a household that was home.
    case visited(worker: Int32, household: Int32)
    /// A worker arrives at a household that is not home.
    case notHome(worker: Int32, household: Int32)
    /// Field hours open or a household becomes eligible again.
    case fieldWake(mg: Int32)
    /// A finished micro-grid's report reaches its relay parent (used by the
    /// decomposed engine, which simulates field work before the reports).
    case microgridReport(mg: Int32)
    /// A worker moved by rebalancing joins micro-grid `mg`.
    case arrive(worker: Int32, mg: Int32)
}

/// A job on a relay unit's handlers.
enum RelayJob {
    case handle
    /// Phone the k-th relay child.
    case notify(Int32)
    /// One message to every relay child.
    case notifyAll
    case aggregate
}

/// One replication of one mode, simulated on an event calendar; see
/// `run()` and `runDecomposed()` for the two engines.
///
/// Everything that changes as the replication runs sits in four sub-states,
/// each with its own file of behaviour. The per-person, per-household and
/// per-micro-grid values among them are `Slots` in `arena`, written in
/// place; the run is non-copyable because copies would share them.
struct ReplicationRun: ~Copyable {
    let cs: CompiledScenario
    let layout: Layout
    let mode: Mode
    let replication: Int
    /// Every draw reseeds `rng` from a child of `key`, so no draw depends
    /// on the order events happen in.
    let key: StreamKey
    let rng = RandomStream.keyed()
    var cal = EventCalendar<SimEvent>()
    /// Owns the memory of every `Slots` below.
    let arena = StateArena()

    /// Teams, households, queues and idle lines (`ReplicationRun+Field`).
    var field: FieldState
    /// The relay tree's handlers, reports and waits (`ReplicationRun+Relay`).
    var relay = RelayState()
    /// Point-to-point: app teams, adoption, rebalancing (`ReplicationRun+P2P`).
    var app: AppState
    /// What the result is made of (`ReplicationRun+Result`).
    var measures: Measures

    /// A replication of `mode` on `layout`, with the households' first
    /// attempts drawn here unless `first` brings them (drawn for the same
    /// replication and layout).
    init(compiled: CompiledScenario, layout: Layout, mode: Mode, replication: Int, first: FirstAttempts? = nil) {
        cs = compiled
        self.layout = layout
        self.mode = mode
        self.replication = replication
        key = compiled.key(replication: replication)
        field = FieldState(compiled, layout: layout, replication: replication, first: first, arena: arena)
        app = AppState(mode: mode, microgrids: layout.microgridCount, persons: field.personCount, arena: arena)
        measures = Measures(households: layout.totalHouseholds, arena: arena)
        if mode == .p2p {
            drawAdoption()
            if let level = compiled.scenario.p2p.rebalance.level { formGroups(at: level) }
        }
    }

    /// Runs the replication with one event calendar over the whole tree:
    /// the reference engine.
    mutating func run() -> ReplicationResult {
        // Every micro-grid is worked at once: one window over all households.
        field.reserveScratch(households: layout.totalHouseholds, arena: arena)
        switch mode {
        case .tiered: startTiered()
        case .p2p:
            if app.usesApp.contains(false) { startAppRelay() }
            for g in 0..<layout.microgridCount where app.usesApp[g] { pushOrder(g) }
        }
        drain()
        return result()
    }

    /// Runs the replication by parts that share no resource: the relay down
    /// to the micro-grids, then each micro-grid's field work on its own
    /// small calendar (each rebalancing group's on one calendar, since its
    /// micro-grids share workers), then the reports up. Every part sees its
    /// events in the same relative order as in `run()`, so the results are
    /// identical.
    mutating func runDecomposed() -> ReplicationResult {
        let m = layout.microgridCount
        // One part's households at a time: the window is the largest part.
        field.reserveScratch(households: largestFieldPart(), arena: arena)
        switch mode {
        case .tiered:
            relay.deferMicrogrids = true
            relay.receipt = [Double](repeating: .nan, count: m)
            startTiered()
            drain()
            relay.deferMicrogrids = false
            relay.deferReports = true
            for g in 0..<m {
                cal.reset()
                field.openScratch(households: householdSpan(of: g...g))
                cal.schedule(.receive(unit: layout.microgridUnit[g]), at: relay.receipt[g])
                drain()
            }
            relay.deferReports = false
            cal.reset()
            for g in 0..<m { cal.schedule(.microgridReport(mg: Int32(g)), at: field.done[g]) }
            drain()
        case .p2p:
            // Non-app teams: the relay units above them first, as in tiered.
            let relayTeams = app.usesApp.contains(false)
            if relayTeams {
                relay.deferMicrogrids = true
                relay.receipt = [Double](repeating: .nan, count: m)
                startAppRelay()
                drain()
                relay.deferMicrogrids = false
                relay.deferReports = true
            }
            for g in 0..<m {
                cal.reset()
                let part = fieldPart(startingAt: g)
                guard let first = part.first, let last = part.last else { continue }
                field.openScratch(households: householdSpan(of: first...last))
                for member in part {
                    if app.usesApp[member] {
                        pushOrder(member)
                    } else {
                        cal.schedule(.receive(unit: layout.microgridUnit[member]), at: relay.receipt[member])
                    }
                }
                drain()
            }
            if relayTeams {
                relay.deferReports = false
                cal.reset()
                for g in 0..<m where !app.usesApp[g] { cal.schedule(.microgridReport(mg: Int32(g)), at: field.done[g]) }
                drain()
            }
        }
        return result()
    }

    /// Processes events until none is left.
    mutating func drain() {
        while let (_, event) = cal.pop() {
            switch event {
            case .receive(let u): receive(Int(u))
            case .relayDone(let u, let job): relayDone(Int(u), job)
            case .relayWake(let u):
                relay.resources[Int(u)].woke(at: cal.now)
                pump(Int(u))
            case .callDone(let g, let k): callDone(Int(g), Int(k))
            case .ackDone(let g, let p): activate(Int(g), person: p)
            case .headAck(let g): headAcknowledged(Int(g))
            case .visited(let w, let h): visited(worker: w, household: Int(h))
            case .notHome(let w, let h): notHome(worker: w, household: Int(h))
            case .fieldWake(let g):
                if field.pendingWake[Int(g)] <= cal.now { field.pendingWake[Int(g)] = .infinity }
                dispatch(Int(g))
            case .microgridReport(let g):
                measures.bookkeepingEvents += 1
                report(from: Int(layout.microgridUnit[Int(g)]))
            case .arrive(let w, let g): arrive(worker: w, at: Int(g))
            }
        }
    }
}
