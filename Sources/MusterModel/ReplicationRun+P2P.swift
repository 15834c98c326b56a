import MusterEngine

/// Point-to-point (docs/model.md, "Point-to-point"): the app pushes the order to
/// every team person at issue time.
extension ReplicationRun {
    /// The app's push reaches micro-grid g's team at issue time.
    mutating func pushOrder(_ g: Int) {
        let p2p = cs.scenario.p2p
        // Duty state is judged once, at the push, for everyone.
        let onDuty = p2p.dutyHours.nextOpen(0, origin: cs.origin) == 0
        let ack = onDuty ? cs.ackOnDuty : cs.ackOffDuty
        let base = Int(personStart[g])
        let n = Int(personStart[g + 1]) - base
        var calls: Int32 = 0
        // Persons other than the head first, so that at equal times the
        // grid head is the last to start field work (docs/model.md, "Ties between workers").
        for p in 1..<max(n, 1) {
            rng.reseed(key.child(DrawFamily.ack.rawValue, UInt64(g), UInt64(p)).value)
            let failed = rng.uniform() < p2p.pushFails
            let d = ack.sample(rng)
            if failed {
                callList[base + Int(calls)] = Int32(p)
                calls += 1
            } else {
                cal.schedule(.ackDone(mg: Int32(g), person: Int32(p)), at: d)
            }
        }
        callCount[g] = calls
        // The head's push never fails; its uniform is drawn and ignored so
        // that every person's stream has the same shape.
        rng.reseed(key.child(DrawFamily.ack.rawValue, UInt64(g), 0).value)
        _ = rng.uniform()
        cal.schedule(.headAck(mg: Int32(g)), at: ack.sample(rng))
    }

    /// The head acknowledged: phone the persons whose push failed, then
    /// start field work.
    mutating func headAcknowledged(_ g: Int) {
        if notified[g].isNaN { notified[g] = cal.now }
        checkDone(g)
        if done[g].isNaN {
            startCalls(g)
        } else if rebalances(g) {
            // Helpers finished it before the head came: the head moves on.
            activate(g, person: 0)
        }
    }
}
