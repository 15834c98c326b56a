import MusterEngine

/// Partial adoption (`p2p.adoption`): in point-to-point, only some teams
/// use the app. The others get the order the old way from the unit above
/// them, in the same replication.
///
/// The reading chosen where the model leaves room (docs/model.md, "What-ifs of point-to-point"):
/// - each micro-grid adopts with probability `adoption`, from its own keyed
///   draw (seed, replication, micro-grid), so the layout is untouched and a
///   team on the app at 0.5 is on it at 0.7 too;
/// - the nearest listed relay unit above a non-app micro-grid (its grid in
///   Beilun) gets the push at issue time, runs its `handle` job and phones
///   its non-app micro-grids (`notify`, `transmit`), with its level's
///   parameters and office hours, drawing what it would draw in tiered
///   relay for the same child; the micro-grid's head then phones the team
///   (`tiered.team_notify`), as in tiered relay;
/// - a non-app micro-grid reports to that unit, which aggregates once all
///   its non-app micro-grids are done and passes the result on through the
///   app: visible at the centre `sync` later (drawn per unit). A non-app
///   micro-grid with no relay unit above it gets the order at issue time
///   and its completion shows `sync` later, as an app team's.
extension ReplicationRun {
    /// Draws which teams use the app; with `adoption` 1 nothing is drawn.
    mutating func drawAdoption() {
        let share = cs.scenario.p2p.adoption
        guard share < 1 else { return }
        for g in 0..<layout.microgridCount {
            rng.reseed(key.child(DrawFamily.adoption.rawValue, UInt64(g)).value)
            app.usesApp[g] = rng.uniform() < share
        }
    }

    /// Point-to-point with non-app teams: the relay units above them get
    /// the order at issue time.
    mutating func startAppRelay() {
        let t = setUpRelay()
        app.expectedReports = [Int32](repeating: 0, count: layout.unitCount)
        var direct: [Int32] = []
        for g in 0..<layout.microgridCount where !app.usesApp[g] {
            let u = layout.microgridUnit[g]
            let p = t.relayParent[Int(u)]
            if p >= 0 { app.expectedReports[Int(p)] += 1 } else { direct.append(u) }
        }
        for u in 0..<layout.unitCount where app.expectedReports[u] > 0 {
            cal.schedule(.receive(unit: Int32(u)), at: 0)
        }
        for u in direct { cal.schedule(.receive(unit: u), at: 0) }
    }

    /// Whether relay unit u passes the order to `child` in this mode:
    /// always in tiered relay; in point-to-point only to non-app teams.
    @inline(__always)
    func relays(to child: Int) -> Bool {
        guard mode == .p2p else { return true }
        let g = Int(layout.microgridOf[child])
        return g >= 0 && !app.usesApp[g]
    }

    /// Reports a relay unit waits for before it aggregates.
    @inline(__always)
    func reportsExpected(at u: Int) -> Int {
        mode == .tiered ? relay.tree!.childCount(u) : Int(app.expectedReports[u])
    }

    /// Point-to-point: a report that leaves the relay (a relay unit's
    /// aggregate, or a non-app micro-grid with no relay unit above it)
    /// shows at the centre after `sync`.
    mutating func reportThroughApp(from u: Int) {
        let g = Int(layout.microgridOf[u])
        let key = g >= 0 ? key.child(DrawFamily.sync.rawValue, UInt64(g))
                         : key.child(DrawFamily.relaySync.rawValue, UInt64(u))
        rng.reseed(key.value)
        measures.orderComplete = max(measures.orderComplete, cal.now + cs.sync.sample(rng))
    }
}
