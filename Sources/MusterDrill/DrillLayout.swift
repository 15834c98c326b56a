import MusterModel

/// The micro-grids a drill log is checked against: the scenario's fixed
/// (CSV) layout after its scope, in layout order, with the level groups
/// each micro-grid belongs to (for per-level summaries).
public struct DrillLayout: Sendable, Equatable {
    /// Micro-grid ids in layout order: index k is micro-grid k of every
    /// simulated replication (`ReplicationResult.notified[k]`).
    public let microgridIds: [String]
    /// Ids of the layout's other units, with their level, so a log row
    /// naming a grid or a street can say so.
    public let otherUnits: [String: Level]
    /// Per relay level present above the micro-grids: for each micro-grid,
    /// the index of its ancestor at that level (0-based, in layout order),
    /// and how many units that level has.
    public let ancestors: [Level: Groups]

    /// The units of one level that micro-grids fall under.
    public struct Groups: Sendable, Equatable {
        /// For each micro-grid, the index (0-based, layout order) of its
        /// ancestor at the level.
        public var index: [Int]
        /// Units at the level.
        public var count: Int
    }

    /// Why a scenario cannot be matched with a drill log.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        /// The layout is drawn from fan-outs, so its tree changes with
        /// every replication and has no ids a log could name.
        case drawnLayout
        /// The layout (after scope) has no micro-grid.
        case noMicrogrids

        public var description: String {
            switch self {
            case .drawnLayout:
                "the scenario's layout is drawn from layout.fanout, so every replication simulates another tree; "
                    + "a drill log needs the district's own tree: give it as a layout CSV (layout.file, "
                    + "docs/how-to/import-layout-csv.md)"
            case .noMicrogrids: "the scenario's layout has no micro-grid in scope"
            }
        }
    }

    /// The layout of `scenario` (its layout CSV after `scope`).
    public init(_ scenario: Scenario) throws(Problem) {
        guard let units = Layout.fixedUnits(scenario.layout, scope: scenario.scope) else { throw .drawnLayout }
        try self.init(units: units)
    }

    /// The layout of units in layout order (parents before children).
    public init(units: [FixedUnit]) throws(Problem) {
        var ids: [String] = []
        var others: [String: Level] = [:]
        var groupOrdinal = [Int](repeating: -1, count: units.count)
        var counts: [Level: Int] = [:]
        for (u, unit) in units.enumerated() {
            if unit.level == .microgrid {
                ids.append(unit.id)
            } else {
                others[unit.id] = unit.level
                groupOrdinal[u] = counts[unit.level, default: 0]
                counts[unit.level, default: 0] += 1
            }
        }
        guard !ids.isEmpty else { throw .noMicrogrids }
        var anc: [Level: [Int]] = [:]
        for unit in units where unit.level == .microgrid {
            var p = unit.parent
            var seen: [Level: Int] = [:]
            while p >= 0 {
                seen[units[p].level] = groupOrdinal[p]
                p = units[p].parent
            }
            for level in counts.keys { anc[level, default: []].append(seen[level] ?? -1) }
        }
        microgridIds = ids
        otherUnits = others
        var a: [Level: Groups] = [:]
        // A level skipped above some micro-grids gives them no group (-1);
        // such a level is left out of the breakdowns.
        for (level, index) in anc where !index.contains(-1) { a[level] = Groups(index: index, count: counts[level]!) }
        ancestors = a
    }

    public var microgridCount: Int { microgridIds.count }
}
