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

/// One replication of one mode: the straightforward engine, a single event
/// calendar over the whole tree.
struct ReplicationRun: ~Copyable {
    let cs: CompiledScenario
    let layout: Layout
    let mode: Mode
    let replication: Int
    let key: StreamKey
    let rng = RandomStream.keyed()
    var cal = EventCalendar<SimEvent>()

    /// Owns the fixed-size per-person, per-household and per-micro-grid
    /// state below: plain buffers, so writes in the event loop need no
    /// copy-on-write check (see `StateArena`).
    let arena = StateArena()

    // Persons: global index = personStart[mg] + local index
    // (heads, then members, then volunteers; local 0 is the grid head).
    let personStart: UnsafeMutableBufferPointer<Int32>
    /// Where each person works now: their own micro-grid, or the one
    /// rebalancing moved them to.
    let workerMg: UnsafeMutableBufferPointer<Int32>
    /// Each person's field speed, fixed by their role in their own team
    /// (1 for heads and members, `volunteer_speed` for volunteers): looked
    /// up once per attempt, wherever rebalancing sends them.
    let workerSpeed: UnsafeMutableBufferPointer<Double>
    let regulars: Int32

    // Field work, flat over all households / persons.
    /// Each micro-grid's FIFO ring of households over its own range of
    /// slots: slot i starts out as household i (implicitly, see `dispatch`),
    /// revisits are written behind the head.
    let queue: UnsafeMutableBufferPointer<Int32>
    let qHead: UnsafeMutableBufferPointer<Int32>
    let qCount: UnsafeMutableBufferPointer<Int32>
    /// When a household may be tried again; set by its not-home attempt
    /// and read only once it has had one (unset before).
    let eligibleAt: UnsafeMutableBufferPointer<Double>
    let tries: UnsafeMutableBufferPointer<UInt8>
    /// Each micro-grid's idle line is a FIFO list through `idleNext` (per
    /// person) from `iHead` to `iTail` (per micro-grid), `iCount` long: a
    /// list rather than a ring, so helpers can join any line without each
    /// line reserving room for a whole rebalancing group.
    let idleNext: UnsafeMutableBufferPointer<Int32>
    let iHead: UnsafeMutableBufferPointer<Int32>
    let iTail: UnsafeMutableBufferPointer<Int32>
    let iCount: UnsafeMutableBufferPointer<Int32>
    let resolved: UnsafeMutableBufferPointer<Int32>
    let pendingWake: UnsafeMutableBufferPointer<Double>
    let notified: UnsafeMutableBufferPointer<Double>
    let done: UnsafeMutableBufferPointer<Double>
    // Persons the grid head phones, in order, per micro-grid.
    let callList: UnsafeMutableBufferPointer<Int32>
    let callCount: UnsafeMutableBufferPointer<Int32>

    // Point-to-point what-ifs (docs/model.md, "What-ifs of point-to-point").
    /// Per micro-grid: its team got the order through the app (always false
    /// in tiered relay).
    let usesApp: UnsafeMutableBufferPointer<Bool>
    /// Whether any micro-grid rebalances (`groupOf` is all −1 otherwise).
    var rebalancing = false
    /// Per micro-grid: its rebalancing group (an index into `groupStart`),
    /// −1 when it takes no part.
    let groupOf: UnsafeMutableBufferPointer<Int32>
    /// Members of each rebalancing group, ascending, as ranges into
    /// `groupMembers` (CSR layout).
    var groupStart: [Int32] = []
    var groupMembers: [Int32] = []
    /// Moves made so far by each person (keys their reassign draws).
    let moves: UnsafeMutableBufferPointer<Int32>
    var reassignments = 0
    /// Point-to-point with non-app teams: reports each relay unit waits for
    /// (its non-app micro-grid children).
    var expectedReports: [Int32] = []

    // Tiered relay.
    var tree: RelayTree?
    var resources: [Resource<RelayJob>] = []
    var reported: [Int32] = []
    var topDone = 0
    /// Relay work per unit; summed per level in unit order at the end, so
    /// the total does not depend on the order jobs ran in.
    var busyByUnit: [Double] = []
    /// Decomposed engine: micro-grids' receipt times, recorded instead of
    /// simulated during the relay-down phase.
    var deferMicrogrids = false
    var receipt: [Double] = []
    /// Decomposed engine: micro-grids record completion without reporting.
    var deferReports = false
    /// Events that exist only because of the decomposition (a receipt
    /// replayed, a report replayed); left out of `events` so that both
    /// engines report the same count.
    var bookkeepingEvents = 0

    // Hot-loop copies of scenario values (no struct copies per event).
    var fieldHours: CalendarCursor
    let revisitAfter: Double
    let maxAttempts: Int
    let draws: AttemptDraws
    /// Each household's first-attempt outcome (`FirstAttempts`).
    let firstOutcome: [Double]

    // Office-hours waits (seconds): on the path down to a unit, and of the
    // unit's own aggregate job. Job-ready times tell queueing from closure.
    var receivedAt: [Double] = []
    var handleEnd: [Double] = []
    var aggregateReady: [Double] = []
    var handleWait: [Double] = []
    var pathWait: [Double] = []
    var aggregateWait: [Double] = []

    // Measures.
    /// Visit times, in the order visits end: the first `visitedCount` are
    /// set, the rest unset.
    let visitTimes: UnsafeMutableBufferPointer<Double>
    var visitedCount = 0
    var unreachedCount = 0
    var attempts = 0
    var lastResolved = 0.0
    var orderComplete = 0.0

    /// A replication of `mode` on `layout`, with the households' first
    /// attempts drawn here unless `first` brings them (drawn for the same
    /// replication and layout).
    init(compiled: CompiledScenario, layout: Layout, mode: Mode, replication: Int, first: FirstAttempts? = nil) {
        cs = compiled
        self.layout = layout
        self.mode = mode
        self.replication = replication
        key = compiled.key(replication: replication)
        let team = compiled.scenario.team
        regulars = Int32(team.heads + team.members)
        fieldHours = CalendarCursor(compiled.scenario.field.hours, origin: compiled.origin)
        revisitAfter = compiled.scenario.field.revisitAfter
        maxAttempts = compiled.scenario.field.maxAttempts
        draws = AttemptDraws(compiled, replication: replication)
        firstOutcome = (first ?? FirstAttempts(compiled, replication: replication, layout: layout)).outcomes
        precondition(firstOutcome.count == layout.totalHouseholds, "first attempts drawn for another layout")
        let m = layout.microgridCount
        var starts: [Int32] = [0]
        starts.reserveCapacity(m + 1)
        for v in layout.volunteers { starts.append(starts.last! + regulars + v) }
        let persons = Int(starts[m])
        var home = [Int32](repeating: 0, count: persons)
        var speed = [Double](repeating: 1, count: persons)
        for g in 0..<m {
            for p in starts[g]..<starts[g + 1] { home[Int(p)] = Int32(g) }
            for p in (starts[g] + regulars)..<starts[g + 1] { speed[Int(p)] = team.volunteerSpeed }
        }
        personStart = arena.buffer(starts)
        workerMg = arena.buffer(home)
        workerSpeed = arena.buffer(speed)
        let h = layout.totalHouseholds
        queue = arena.uninitializedBuffer(of: Int32.self, count: h)
        qHead = arena.buffer(repeating: 0, count: m)
        qCount = arena.buffer(layout.households)
        eligibleAt = arena.uninitializedBuffer(of: Double.self, count: h)
        tries = arena.buffer(repeating: 0, count: h)
        idleNext = arena.buffer(repeating: -1, count: persons)
        usesApp = arena.buffer(repeating: mode == .p2p, count: m)
        groupOf = arena.buffer(repeating: -1, count: m)
        moves = arena.buffer(repeating: 0, count: persons)
        iHead = arena.buffer(repeating: -1, count: m)
        iTail = arena.buffer(repeating: -1, count: m)
        iCount = arena.buffer(repeating: 0, count: m)
        resolved = arena.buffer(repeating: 0, count: m)
        pendingWake = arena.buffer(repeating: .infinity, count: m)
        notified = arena.buffer(repeating: .nan, count: m)
        done = arena.buffer(repeating: .nan, count: m)
        callList = arena.buffer(repeating: 0, count: persons)
        callCount = arena.buffer(repeating: 0, count: m)
        visitTimes = arena.uninitializedBuffer(of: Double.self, count: h)
        if mode == .p2p {
            drawAdoption()
            if let level = compiled.scenario.p2p.rebalance.level { formGroups(at: level) }
        }
    }

    /// Runs the replication with one event calendar over the whole tree:
    /// the reference engine.
    mutating func run() -> ReplicationResult {
        switch mode {
        case .tiered: startTiered()
        case .p2p:
            if usesApp.contains(false) { startAppRelay() }
            for g in 0..<layout.microgridCount where usesApp[g] { pushOrder(g) }
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
        switch mode {
        case .tiered:
            deferMicrogrids = true
            receipt = [Double](repeating: .nan, count: m)
            startTiered()
            drain()
            deferMicrogrids = false
            deferReports = true
            for g in 0..<m {
                cal.reset()
                cal.schedule(.receive(unit: layout.microgridUnit[g]), at: receipt[g])
                drain()
            }
            deferReports = false
            cal.reset()
            for g in 0..<m { cal.schedule(.microgridReport(mg: Int32(g)), at: done[g]) }
            drain()
        case .p2p:
            // Non-app teams: the relay units above them first, as in tiered.
            let relayTeams = usesApp.contains(false)
            if relayTeams {
                deferMicrogrids = true
                receipt = [Double](repeating: .nan, count: m)
                startAppRelay()
                drain()
                deferMicrogrids = false
                deferReports = true
            }
            for g in 0..<m {
                cal.reset()
                for member in fieldPart(startingAt: g) {
                    if usesApp[member] {
                        pushOrder(member)
                    } else {
                        cal.schedule(.receive(unit: layout.microgridUnit[member]), at: receipt[member])
                    }
                }
                drain()
            }
            if relayTeams {
                deferReports = false
                cal.reset()
                for g in 0..<m where !usesApp[g] { cal.schedule(.microgridReport(mg: Int32(g)), at: done[g]) }
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
                resources[Int(u)].woke(at: cal.now)
                pump(Int(u))
            case .callDone(let g, let k): callDone(Int(g), Int(k))
            case .ackDone(let g, let p): activate(Int(g), person: p)
            case .headAck(let g): headAcknowledged(Int(g))
            case .visited(let w, let h): visited(worker: w, household: Int(h))
            case .notHome(let w, let h): notHome(worker: w, household: Int(h))
            case .fieldWake(let g):
                if pendingWake[Int(g)] <= cal.now { pendingWake[Int(g)] = .infinity }
                dispatch(Int(g))
            case .microgridReport(let g):
                bookkeepingEvents += 1
                report(from: Int(layout.microgridUnit[Int(g)]))
            case .arrive(let w, let g): arrive(worker: w, at: Int(g))
            }
        }
    }

    /// Mean phase lengths over micro-grids (hours); see `Phase`.
    func phaseHours() -> [Double] {
        let m = layout.microgridCount
        guard m > 0 else { return [0, 0, 0, 0] }
        var upWait = [Double](repeating: 0, count: layout.unitCount)
        if let tree {
            // Aggregate waits on the way up, accumulated root-first; in
            // point-to-point a relay unit's report goes straight to the app.
            for u in 0..<layout.unitCount where tree.isReceiver[u] && layout.microgridOf[u] < 0 {
                let p = Int(tree.relayParent[u])
                upWait[u] = aggregateWait[u] + (p >= 0 && mode == .tiered ? upWait[p] : 0)
            }
        }
        var sums = [Double](repeating: 0, count: 4)
        for g in 0..<m {
            let u = Int(layout.microgridUnit[g])
            var down = 0.0, up = 0.0
            if let tree, !usesApp[g] {
                down = pathWait[u]
                let p = Int(tree.relayParent[u])
                if p >= 0 { up = upWait[p] }
            }
            sums[0] += notified[g] - down
            sums[1] += down + up
            sums[2] += done[g] - notified[g]
            sums[3] += orderComplete - done[g] - up
        }
        return sums.map { $0 / Double(m) / 3600 }
    }

    func busyHoursByLevel() -> [Double] {
        var busy = [Double](repeating: 0, count: Level.relayLevels.count)
        for (u, b) in busyByUnit.enumerated() where b > 0 {
            busy[layout.level[u].rawValue] += b / 3600
        }
        return busy
    }

    func result() -> ReplicationResult {
        let hours = 1.0 / 3600
        var coverage = [Double](repeating: .infinity, count: ReplicationResult.coveragePoints)
        let total = layout.totalHouseholds
        let last = ReplicationResult.coveragePoints - 1
        // Households needed for a share of k/last, rounded up.
        let needed = (0...last).map { k in (k * total + last - 1) / last }
        let reachable = needed.filter { $0 > 0 && $0 <= visitedCount }
        let times = OrderStatistics.select(UnsafeBufferPointer(rebasing: visitTimes[..<visitedCount]),
                                           ranks: reachable.map { $0 - 1 }, upperBound: lastResolved)
        var next = 0
        for (k, need) in needed.enumerated() {
            if need == 0 {
                coverage[k] = 0
            } else if need <= visitedCount {
                coverage[k] = times[next] * hours
                next += 1
            }
        }
        return ReplicationResult(
            mode: mode, replication: replication,
            orderComplete: orderComplete * hours, fieldComplete: lastResolved * hours,
            notified: notified.map { $0 * hours }, microgridDone: done.map { $0 * hours },
            households: total, visited: visitedCount, unreached: unreachedCount,
            attempts: attempts, events: cal.processed - bookkeepingEvents,
            busyHoursByLevel: busyHoursByLevel(), coverageTimes: coverage, phaseHours: phaseHours(),
            appTeam: Array(usesApp), reassignments: reassignments)
    }
}
