import MusterEngine

/// What the relay holds (docs/model.md, "Tiered relay"): the relay tree, each
/// unit's handlers, the reports counted up, and the office-hours waits the
/// phases are measured from. Empty until the relay starts (never, in
/// point-to-point with every team on the app).
struct RelayState: ~Copyable {
    var tree: RelayTree?
    /// Per unit: its handlers and their job queue.
    var resources: [Resource<RelayJob>] = []
    /// Per relay unit: reports received from its children.
    var reported: [Int32] = []
    /// Top units that have reported.
    var topDone = 0
    /// Relay work per unit; summed per level in unit order at the end, so
    /// the total does not depend on the order jobs ran in.
    var busyByUnit: [Double] = []

    // Office-hours waits (seconds), per unit: on the path down to the unit,
    // and of its own handle and aggregate jobs. The job-ready times tell
    // waiting in a queue from waiting for the office to open.
    var receivedAt: [Double] = []
    var handleEnd: [Double] = []
    var aggregateReady: [Double] = []
    var handleWait: [Double] = []
    var pathWait: [Double] = []
    var aggregateWait: [Double] = []

    // The decomposed engine runs the relay down, the field work and the
    // reports up as separate parts.
    /// Micro-grids record when they receive the order (`receipt`), to be
    /// replayed by the field part, instead of starting.
    var deferMicrogrids = false
    var receipt: [Double] = []
    /// Micro-grids record completion without reporting up.
    var deferReports = false

    /// Bottleneck attribution (`ReplicationRun+Attribution`): when set,
    /// `reportedAt` holds the moment each unit reported up (NaN before).
    var recordsReports = false
    var reportedAt: [Double] = []

    /// Sets up the relay over `tree`'s `n` units, ready for the first
    /// receipt; the decomposed engine's settings stay as they are.
    mutating func start(tree: RelayTree, resources: [Resource<RelayJob>], units n: Int) {
        self.tree = tree
        self.resources = resources
        reported = [Int32](repeating: 0, count: n)
        receivedAt = [Double](repeating: 0, count: n)
        handleEnd = [Double](repeating: 0, count: n)
        aggregateReady = [Double](repeating: 0, count: n)
        handleWait = [Double](repeating: 0, count: n)
        pathWait = [Double](repeating: 0, count: n)
        aggregateWait = [Double](repeating: 0, count: n)
        busyByUnit = [Double](repeating: 0, count: n)
        if recordsReports { reportedAt = [Double](repeating: .nan, count: n) }
    }
}

/// Tiered relay (docs/model.md, "Tiered relay"): the order climbs down the
/// listed levels through each unit's handlers, reports climb back up.
extension ReplicationRun {
    mutating func startTiered() {
        let t = setUpRelay()
        for u in t.top { cal.schedule(.receive(unit: u), at: 0) }
        if t.top.isEmpty { measures.orderComplete = 0 }
    }

    /// The relay tree with its handlers and bookkeeping, ready for the
    /// first receipt.
    mutating func setUpRelay() -> RelayTree {
        let t = RelayTree(layout: layout, levels: cs.scenario.tiered.levels)
        let resources = (0..<layout.unitCount).map { u in
            let level = layout.level[u]
            guard level != .microgrid else { return Resource<RelayJob>(capacity: 1, calendar: .always, origin: cs.origin) }
            let spec = cs.relay[level.rawValue]
            return Resource<RelayJob>(capacity: spec.handlers, calendar: spec.officeHours, origin: cs.origin)
        }
        relay.start(tree: t, resources: resources, units: layout.unitCount)
        return t
    }

    mutating func receive(_ u: Int) {
        let g = Int(layout.microgridOf[u])
        if g >= 0 && relay.deferMicrogrids {
            relay.receipt[g] = cal.now
            measures.bookkeepingEvents += 1
        } else if g >= 0 {
            // The grid head is active on receipt and phones the rest of
            // the team in person order.
            field.notified[g] = cal.now
            let base = Int(field.personStart[g])
            let n = Int(field.personStart[g + 1]) - base
            for p in 1..<max(n, 1) { field.callList[base + p - 1] = Int32(p) }
            field.callCount[g] = Int32(max(n - 1, 0))
            checkDone(g)
            if field.done[g].isNaN { startCalls(g) }
        } else {
            relay.receivedAt[u] = cal.now
            relay.resources[u].enqueue(.handle)
            pump(u)
        }
    }

    /// Starts whatever the unit's handlers and office hours allow now.
    mutating func pump(_ u: Int) {
        while true {
            switch relay.resources[u].next(now: cal.now) {
            case .start(let job):
                recordOfficeWait(job, at: u)
                let d = duration(of: job, at: u)
                relay.busyByUnit[u] += d
                cal.schedule(.relayDone(unit: Int32(u), job: job), at: cal.now + d)
            case .wake(let t):
                cal.schedule(.relayWake(unit: Int32(u)), at: t)
                return
            case .idle:
                return
            }
        }
    }

    /// The part of a job's wait, from ready to start, when the unit's office
    /// was closed; a notify job's wait is carried down to its children.
    mutating func recordOfficeWait(_ job: RelayJob, at u: Int) {
        let hours = cs.relay[layout.level[u].rawValue].officeHours
        func closed(since ready: Double) -> Double {
            let waited = cal.now - ready
            return waited > 0 ? waited - hours.openSeconds(from: ready, to: cal.now, origin: cs.origin) : 0
        }
        let tree = relay.tree!
        switch job {
        case .handle:
            relay.handleWait[u] = closed(since: relay.receivedAt[u])
        case .notify(let k):
            relay.pathWait[tree.child(u, Int(k))] = relay.pathWait[u] + relay.handleWait[u] + closed(since: relay.handleEnd[u])
        case .notifyAll:
            let w = relay.pathWait[u] + relay.handleWait[u] + closed(since: relay.handleEnd[u])
            for k in 0..<tree.childCount(u) { relay.pathWait[tree.child(u, k)] = w }
        case .aggregate:
            relay.aggregateWait[u] = closed(since: relay.aggregateReady[u])
        }
    }

    /// Substream codes of a relay unit's draws.
    private func relayKey(_ u: Int, _ code: UInt64) -> UInt64 {
        key.child(DrawFamily.relay.rawValue, UInt64(u), code).value
    }

    /// `handle` and `aggregate` use the receiving (own) level's parameters,
    /// `notify` the sending (own) level's: so every job draws from its
    /// unit's level.
    mutating func duration(of job: RelayJob, at u: Int) -> Double {
        let spec = cs.relay[layout.level[u].rawValue]
        switch job {
        case .handle:
            rng.reseed(relayKey(u, 0)); return spec.handle.sample(rng)
        case .aggregate:
            rng.reseed(relayKey(u, 1)); return spec.aggregate.sample(rng)
        case .notifyAll:
            rng.reseed(relayKey(u, 2)); return spec.notify.sample(rng)
        case .notify(let k):
            rng.reseed(relayKey(u, 3 + 2 * UInt64(k))); return spec.notify.sample(rng)
        }
    }

    /// Transmission delay to the k-th child, drawn per child from the
    /// sending level.
    mutating func transmit(from u: Int, child k: Int) -> Double {
        rng.reseed(relayKey(u, 4 + 2 * UInt64(k)))
        return cs.relay[layout.level[u].rawValue].transmit.sample(rng)
    }

    mutating func relayDone(_ u: Int, _ job: RelayJob) {
        relay.resources[u].release()
        let tree = relay.tree!
        switch job {
        case .handle:
            relay.handleEnd[u] = cal.now
            let n = tree.childCount(u)
            if cs.relay[layout.level[u].rawValue].forward == .sequential {
                for k in 0..<n where relays(to: tree.child(u, k)) { relay.resources[u].enqueue(.notify(Int32(k))) }
            } else if n > 0 {
                relay.resources[u].enqueue(.notifyAll)
            }
        case .notify(let k):
            let child = tree.child(u, Int(k))
            cal.schedule(.receive(unit: Int32(child)), at: cal.now + transmit(from: u, child: Int(k)))
        case .notifyAll:
            for k in 0..<tree.childCount(u) where relays(to: tree.child(u, k)) {
                cal.schedule(.receive(unit: Int32(tree.child(u, k))), at: cal.now + transmit(from: u, child: k))
            }
        case .aggregate:
            report(from: u)
        }
        pump(u)
    }

    /// A unit is finished (micro-grid done, or relay unit aggregated): its
    /// relay parent may now aggregate, or the order is complete. In
    /// point-to-point a relay unit's aggregate goes to the app.
    mutating func report(from u: Int) {
        if relay.recordsReports { relay.reportedAt[u] = cal.now }
        let tree = relay.tree!
        let p = Int(tree.relayParent[u])
        if mode == .p2p && (p < 0 || layout.microgridOf[u] < 0) {
            reportThroughApp(from: u)
            return
        }
        if p < 0 {
            relay.topDone += 1
            if relay.topDone == tree.top.count { measures.orderComplete = cal.now }
            return
        }
        relay.reported[p] += 1
        if Int(relay.reported[p]) == reportsExpected(at: p) {
            relay.aggregateReady[p] = cal.now
            relay.resources[p].enqueue(.aggregate)
            pump(p)
        }
    }
}
