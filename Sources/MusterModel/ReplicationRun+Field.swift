import MusterEngine

/// What field work holds (docs/model.md, "Field work"): who works where, each
/// micro-grid's queue of households and line of idle workers, and when each
/// team got the order and finished. Per-person, per-household and
/// per-micro-grid values are arena slots, written in place.
struct FieldState: ~Copyable {
    // Persons: global index = personStart[g] + local index (heads, then
    // members, then volunteers; local 0 is the grid head).
    let personStart: Slots<Int32>
    /// Where each person works now: their own micro-grid, or the one
    /// rebalancing moved them to.
    let workerMg: Slots<Int32>
    /// Each person's field speed, fixed by their role in their own team
    /// (1 for heads and members, `volunteer_speed` for volunteers): looked
    /// up once per attempt, wherever rebalancing sends them.
    let workerSpeed: Slots<Double>
    /// Persons the grid head phones, in order: micro-grid g's list starts at
    /// `personStart[g]` and is `callCount[g]` long.
    let callList: Slots<Int32>
    let callCount: Slots<Int32>

    /// Per-household state needed only while the household's micro-grid
    /// is worked: a window of households starting at global household
    /// `scratchOrigin` (`openScratch`). The decomposed engine works one
    /// micro-grid (or rebalancing group) at a time, so its window is the
    /// largest such part and is reused part after part; the reference
    /// engine works them all at once on a window over the whole layout.
    /// Indexed by household − `scratchOrigin`.
    ///
    /// Each micro-grid's FIFO ring of households over its own range of
    /// slots: slot i starts out as household i (implicitly, see `dispatch`),
    /// revisits (global household numbers) are written behind the head.
    var queue: Slots<Int32>
    /// When a household may be tried again; set by its not-home attempt
    /// and read only once it has had one (unset before).
    var eligibleAt: Slots<Double>
    /// Attempts made at each household (0 until its first).
    var tries: Slots<UInt8>
    /// The global household number of the window's first slot.
    var scratchOrigin = 0
    let qHead: Slots<Int32>
    let qCount: Slots<Int32>

    /// Each micro-grid's idle line is a FIFO list through `idleNext` (per
    /// person) from `iHead` to `iTail` (per micro-grid), `iCount` long: a
    /// list rather than a ring, so helpers can join any line without each
    /// line reserving room for a whole rebalancing group.
    let idleNext: Slots<Int32>
    let iHead: Slots<Int32>
    let iTail: Slots<Int32>
    let iCount: Slots<Int32>

    /// Per micro-grid: households visited or given up.
    let resolved: Slots<Int32>
    /// Per micro-grid: the field wake-up already scheduled (∞ if none), so
    /// that a closed queue asks for one wake-up, not one per idle worker.
    let pendingWake: Slots<Double>
    /// Per micro-grid: when its first person became active, and when its
    /// last household was resolved (NaN until then).
    let notified: Slots<Double>
    let done: Slots<Double>

    // Scenario values the hot loop reads, copied out once.
    var hours: CalendarCursor
    let revisitAfter: Double
    let maxAttempts: Int
    let draws: AttemptDraws
    /// Each household's first-attempt outcome (`FirstAttempts`).
    let firstOutcome: [Double]

    /// Field state before the order arrives: every worker at home, every
    /// household queued and untried, every line empty.
    init(_ cs: CompiledScenario, layout: Layout, replication: Int, first: FirstAttempts?, arena: StateArena) {
        let team = cs.scenario.team
        let regulars = Int32(team.heads + team.members)
        hours = CalendarCursor(cs.scenario.field.hours, origin: cs.origin)
        revisitAfter = cs.scenario.field.revisitAfter
        maxAttempts = cs.scenario.field.maxAttempts
        draws = AttemptDraws(cs, replication: replication)
        firstOutcome = (first ?? FirstAttempts(cs, replication: replication, layout: layout)).outcomes
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
        personStart = Slots(starts, in: arena)
        workerMg = Slots(home, in: arena)
        workerSpeed = Slots(speed, in: arena)
        callList = Slots(repeating: 0, count: persons, in: arena)
        callCount = Slots(repeating: 0, count: m, in: arena)
        // No window yet: the engine sizes it (`reserveScratch`).
        queue = Slots(uninitialized: 0, in: arena)
        eligibleAt = Slots(uninitialized: 0, in: arena)
        tries = Slots(uninitialized: 0, in: arena)
        qHead = Slots(repeating: 0, count: m, in: arena)
        qCount = Slots(layout.households, in: arena)
        idleNext = Slots(repeating: -1, count: persons, in: arena)
        iHead = Slots(repeating: -1, count: m, in: arena)
        iTail = Slots(repeating: -1, count: m, in: arena)
        iCount = Slots(repeating: 0, count: m, in: arena)
        resolved = Slots(repeating: 0, count: m, in: arena)
        pendingWake = Slots(repeating: .infinity, count: m, in: arena)
        notified = Slots(repeating: .nan, count: m, in: arena)
        done = Slots(repeating: .nan, count: m, in: arena)
    }

    /// Allocates the per-household window for parts of up to `households`
    /// households, opened on the first of them.
    mutating func reserveScratch(households n: Int, arena: StateArena) {
        queue = Slots(uninitialized: n, in: arena)
        eligibleAt = Slots(uninitialized: n, in: arena)
        tries = Slots(repeating: 0, count: n, in: arena)
        scratchOrigin = 0
    }

    /// Points the window at `households` (global numbers), every one of
    /// them untried: the state left by the previous part is forgotten.
    mutating func openScratch(households range: Range<Int>) {
        precondition(range.count <= tries.count, "part larger than the scratch window")
        scratchOrigin = range.lowerBound
        tries.fill(0, count: range.count)
    }

    /// Persons in every team together.
    var personCount: Int { Int(personStart[personStart.count - 1]) }

    /// Worker w joins the end of micro-grid g's idle line.
    @inline(__always)
    mutating func pushIdle(_ g: Int, _ w: Int32) {
        idleNext[Int(w)] = -1
        if iCount[g] == 0 { iHead[g] = w } else { idleNext[Int(iTail[g])] = w }
        iTail[g] = w
        iCount[g] += 1
    }

    /// The worker idle longest at g (the line must not be empty).
    @inline(__always)
    mutating func popIdle(_ g: Int) -> Int32 {
        let w = iHead[g]
        iHead[g] = idleNext[Int(w)]
        iCount[g] -= 1
        return w
    }
}

/// Field work (docs/model.md, "Field work"), the same in every mode: active
/// workers of a micro-grid share its FIFO queue of households.
extension ReplicationRun {
    /// A person becomes a field worker: they join the micro-grid's idle line.
    mutating func activate(_ g: Int, person p: Int32) {
        if field.notified[g].isNaN { field.notified[g] = cal.now }
        let w = field.personStart[g] + p
        field.pushIdle(g, w)
        if rebalances(g) && !field.done[g].isNaN {
            sendIdleAway(g)
        } else {
            dispatch(g)
        }
    }

    /// Hands eligible households to idle workers, in the order the workers
    /// became idle, while field hours are open; otherwise asks for a wake-up
    /// when the queue head can next be started.
    mutating func dispatch(_ g: Int) {
        let now = cal.now
        let hBase = Int(layout.householdStart[g])
        let hSize = Int(layout.households[g])
        let origin = field.scratchOrigin
        let local = hBase - origin
        while field.iCount[g] > 0 && field.qCount[g] > 0 {
            // Slot i of the ring first holds household hBase + i, which is
            // untried exactly until that slot is first served; revisits are
            // written only into slots already served. So the first pass
            // reads neither the queue nor revisit times.
            let slot = local + Int(field.qHead[g])
            let fresh = field.tries[slot] == 0
            let h = fresh ? origin + slot : Int(field.queue[slot])
            let ready = field.hours.nextOpen(fresh ? now : max(now, field.eligibleAt[h - origin]))
            if ready > now {
                if ready < field.pendingWake[g] {
                    field.pendingWake[g] = ready
                    cal.schedule(.fieldWake(mg: Int32(g)), at: ready)
                }
                return
            }
            let w = field.popIdle(g)
            field.qHead[g] += 1
            if Int(field.qHead[g]) == hSize { field.qHead[g] = 0 }
            field.qCount[g] -= 1
            startAttempt(worker: w, household: h)
        }
    }

    /// One attempt: its outcome belongs to the household and the attempt
    /// number (see `AttemptDraws`); first attempts were drawn up front.
    @inline(__always)
    mutating func startAttempt(worker w: Int32, household h: Int) {
        let k = field.tries[h - field.scratchOrigin]
        field.tries[h - field.scratchOrigin] = k &+ 1
        measures.attempts += 1
        let d = k == 0 ? field.firstOutcome[h] : field.draws.outcome(household: h, attempt: Int(k), rng: rng)
        // Most workers have speed 1, and x / 1 is x exactly: skip the
        // division, which sits on the path to the next event.
        let speed = field.workerSpeed[Int(w)]
        let duration = speed == 1 ? abs(d) : abs(d) / speed
        if d.sign == .minus {
            cal.schedule(.notHome(worker: w, household: Int32(h)), at: cal.now + duration)
        } else {
            cal.schedule(.visited(worker: w, household: Int32(h)), at: cal.now + duration)
        }
    }

    mutating func visited(worker w: Int32, household h: Int) {
        let g = Int(field.workerMg[Int(w)])
        measures.visitTimes[measures.visitedCount] = cal.now
        measures.visitedCount += 1
        workerFreed(g, w)
        resolve(g)
    }

    /// Nobody home: back to the end of the queue, or unreached after the
    /// last allowed try. The household re-enters the queue before the worker
    /// rejoins the idle line.
    mutating func notHome(worker w: Int32, household h: Int) {
        let g = Int(field.workerMg[Int(w)])
        let origin = field.scratchOrigin
        if Int(field.tries[h - origin]) >= field.maxAttempts {
            measures.unreachedCount += 1
            workerFreed(g, w)
            resolve(g)
        } else {
            field.eligibleAt[h - origin] = cal.now + field.revisitAfter
            let local = Int(layout.householdStart[g]) - origin
            let hSize = Int(layout.households[g])
            var slot = Int(field.qHead[g] + field.qCount[g])
            if slot >= hSize { slot -= hSize }
            field.queue[local + slot] = Int32(h)
            field.qCount[g] += 1
            workerFreed(g, w)
        }
    }

    @inline(__always)
    mutating func workerFreed(_ g: Int, _ w: Int32) {
        field.pushIdle(g, w)
        dispatch(g)
    }

    /// A household is visited or given up; the micro-grid may be done.
    mutating func resolve(_ g: Int) {
        field.resolved[g] += 1
        measures.lastResolved = max(measures.lastResolved, cal.now)
        checkDone(g)
    }

    mutating func checkDone(_ g: Int) {
        guard field.resolved[g] == layout.households[g], field.done[g].isNaN else { return }
        field.done[g] = cal.now
        if !app.usesApp[g] {
            // Tiered relay, or a point-to-point team off the app.
            if !relay.deferReports { report(from: Int(layout.microgridUnit[g])) }
        } else {
            rng.reseed(key.child(DrawFamily.sync.rawValue, UInt64(g)).value)
            measures.orderComplete = max(measures.orderComplete, cal.now + cs.sync.sample(rng))
            if rebalances(g) { sendIdleAway(g) }
        }
    }

    /// The grid head phones the persons in `callList`, one at a time, and
    /// joins the field work after the last call.
    mutating func startCalls(_ g: Int) {
        if field.callCount[g] == 0 {
            activate(g, person: 0)
        } else {
            scheduleCall(g, 0)
        }
    }

    mutating func scheduleCall(_ g: Int, _ k: Int) {
        let person = field.callList[Int(field.personStart[g]) + k]
        // A team off the app is phoned as in tiered relay, with its draws.
        let byRelay = !app.usesApp[g]
        let family: DrawFamily = byRelay ? .tieredCall : .p2pCall
        rng.reseed(key.child(family.rawValue, UInt64(g), UInt64(person)).value)
        let d = (byRelay ? cs.tieredTeamNotify : cs.p2pTeamNotify).sample(rng)
        cal.schedule(.callDone(mg: Int32(g), call: Int32(k)), at: cal.now + d)
    }

    mutating func callDone(_ g: Int, _ k: Int) {
        activate(g, person: field.callList[Int(field.personStart[g]) + k])
        if k + 1 < Int(field.callCount[g]) {
            scheduleCall(g, k + 1)
        } else {
            activate(g, person: 0)
        }
    }
}
