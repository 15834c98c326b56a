import MusterEngine

/// Bottleneck attribution (`UnitAttribution`), worked out once the calendar
/// is empty from what the run kept: micro-grid completions, each unit's
/// report time (`RelayState.reportedAt`, recorded only when attribution is
/// on) and aggregate readiness. The point-to-point sync delays are drawn
/// again from their keyed substreams, so nothing on the event path changes.
extension ReplicationRun {
    /// The attribution of this replication; call after `run()` or
    /// `runDecomposed()` with `relay.recordsReports` set before it.
    func attribution() -> UnitAttribution {
        let n = layout.unitCount, m = layout.microgridCount
        let end = measures.orderComplete
        // Per unit, seconds: slack of the unit's own report, NaN for units
        // that report nothing themselves.
        var own = [Double](repeating: .nan, count: n)
        var critical = -1
        switch mode {
        case .tiered: critical = tieredSlack(&own, end: end)
        case .p2p: critical = appSlack(&own, end: end)
        }
        // A unit's slack: its own report's, or the least of its children's
        // (units are breadth-first, so children come after parents).
        var slack = own.map { $0.isNaN ? Double.infinity : $0 }
        for u in stride(from: n - 1, through: 1, by: -1) {
            let p = Int(layout.parent[u])
            if slack[u] < slack[p] { slack[p] = slack[u] }
        }
        let complete = end.isFinite && critical >= 0
        let hours = 1.0 / 3600
        let upWait = aggregateWaitsUp()
        var down = [Double](repeating: 0, count: m), up = [Double](repeating: 0, count: m)
        if let tree = relay.tree {
            for g in 0..<m where !app.usesApp[g] {
                let u = Int(layout.microgridUnit[g])
                down[g] = relay.pathWait[u] * hours
                let p = Int(tree.relayParent[u])
                if p >= 0 { up[g] = upWait[p] * hours }
            }
        }
        return UnitAttribution(parent: layout.parent, level: layout.level, microgridUnit: layout.microgridUnit,
                               households: layout.households,
                               slack: slack.map { complete && $0.isFinite ? $0 * hours : .nan },
                               criticalMicrogrid: complete ? critical : -1, officeDown: down, officeUp: up)
    }

    /// When unit u (a micro-grid, or a relay unit that aggregated) reported up.
    private func reportTime(_ u: Int) -> Double {
        let g = Int(layout.microgridOf[u])
        return g >= 0 ? field.done[g] : relay.reportedAt[u]
    }

    /// Of `units`, the one whose `time` is latest; ties go to the later unit.
    private func latest(_ units: some Sequence<Int>, _ time: (Int) -> Double) -> Int {
        var best = -1, bestTime = -Double.infinity
        for u in units where time(u) >= bestTime { best = u; bestTime = time(u) }
        return best
    }

    /// Tiered relay: every receiver reports to its relay parent, the top
    /// ones to the issuer. Returns the critical micro-grid.
    private func tieredSlack(_ own: inout [Double], end: Double) -> Int {
        guard let tree = relay.tree else { return -1 }
        for u in 0..<layout.unitCount where tree.isReceiver[u] {
            let p = Int(tree.relayParent[u])
            own[u] = p < 0 ? end - reportTime(u) : relay.aggregateReady[p] - reportTime(u) + own[p]
        }
        var c = latest(tree.top.map { Int($0) }) { reportTime($0) }
        while c >= 0 && layout.microgridOf[c] < 0 {
            let children = (0..<tree.childCount(c)).map { tree.child(c, $0) }
            c = latest(children) { reportTime($0) }
        }
        return c >= 0 ? Int(layout.microgridOf[c]) : -1
    }

    /// Point-to-point: app teams, and relay units aggregating for teams off
    /// the app, report through the app (`sync` later); a team off the app
    /// reports to its relay unit. Returns the critical micro-grid.
    private func appSlack(_ own: inout [Double], end: Double) -> Int {
        let tree = relay.tree
        // When each report through the app shows at the centre.
        var shows: [(unit: Int, at: Double)] = []
        for u in 0..<layout.unitCount {
            let g = Int(layout.microgridOf[u])
            if g >= 0 {
                let viaRelay = !app.usesApp[g] && tree.map { $0.relayParent[u] >= 0 } == true
                if viaRelay { continue }
                rng.reseed(key.child(DrawFamily.sync.rawValue, UInt64(g)).value)
                shows.append((u, field.done[g] + cs.sync.sample(rng)))
            } else if let tree, tree.isReceiver[u], app.expectedReports.indices.contains(u), app.expectedReports[u] > 0 {
                rng.reseed(key.child(DrawFamily.relaySync.rawValue, UInt64(u)).value)
                shows.append((u, relay.reportedAt[u] + cs.sync.sample(rng)))
            }
        }
        for s in shows { own[s.unit] = end - s.at }
        if let tree {
            for g in 0..<layout.microgridCount where !app.usesApp[g] {
                let u = Int(layout.microgridUnit[g])
                let p = Int(tree.relayParent[u])
                if p >= 0 { own[u] = relay.aggregateReady[p] - field.done[g] + own[p] }
            }
        }
        let at = Dictionary(uniqueKeysWithValues: shows.map { ($0.unit, $0.at) })
        var c = latest(shows.map(\.unit)) { at[$0]! }
        if c >= 0, layout.microgridOf[c] < 0, let tree {
            var offApp: [Int] = []
            for k in 0..<tree.childCount(c) {
                let child = tree.child(c, k), g = Int(layout.microgridOf[child])
                if g >= 0 && !app.usesApp[g] { offApp.append(child) }
            }
            c = latest(offApp) { reportTime($0) }
        }
        return c >= 0 ? Int(layout.microgridOf[c]) : -1
    }
}
