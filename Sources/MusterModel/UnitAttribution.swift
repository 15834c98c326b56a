/// Where one replication of one mode lost its time, unit by unit: the
/// critical path of order completion and every unit's slack
/// (docs/bottlenecks.md). Recorded only when attribution is on.
///
/// The critical path is found from the top down: the unit whose report
/// reached the top last, then among its relay children the one whose
/// report made it ready to aggregate, and so on down to a micro-grid
/// (ties go to the later unit in layout order). Every layout ancestor of
/// that micro-grid is on the path, skipped levels included, so exactly one
/// unit per level is critical.
///
/// A unit's slack is how much later its report could have come without
/// delaying the order, measured against the moment each unit above it
/// became ready to aggregate (all its reports in); a unit waiting for its
/// office to open could in fact absorb more, so slack is a lower bound in
/// office hours. A unit that reports nothing itself (a level the relay
/// skips, or a relay unit in point-to-point) has the least slack of its
/// children. Critical units have slack 0; no slack is negative.
public struct UnitAttribution: Sendable, Equatable {
    /// The replication's layout (shared storage, not copies): parent unit
    /// (−1 for the root), level, and the unit and households of each
    /// micro-grid.
    public var parent: [Int32]
    public var level: [Level]
    public var microgridUnit: [Int32]
    public var households: [Int32]
    /// Per unit (layout order), hours; NaN when the order never completed.
    public var slack: [Double]
    /// The micro-grid (index) at the foot of the critical path; −1 when
    /// there is none (no micro-grid, or the order never completed).
    public var criticalMicrogrid: Int
    /// Per micro-grid, hours of office-hours waiting on the way down to it
    /// and on its reports' way up: the two parts of its `officeWait` phase
    /// (`ReplicationResult.Phase`).
    public var officeDown: [Double]
    public var officeUp: [Double]

    public init(parent: [Int32], level: [Level], microgridUnit: [Int32], households: [Int32], slack: [Double],
                criticalMicrogrid: Int, officeDown: [Double], officeUp: [Double]) {
        self.parent = parent; self.level = level; self.microgridUnit = microgridUnit
        self.households = households; self.slack = slack; self.criticalMicrogrid = criticalMicrogrid
        self.officeDown = officeDown; self.officeUp = officeUp
    }

    public var unitCount: Int { parent.count }

    /// Per unit: whether it is on the critical path.
    public var critical: [Bool] {
        var on = [Bool](repeating: false, count: unitCount)
        guard microgridUnit.indices.contains(criticalMicrogrid) else { return on }
        var u = Int(microgridUnit[criticalMicrogrid])
        while u >= 0 { on[u] = true; u = Int(parent[u]) }
        return on
    }

    /// Micro-grid g's four phases (hours, `ReplicationResult.Phase` order)
    /// in `result`, the replication this attribution belongs to; they add
    /// up to its order completion.
    public func phases(of g: Int, in result: ReplicationResult) -> (Double, Double, Double, Double) {
        let down = officeDown[g], up = officeUp[g]
        let notified = result.notified[g], done = result.microgridDone[g]
        return (notified - down, down + up, done - notified, result.orderComplete - done - up)
    }
}
