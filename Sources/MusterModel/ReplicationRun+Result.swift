import MusterEngine

/// What a replication's result is made of, counted as events happen; the
/// per-micro-grid times (`notified`, `done`) are in `FieldState`, the relay
/// waits in `RelayState`.
struct Measures: ~Copyable {
    /// Visit times, in the order visits end: the first `visitedCount` are
    /// set, the rest unset.
    let visitTimes: Slots<Double>
    var visitedCount = 0
    var unreachedCount = 0
    var attempts = 0
    /// Workers moved by rebalancing.
    var reassignments = 0
    /// When the last household was visited or given up.
    var lastResolved = 0.0
    /// When the centre learns the order is done everywhere.
    var orderComplete = 0.0
    /// Events that exist only because of the decomposition (a receipt
    /// replayed, a report replayed); left out of `events` so that both
    /// engines report the same count.
    var bookkeepingEvents = 0

    /// Nothing measured yet, with room for every household's visit.
    init(households: Int, arena: StateArena) {
        visitTimes = Slots(uninitialized: households, in: arena)
    }
}

/// The result of a replication, from its measures and state once the
/// calendar is empty.
extension ReplicationRun {
    /// Mean phase lengths over micro-grids (hours); see `Phase`.
    func phaseHours() -> [Double] {
        let m = layout.microgridCount
        guard m > 0 else { return [0, 0, 0, 0] }
        let upWait = aggregateWaitsUp()
        var sums = [Double](repeating: 0, count: 4)
        for g in 0..<m {
            let u = Int(layout.microgridUnit[g])
            var down = 0.0, up = 0.0
            if let tree = relay.tree, !app.usesApp[g] {
                down = relay.pathWait[u]
                let p = Int(tree.relayParent[u])
                if p >= 0 { up = upWait[p] }
            }
            sums[0] += field.notified[g] - down
            sums[1] += down + up
            sums[2] += field.done[g] - field.notified[g]
            sums[3] += measures.orderComplete - field.done[g] - up
        }
        return sums.map { $0 / Double(m) / 3600 }
    }

    /// Per unit: the office-hours waits of the aggregate jobs from the unit
    /// up to the top (seconds), accumulated root-first; in point-to-point a
    /// relay unit's report goes straight to the app.
    func aggregateWaitsUp() -> [Double] {
        var upWait = [Double](repeating: 0, count: layout.unitCount)
        if let tree = relay.tree {
            for u in 0..<layout.unitCount where tree.isReceiver[u] && layout.microgridOf[u] < 0 {
                let p = Int(tree.relayParent[u])
                upWait[u] = relay.aggregateWait[u] + (p >= 0 && mode == .tiered ? upWait[p] : 0)
            }
        }
        return upWait
    }

    /// Relay work (hours) per relay level, summed over units in unit order.
    func busyHoursByLevel() -> [Double] {
        var busy = [Double](repeating: 0, count: Level.relayLevels.count)
        for (u, b) in relay.busyByUnit.enumerated() where b > 0 {
            busy[layout.level[u].rawValue] += b / 3600
        }
        return busy
    }

    /// The replication's result; call once the calendar is empty.
    func result() -> ReplicationResult {
        let hours = 1.0 / 3600
        var coverage = [Double](repeating: .infinity, count: ReplicationResult.coveragePoints)
        let total = layout.totalHouseholds
        let last = ReplicationResult.coveragePoints - 1
        // Households needed for a share of k/last, rounded up.
        let needed = (0...last).map { k in (k * total + last - 1) / last }
        let reachable = needed.filter { $0 > 0 && $0 <= measures.visitedCount }
        let times = OrderStatistics.select(measures.visitTimes.unsafePrefix(measures.visitedCount),
                                           ranks: reachable.map { $0 - 1 }, upperBound: measures.lastResolved)
        var next = 0
        for (k, need) in needed.enumerated() {
            if need == 0 {
                coverage[k] = 0
            } else if need <= measures.visitedCount {
                coverage[k] = times[next] * hours
                next += 1
            }
        }
        return ReplicationResult(
            mode: mode, replication: replication,
            orderComplete: measures.orderComplete * hours, fieldComplete: measures.lastResolved * hours,
            notified: field.notified.map { $0 * hours }, microgridDone: field.done.map { $0 * hours },
            households: total, visited: measures.visitedCount, unreached: measures.unreachedCount,
            attempts: measures.attempts, events: cal.processed - measures.bookkeepingEvents,
            busyHoursByLevel: busyHoursByLevel(), coverageTimes: coverage, phaseHours: phaseHours(),
            appTeam: Array(app.usesApp), reassignments: measures.reassignments)
    }
}
