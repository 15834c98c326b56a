import MusterEngine

/// Rebalancing (docs/model.md, "What-ifs of point-to-point", `p2p.rebalance`): the
/// app's spatial check-in shows the centre who is idle, so workers of a
/// finished micro-grid are sent to the unfinished micro-grid of their grid
/// (or community) with the most households left.
///
/// The reading chosen where the model leaves room (docs/model.md, "What-ifs of point-to-point"):
/// - only app teams take part, as helpers and as helped: the centre sees
///   neither the idle workers nor the households of a team off the app;
/// - every active worker of a done micro-grid moves: all that are idle when
///   it becomes done (in idle-line order), and any who become active, or
///   arrive as helpers, after that;
/// - the target is the micro-grid of the group with the most households
///   neither visited nor given up, lowest index on ties, judged when the
///   worker leaves; with none left anywhere in the group the worker stays;
/// - the move takes a `reassign` draw keyed by (worker, move number), so
///   the move's length does not depend on event order; a moved worker keeps
///   their speed, and starts households only in field hours as everyone;
/// - a helper who arrives at a micro-grid that finished meanwhile moves on.
extension ReplicationRun {
    /// Builds the rebalancing groups of app micro-grids: those with the
    /// same nearest ancestor at `level` or above.
    mutating func formGroups(at level: Level) {
        let m = layout.microgridCount
        var groupOfRoot: [Int32: Int32] = [:]
        var members: [[Int32]] = []
        for g in 0..<m where app.usesApp[g] {
            var u = layout.parent[Int(layout.microgridUnit[g])]
            while u >= 0 && layout.level[Int(u)] > level { u = layout.parent[Int(u)] }
            let index = groupOfRoot[u] ?? {
                let i = Int32(members.count)
                groupOfRoot[u] = i
                members.append([])
                return i
            }()
            app.groupOf[g] = index
            members[Int(index)].append(Int32(g))
        }
        app.groupStart = [0]
        for list in members {
            app.groupMembers += list
            app.groupStart.append(Int32(app.groupMembers.count))
        }
        app.rebalancing = !members.isEmpty
    }

    /// Whether micro-grid g's workers may be moved (and helpers sent to it).
    @inline(__always)
    func rebalances(_ g: Int) -> Bool { app.rebalancing && app.groupOf[g] >= 0 }

    /// The micro-grids simulated together with g by the decomposed engine:
    /// g's rebalancing group when g is its first member, nothing for the
    /// other members, g alone otherwise.
    func fieldPart(startingAt g: Int) -> [Int] {
        guard rebalances(g) else { return [g] }
        let grp = Int(app.groupOf[g])
        let range = Int(app.groupStart[grp])..<Int(app.groupStart[grp + 1])
        guard Int(app.groupMembers[range.lowerBound]) == g else { return [] }
        return app.groupMembers[range].map { Int($0) }
    }

    /// The households of micro-grids `mgs` and of any between them (a
    /// part's members are ascending, and a group's are contiguous in
    /// breadth-first order unless off-app teams sit between them).
    func householdSpan(of mgs: ClosedRange<Int>) -> Range<Int> {
        Int(layout.householdStart[mgs.lowerBound])..<Int(layout.householdStart[mgs.upperBound + 1])
    }

    /// The most households of any part `runDecomposed` works on its own
    /// (counting those between a group's members): the scratch window.
    func largestFieldPart() -> Int {
        var most = 0
        for g in 0..<layout.microgridCount {
            if rebalances(g) {
                let grp = Int(app.groupOf[g])
                let first = Int(app.groupMembers[Int(app.groupStart[grp])])
                guard first == g else { continue }
                let last = Int(app.groupMembers[Int(app.groupStart[grp + 1]) - 1])
                most = max(most, householdSpan(of: first...last).count)
            } else {
                most = max(most, Int(layout.households[g]))
            }
        }
        return most
    }

    /// The group member other than g with the most households left, lowest
    /// index on ties; −1 when no member has any.
    func helpTarget(from g: Int) -> Int {
        let grp = Int(app.groupOf[g])
        var best = -1
        var most: Int32 = 0
        for i in Int(app.groupStart[grp])..<Int(app.groupStart[grp + 1]) {
            let t = Int(app.groupMembers[i])
            let left = layout.households[t] - field.resolved[t]
            if t != g && left > most {
                most = left
                best = t
            }
        }
        return best
    }

    /// Sends every idle worker of the done micro-grid g to help.
    mutating func sendIdleAway(_ g: Int) {
        while field.iCount[g] > 0 {
            let t = helpTarget(from: g)
            guard t >= 0 else { return }
            let w = field.popIdle(g)
            let k = app.moves[Int(w)]
            app.moves[Int(w)] = k + 1
            measures.reassignments += 1
            rng.reseed(key.child(DrawFamily.reassign.rawValue, UInt64(w), UInt64(k)).value)
            cal.schedule(.arrive(worker: w, mg: Int32(t)), at: cal.now + cs.reassign.sample(rng))
        }
    }

    /// A moved worker joins micro-grid g's idle line, or moves on if g
    /// finished while they were on the way.
    mutating func arrive(worker w: Int32, at g: Int) {
        field.workerMg[Int(w)] = Int32(g)
        // A helper can be the first person active there.
        if field.notified[g].isNaN { field.notified[g] = cal.now }
        field.pushIdle(g, w)
        if field.done[g].isNaN {
            dispatch(g)
        } else {
            sendIdleAway(g)
        }
    }
}
