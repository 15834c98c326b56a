import MusterEngine

/// What point-to-point adds (docs/model.md, "Point-to-point" and
/// "What-ifs of point-to-point"): which teams are on the app, the rebalancing groups,
/// and the relay reports left for teams off the app. In tiered relay no
/// team is on the app and nothing else is used.
struct AppState: ~Copyable {
    /// Per micro-grid: its team got the order through the app.
    let usesApp: Slots<Bool>
    /// Whether any micro-grid rebalances (`groupOf` is all −1 otherwise).
    var rebalancing = false
    /// Per micro-grid: its rebalancing group (an index into `groupStart`),
    /// −1 when it takes no part.
    let groupOf: Slots<Int32>
    /// Members of each rebalancing group, ascending, as ranges into
    /// `groupMembers` (CSR layout).
    var groupStart: [Int32] = []
    var groupMembers: [Int32] = []
    /// Moves made so far by each person (keys their reassign draws).
    let moves: Slots<Int32>
    /// Per relay unit: the reports it waits for (its micro-grid children off
    /// the app), when some teams are off the app.
    var expectedReports: [Int32] = []

    /// Every team on the app in point-to-point, none in tiered relay; no
    /// groups yet (see `drawAdoption` and `formGroups`).
    init(mode: Mode, microgrids m: Int, persons: Int, arena: StateArena) {
        usesApp = Slots(repeating: mode == .p2p, count: m, in: arena)
        groupOf = Slots(repeating: -1, count: m, in: arena)
        moves = Slots(repeating: 0, count: persons, in: arena)
    }
}

/// Point-to-point (docs/model.md, "Point-to-point"): the app pushes the order to
/// every team person at issue time.
extension ReplicationRun {
    /// The app's push reaches micro-grid g's team at issue time.
    mutating func pushOrder(_ g: Int) {
        let p2p = cs.scenario.p2p
        // Duty state is judged once, at the push, for everyone.
        let onDuty = p2p.dutyHours.nextOpen(0, origin: cs.origin) == 0
        let ack = onDuty ? cs.ackOnDuty : cs.ackOffDuty
        let base = Int(field.personStart[g])
        let n = Int(field.personStart[g + 1]) - base
        var calls: Int32 = 0
        // Persons other than the head first, so that at equal times the
        // grid head is the last to start field work (docs/model.md, "Point-to-point").
        for p in 1..<max(n, 1) {
            rng.reseed(key.child(DrawFamily.ack.rawValue, UInt64(g), UInt64(p)).value)
            let failed = rng.uniform() < p2p.pushFails
            let d = ack.sample(rng)
            if failed {
                field.callList[base + Int(calls)] = Int32(p)
                calls += 1
            } else {
                cal.schedule(.ackDone(mg: Int32(g), person: Int32(p)), at: d)
            }
        }
        field.callCount[g] = calls
        // The head's push never fails; its uniform is drawn and ignored so
        // that every person's stream has the same shape.
        rng.reseed(key.child(DrawFamily.ack.rawValue, UInt64(g), 0).value)
        _ = rng.uniform()
        cal.schedule(.headAck(mg: Int32(g)), at: ack.sample(rng))
    }

    /// The head acknowledged: phone the persons whose push failed, then
    /// start field work.
    mutating func headAcknowledged(_ g: Int) {
        if field.notified[g].isNaN { field.notified[g] = cal.now }
        checkDone(g)
        if field.done[g].isNaN {
            startCalls(g)
        } else if rebalances(g) {
            // Helpers finished it before the head came: the head moves on.
            activate(g, person: 0)
        }
    }
}
