import MusterEngine

/// How much conditioning one continued replication needed
/// (`ReplicationRun.runContinued`).
public struct ContinuationTally: Sendable, Equatable {
    /// Paths drawn again, beyond each micro-grid's first, because they did
    /// not fit the log.
    public var redrawnPaths = 0
    /// Micro-grids for which no try fitted the log: the stated fallback
    /// was used (docs/forecast.md).
    public var fallbackMicrogrids = 0
    /// Tries of the relay down beyond the first.
    public var relayRetries = 0
    /// True when no relay try fitted and late teams were given the order at `now`.
    public var relayFallback = false

    public init() {}

    public static func + (a: Self, b: Self) -> Self {
        var s = a
        s.redrawnPaths += b.redrawnPaths
        s.fallbackMicrogrids += b.fallbackMicrogrids
        s.relayRetries += b.relayRetries
        s.relayFallback = a.relayFallback || b.relayFallback
        return s
    }
}

/// A log, in the event loop's seconds.
struct ContinuationLog {
    let now: Double
    let notified: [Double]
    let done: [Double]
    /// Tries per micro-grid (and of the relay down) before the fallback.
    let maxTries: Int

    init(_ o: OrderObservation, maxTries: Int) {
        now = o.now * 3600
        notified = o.notified.map { $0 * 3600 }
        done = o.done.map { $0 * 3600 }
        self.maxTries = maxTries
    }

    /// Whether the log shows micro-grid g notified or done.
    @inline(__always)
    func seen(_ g: Int) -> Bool { !notified[g].isNaN || !done[g].isNaN }

    /// Whether the log conditions anything: at issue time nothing can have
    /// happened yet, so an empty log at `now` 0 is the plain order.
    var conditions: Bool { now > 0 }
}

/// The values of `Measures` a try may change, to undo a rejected try.
struct MeasureMarks {
    var visitedCount, unreachedCount, attempts, reassignments: Int
    var lastResolved, orderComplete: Double
}

/// Continuing an order from what its log shows at `now`
/// (docs/forecast.md): the replication runs as the decomposed
/// engine does (relay down, each micro-grid's field work, reports up), and
/// each part starts from a state consistent with the log:
/// - a micro-grid the log shows done is done at its logged time;
/// - a micro-grid notified but not done is simulated from its logged
///   notification, and only paths not done by `now` are kept (rejection,
///   `maxTries` tries, the replication's own draws first); if none fits it
///   is taken to finish at `now`;
/// - a point-to-point team not yet notified keeps only paths in which no
///   person acknowledged by `now` (fallback: first active at `now`);
/// - the relay: a relay unit with a notified team below it has received,
///   handled and passed the order on down that path; it passes it on to its
///   remaining children from `now` (a job in progress at `now` restarts
///   then). Relay units with no notified team below are simulated from
///   issue, keeping only relay paths that reach no team by `now`
///   (fallback: such teams get it at `now`).
///
/// With nothing observed at `now` 0 every part is the plain replication's,
/// with its own draws, so the result is `runDecomposed()`'s bit for bit.
extension ReplicationRun {
    /// Continues the order from `observation`; the micro-grid times the log
    /// shows are returned as logged.
    mutating func runContinued(_ observation: OrderObservation, maxTries: Int) -> (ReplicationResult, ContinuationTally) {
        let m = layout.microgridCount
        precondition(observation.microgridCount == m, "observation of another layout")
        let log = ContinuationLog(observation, maxTries: max(maxTries, 1))
        var tally = ContinuationTally()
        field.reserveScratch(households: largestFieldPart(), arena: arena)
        let relayTeams = mode == .tiered || app.usesApp.contains(false)
        if relayTeams { continueRelayDown(log, &tally) }
        continueFieldWork(log, &tally)
        if relayTeams {
            relay.deferReports = false
            cal.reset()
            for g in 0..<m where !app.usesApp[g] { cal.schedule(.microgridReport(mg: Int32(g)), at: field.done[g]) }
            drain()
        }
        var r = result()
        for g in 0..<m {
            if !observation.notified[g].isNaN { r.notified[g] = observation.notified[g] }
            if !observation.done[g].isNaN { r.microgridDone[g] = observation.done[g] }
        }
        return (r, tally)
    }

    // MARK: The relay down

    /// Fills `relay.receipt` for every team that gets the order by relay
    /// and is not in the log, each after `now`.
    mutating func continueRelayDown(_ log: ContinuationLog, _ tally: inout ContinuationTally) {
        let m = layout.microgridCount
        let original = key
        for attempt in 0..<log.maxTries {
            if attempt > 0 {
                key = original.child(DrawFamily.continuedRelay.rawValue, UInt64(attempt))
                tally.relayRetries += 1
            }
            cal.reset()
            relay.deferMicrogrids = true
            relay.receipt = [Double](repeating: .nan, count: m)
            startRelayContinued(log)
            drain()
            relay.deferMicrogrids = false
            if !log.conditions || relayFits(log) { break }
            if attempt == log.maxTries - 1 {
                tally.relayFallback = true
                for g in 0..<m where !app.usesApp[g] && !log.seen(g) { relay.receipt[g] = max(relay.receipt[g], log.now) }
            }
        }
        key = original
        relay.deferReports = true
    }

    /// Every relay team the log does not show got the order after `now`.
    func relayFits(_ log: ContinuationLog) -> Bool {
        for g in 0..<layout.microgridCount where !app.usesApp[g] && !log.seen(g) {
            if !(relay.receipt[g] > log.now) { return false }
        }
        return true
    }

    /// Starts the relay: as the model does when the log shows no relay team
    /// notified; otherwise from the frontier the log shows.
    mutating func startRelayContinued(_ log: ContinuationLog) {
        let t = RelayTree(layout: layout, levels: cs.scenario.tiered.levels)
        var reached = [Bool](repeating: false, count: layout.unitCount)
        var any = false
        for g in 0..<layout.microgridCount where !app.usesApp[g] && log.seen(g) {
            any = true
            var u = Int(t.relayParent[Int(layout.microgridUnit[g])])
            while u >= 0 && !reached[u] {
                reached[u] = true
                u = Int(t.relayParent[u])
            }
        }
        guard any else {
            if mode == .tiered { startTiered() } else { startAppRelay() }
            return
        }
        let tree = setUpRelay()
        // The receivers the order starts at: the top units in tiered relay,
        // in point-to-point the relay parents of teams off the app (and
        // such teams with none).
        var starts: [Int32] = []
        if mode == .tiered {
            starts = tree.top
        } else {
            app.expectedReports = [Int32](repeating: 0, count: layout.unitCount)
            for g in 0..<layout.microgridCount where !app.usesApp[g] {
                let u = layout.microgridUnit[g]
                let p = tree.relayParent[Int(u)]
                if p >= 0 { app.expectedReports[Int(p)] += 1 } else { starts.append(u) }
            }
            starts = (0..<layout.unitCount).filter { app.expectedReports[$0] > 0 }.map { Int32($0) } + starts
        }
        for u in starts where !reached[Int(u)] {
            let g = Int(layout.microgridOf[Int(u)])
            if g < 0 || !log.seen(g) { cal.schedule(.receive(unit: u), at: 0) }
        }
        for u in 0..<layout.unitCount where reached[u] { passOnFromNow(u, tree: tree, reached: reached, log: log) }
    }

    /// A unit that has passed the order on to part of its children passes
    /// it on to the rest from `now`: one `notify` job each, in child order,
    /// through its handlers and office hours; with broadcast forwarding the
    /// one message has gone out, and the rest get it a transmission after
    /// `now`.
    mutating func passOnFromNow(_ u: Int, tree: RelayTree, reached: [Bool], log: ContinuationLog) {
        var rest: [Int] = []
        for k in 0..<tree.childCount(u) {
            let c = tree.child(u, k)
            guard relays(to: c), !reached[c] else { continue }
            let g = Int(layout.microgridOf[c])
            if g >= 0 && log.seen(g) { continue }
            rest.append(k)
        }
        guard !rest.isEmpty else { return }
        relay.receivedAt[u] = log.now
        relay.handleEnd[u] = log.now
        if cs.relay[layout.level[u].rawValue].forward == .sequential {
            for k in rest { relay.resources[u].enqueue(.notify(Int32(k))) }
            cal.schedule(.relayWake(unit: Int32(u)), at: log.now)
        } else {
            for k in rest {
                cal.schedule(.receive(unit: Int32(tree.child(u, k))), at: log.now + transmit(from: u, child: k))
            }
        }
    }

    // MARK: Field work

    /// Each part's field work: as the plain replication when the log shows
    /// none of its micro-grids and its draws fit the log, else micro-grid
    /// by micro-grid, conditioned (rebalancing helpers are not followed
    /// across the micro-grids of such a part).
    mutating func continueFieldWork(_ log: ContinuationLog, _ tally: inout ContinuationTally) {
        for g in 0..<layout.microgridCount {
            cal.reset()
            let part = fieldPart(startingAt: g)
            guard let first = part.first, let last = part.last else { continue }
            var seen = false
            for member in part where log.seen(member) { seen = true }
            if !seen {
                let marks = markMeasures()
                field.openScratch(households: householdSpan(of: first...last))
                for member in part { startPlain(member) }
                drain()
                var fits = true
                for member in part where log.conditions && !(field.notified[member] > log.now) { fits = false }
                if fits { continue }
                restoreMeasures(marks)
            }
            let rebalancing = app.rebalancing
            app.rebalancing = false
            for member in part { continueMicrogrid(member, log, &tally) }
            app.rebalancing = rebalancing
        }
    }

    /// Micro-grid g's team gets the order as in the plain replication.
    mutating func startPlain(_ g: Int) {
        if app.usesApp[g] {
            pushOrder(g)
        } else {
            cal.schedule(.receive(unit: layout.microgridUnit[g]), at: relay.receipt[g])
        }
    }

    /// One micro-grid on its own calendar, conditioned on the log.
    mutating func continueMicrogrid(_ g: Int, _ log: ContinuationLog, _ tally: inout ContinuationTally) {
        let notified = log.notified[g], done = log.done[g]
        let byRelay = !app.usesApp[g]
        resetMicrogrid(g)
        if !done.isNaN {
            field.notified[g] = notified.isNaN ? done : notified
            field.done[g] = done
            field.resolved[g] = layout.households[g]
            if !byRelay {
                rng.reseed(key.child(DrawFamily.sync.rawValue, UInt64(g)).value)
                measures.orderComplete = max(measures.orderComplete, done + cs.sync.sample(rng))
            }
            return
        }
        // A relay team not yet notified gets the order when the relay
        // continued says, after `now`: nothing to condition.
        let tries = byRelay && notified.isNaN ? 1 : log.maxTries
        let original = key
        let marks = markMeasures()
        var fitted = false
        for attempt in 0..<tries {
            if attempt > 0 {
                key = original.child(DrawFamily.continuedField.rawValue, UInt64(g), UInt64(attempt))
                redrawFirstAttempts(g)
                tally.redrawnPaths += 1
            }
            // A rejected try's visits are forgotten (the visit times'
            // slots hold each household once).
            restoreMeasures(marks)
            runMicrogrid(g, notifiedAt: notified)
            let fits: Bool
            if !notified.isNaN {
                fits = field.done[g] > log.now
            } else {
                fits = byRelay || !log.conditions || field.notified[g] > log.now
            }
            if fits {
                fitted = true
                break
            }
        }
        if !fitted {
            tally.fallbackMicrogrids += 1
            if notified.isNaN {
                // No try left the team idle until `now`: its first person
                // is taken to become active at `now`.
                restoreMeasures(marks)
                runMicrogrid(g, notifiedAt: log.now)
            } else {
                // Every try finished by `now`: it is taken to finish at `now`.
                restoreMeasures(marks)
                field.done[g] = log.now
                field.resolved[g] = layout.households[g]
            }
        }
        key = original
        field.draws = AttemptDraws(cs, key: original)
    }

    /// Simulates micro-grid g alone with the current key: from its first
    /// person active at `at` when given, else as the model starts it.
    mutating func runMicrogrid(_ g: Int, notifiedAt at: Double) {
        resetMicrogrid(g)
        cal.reset()
        field.openScratch(households: householdSpan(of: g...g))
        if at.isNaN {
            startPlain(g)
        } else if !app.usesApp[g] {
            cal.schedule(.receive(unit: layout.microgridUnit[g]), at: at)
        } else {
            pushOrder(g, offset: at - firstActivation(g))
        }
        drain()
        if !at.isNaN { field.notified[g] = at }
    }

    /// When micro-grid g's first person becomes active after the app's push
    /// at issue time: the earliest acknowledgement of a push that did not
    /// fail, the head's included (the draws of `pushOrder`, made again).
    func firstActivation(_ g: Int) -> Double {
        let p2p = cs.scenario.p2p
        let onDuty = p2p.dutyHours.nextOpen(0, origin: cs.origin) == 0
        let ack = onDuty ? cs.ackOnDuty : cs.ackOffDuty
        let n = Int(field.personStart[g + 1] - field.personStart[g])
        var first = Double.infinity
        for p in 1..<max(n, 1) {
            rng.reseed(key.child(DrawFamily.ack.rawValue, UInt64(g), UInt64(p)).value)
            let failed = rng.uniform() < p2p.pushFails
            let d = ack.sample(rng)
            if !failed { first = min(first, d) }
        }
        rng.reseed(key.child(DrawFamily.ack.rawValue, UInt64(g), 0).value)
        _ = rng.uniform()
        return min(first, ack.sample(rng))
    }

    /// Micro-grid g as before the order: nobody active, every household
    /// queued, its own workers at home.
    mutating func resetMicrogrid(_ g: Int) {
        field.qHead[g] = 0
        field.qCount[g] = layout.households[g]
        field.iHead[g] = -1
        field.iTail[g] = -1
        field.iCount[g] = 0
        field.resolved[g] = 0
        field.pendingWake[g] = .infinity
        field.notified[g] = .nan
        field.done[g] = .nan
        field.callCount[g] = 0
        for w in Int(field.personStart[g])..<Int(field.personStart[g + 1]) {
            field.workerMg[w] = Int32(g)
            field.idleNext[w] = -1
            app.moves[w] = 0
        }
    }

    /// Draws micro-grid g's households' first attempts from the current key.
    mutating func redrawFirstAttempts(_ g: Int) {
        field.draws = AttemptDraws(cs, key: key)
        for h in Int(layout.householdStart[g])..<Int(layout.householdStart[g + 1]) {
            field.firstOutcome[h] = field.draws.outcome(household: h, attempt: 0, rng: rng)
        }
    }

    func markMeasures() -> MeasureMarks {
        MeasureMarks(visitedCount: measures.visitedCount, unreachedCount: measures.unreachedCount,
                     attempts: measures.attempts, reassignments: measures.reassignments,
                     lastResolved: measures.lastResolved, orderComplete: measures.orderComplete)
    }

    mutating func restoreMeasures(_ k: MeasureMarks) {
        measures.visitedCount = k.visitedCount
        measures.unreachedCount = k.unreachedCount
        measures.attempts = k.attempts
        measures.reassignments = k.reassignments
        measures.lastResolved = k.lastResolved
        measures.orderComplete = k.orderComplete
    }
}
