import MusterModel
import MusterNumerics

/// One unit's place on the critical path in one mode, across replications.
public struct UnitBottleneck: Sendable, Equatable {
    /// Share of the mode's replications in which the unit was on the
    /// critical path, and its 95 % (Clopper–Pearson) interval.
    public var criticality: Double
    public var criticalityLow: Double
    public var criticalityHigh: Double
    /// Median and 90th percentile of the unit's slack (hours) over the
    /// replications it was in; NaN when there were none.
    public var slackP50: Double
    public var slackP90: Double
    /// Mean hours per phase (`ReplicationResult.Phase` order) of the
    /// micro-grids at or below the unit, averaged over replications.
    public var phaseHours: [Double]

    /// The phase with the most hours.
    public var mainPhase: ReplicationResult.Phase {
        let i = phaseHours.indices.max { phaseHours[$0] < phaseHours[$1] || phaseHours[$0].isNaN } ?? 0
        return ReplicationResult.Phase(rawValue: i) ?? .fieldWork
    }
}

/// A unit of the tree and its bottleneck figures per mode.
public struct BottleneckUnit: Sendable, Equatable {
    public var id: String
    /// Empty for the root.
    public var parentId: String
    public var level: Level
    /// Depth below the root (the root is 0).
    public var depth: Int
    /// Siblings it has, itself included (the most in any replication).
    public var siblings: Int
    /// Replications (of any one mode) the unit was in; a drawn layout may
    /// lack it in some.
    public var present: Int
    /// Households at or below the unit, mean over the replications it was in.
    public var households: Double
    public var modes: [Mode: UnitBottleneck]
}

/// Bottleneck attribution of a run (docs/bottlenecks.md): every
/// unit with its criticality index, slack percentiles and phase means per
/// mode, from the `UnitAttribution` of each replication.
///
/// A unit is the same unit across replications when it has the same
/// position (the ordinal of each unit on the way down from the root): for a
/// layout read from a CSV that is the CSV's unit, named by its id; for a
/// drawn layout it is named by its position (`d1.s3.c12`).
public struct BottleneckSummary: Sendable, Equatable {
    /// Depth-first, children in layout order: parents before children.
    public var units: [BottleneckUnit]
    /// Replications summarised per mode.
    public var replications: [Mode: Int]

    /// Modes summarised, in report order.
    public var modesRun: [Mode] { Mode.allCases.filter { replications[$0] != nil } }

    /// Summarises the results that carry an attribution. `unitIds` names
    /// the units of a layout read from a CSV (`Layout.unitIds`).
    public init(results: [Mode: [ReplicationResult]], unitIds: [String]? = nil) {
        var trie = PositionTrie()
        var tallies: [Mode: [UnitTally]] = [:]
        var counts: [Mode: Int] = [:]
        for mode in Mode.allCases {
            guard let runs = results[mode] else { continue }
            var tally: [UnitTally] = []
            var n = 0
            for r in runs.sorted(by: { $0.replication < $1.replication }) {
                guard let a = r.attribution else { continue }
                n += 1
                let nodes = trie.nodes(of: a)
                if tally.count < trie.count { tally += Array(repeating: UnitTally(), count: trie.count - tally.count) }
                Self.add(r, a, nodes: nodes, to: &tally)
            }
            tallies[mode] = tally
            counts[mode] = n
        }
        replications = counts
        units = []
        var mostOrdinal: [Int32: Int32] = [:]
        for k in 0..<trie.count { mostOrdinal[trie.parent[k], default: 0] = max(mostOrdinal[trie.parent[k], default: 0], trie.ordinal[k]) }
        for node in trie.depthFirst() {
            var modes: [Mode: UnitBottleneck] = [:]
            var present = 0, households = 0.0
            for (mode, tally) in tallies {
                let t = node < tally.count ? tally[node] : UnitTally()
                modes[mode] = t.bottleneck(replications: counts[mode] ?? 0)
                if t.present > present { present = t.present; households = t.households / Double(t.present) }
            }
            let id = trie.id(node, given: unitIds)
            let parent = trie.parent[node]
            units.append(BottleneckUnit(id: id, parentId: parent >= 0 ? trie.id(Int(parent), given: unitIds) : "",
                                        level: trie.level[node], depth: trie.depth(node),
                                        siblings: Int(mostOrdinal[parent] ?? 1), present: present,
                                        households: households, modes: modes))
        }
    }

    /// The `count` units most often on the critical path in `mode`, among
    /// units with siblings (a unit alone under its parent shares the
    /// parent's criticality and says nothing more); deeper units first on
    /// ties, then layout order.
    public func top(_ mode: Mode, count: Int = 10) -> [BottleneckUnit] {
        let ranked = units.enumerated().filter { $0.element.siblings > 1 && ($0.element.modes[mode]?.criticality ?? 0) > 0 }
        return ranked.sorted { a, b in
            let ca = a.element.modes[mode]!.criticality, cb = b.element.modes[mode]!.criticality
            if ca != cb { return ca > cb }
            if a.element.depth != b.element.depth { return a.element.depth > b.element.depth }
            return a.offset < b.offset
        }.prefix(count).map(\.element)
    }

    /// Adds one replication to the tallies.
    private static func add(_ r: ReplicationResult, _ a: UnitAttribution, nodes: [Int], to tally: inout [UnitTally]) {
        let n = a.unitCount
        var phaseSums = [Double](repeating: 0, count: n * 4)
        var microgrids = [Int](repeating: 0, count: n)
        var households = [Double](repeating: 0, count: n)
        for g in a.microgridUnit.indices {
            let u = Int(a.microgridUnit[g])
            let p = a.phases(of: g, in: r)
            phaseSums[4 * u] += p.0; phaseSums[4 * u + 1] += p.1
            phaseSums[4 * u + 2] += p.2; phaseSums[4 * u + 3] += p.3
            microgrids[u] += 1
            households[u] += Double(a.households[g])
        }
        // Breadth-first: children after parents, so this sums subtrees.
        for u in stride(from: n - 1, through: 1, by: -1) {
            let p = Int(a.parent[u])
            for k in 0..<4 { phaseSums[4 * p + k] += phaseSums[4 * u + k] }
            microgrids[p] += microgrids[u]
            households[p] += households[u]
        }
        let critical = a.critical
        for u in 0..<n {
            let k = nodes[u]
            tally[k].present += 1
            tally[k].households += households[u]
            if critical[u] { tally[k].critical += 1 }
            if a.slack[u].isFinite { tally[k].slack.append(a.slack[u]) }
            if microgrids[u] > 0 {
                tally[k].phaseReplications += 1
                for j in 0..<4 { tally[k].phases[j] += phaseSums[4 * u + j] / Double(microgrids[u]) }
            }
        }
    }
}

/// What one unit gathered in one mode.
private struct UnitTally {
    var present = 0
    var critical = 0
    var households = 0.0
    var slack: [Double] = []
    var phases = [Double](repeating: 0, count: 4)
    var phaseReplications = 0

    func bottleneck(replications n: Int) -> UnitBottleneck {
        let share = n > 0 ? Double(critical) / Double(n) : .nan
        let ci = n > 0 ? ProportionInterval.clopperPearson(critical, of: n) : (low: Double.nan, high: Double.nan)
        let q = Quantile.of(slack, [0.5, 0.9])
        return UnitBottleneck(criticality: share, criticalityLow: ci.low, criticalityHigh: ci.high,
                              slackP50: q[0], slackP90: q[1],
                              phaseHours: phases.map { phaseReplications > 0 ? $0 / Double(phaseReplications) : .nan })
    }
}

/// Units across replications by position: node k is the unit reached by
/// the same ordinals from the root in every replication that has it.
private struct PositionTrie {
    var parent: [Int32] = []
    var ordinal: [Int32] = []
    var level: [Level] = []
    var index: [UInt64: Int] = [:]

    var count: Int { parent.count }

    /// The node of every unit of `a` (layout order), made when new.
    mutating func nodes(of a: UnitAttribution) -> [Int] {
        let n = a.unitCount
        var node = [Int](repeating: 0, count: n)
        var children = [Int32](repeating: 0, count: n)
        for u in 0..<n {
            let p = Int(a.parent[u])
            var ord: Int32 = 1
            if p >= 0 { children[p] += 1; ord = children[p] }
            let parentNode = p >= 0 ? node[p] : -1
            let key = UInt64(bitPattern: Int64(parentNode + 1)) << 32 | UInt64(UInt32(ord))
            if let k = index[key] {
                node[u] = k
            } else {
                index[key] = count
                node[u] = count
                parent.append(Int32(parentNode)); ordinal.append(ord); level.append(a.level[u])
            }
        }
        return node
    }

    /// Nodes depth-first, children by ordinal.
    func depthFirst() -> [Int] {
        var kids = [[Int]](repeating: [], count: count)
        var roots: [Int] = []
        for k in 0..<count { if parent[k] >= 0 { kids[Int(parent[k])].append(k) } else { roots.append(k) } }
        var out: [Int] = []
        var stack = roots.sorted { ordinal[$0] > ordinal[$1] }
        while let k = stack.popLast() {
            out.append(k)
            stack += kids[k].sorted { ordinal[$0] > ordinal[$1] }
        }
        return out
    }

    func depth(_ k: Int) -> Int {
        var d = 0, p = parent[k]
        while p >= 0 { d += 1; p = parent[Int(p)] }
        return d
    }

    /// The node's id: from `ids` (a fixed layout: node k was unit k of the
    /// first replication) or from its position.
    func id(_ k: Int, given ids: [String]?) -> String {
        if let ids, ids.count == count { return ids[k] }
        let p = parent[k]
        return Layout.positionId(parentId: p >= 0 ? id(Int(p), given: nil) : nil, level: level[k], ordinal: Int(ordinal[k]))
    }
}
