import MusterEngine

/// One replication's governance tree, as flat arrays (no per-unit objects).
///
/// Units are in breadth-first order: a parent precedes its children and
/// siblings are contiguous, so "child order" is index order. Micro-grids are
/// numbered separately (`mg` indices) in the same order; that number keys
/// their random draws, so it is the same in every mode.
public struct Layout: Sendable, Equatable {
    /// Level of each unit.
    public var level: [Level] = []
    /// Parent unit, −1 for the root.
    public var parent: [Int32] = []
    /// Micro-grid index of a unit, −1 for relay units.
    public var microgridOf: [Int32] = []
    /// Unit index of each micro-grid.
    public var microgridUnit: [Int32] = []
    /// Households of each micro-grid.
    public var households: [Int32] = []
    /// Volunteers of each micro-grid.
    public var volunteers: [Int32] = []
    /// First household (global index) of each micro-grid; one extra entry
    /// holds the total.
    public var householdStart: [Int32] = [0]
    /// Unit ids, kept only when a scope needs them.
    public var ids: [String]? = nil

    public init() {}

    public var unitCount: Int { level.count }
    public var microgridCount: Int { microgridUnit.count }
    public var totalHouseholds: Int { Int(householdStart.last ?? 0) }

    /// Draws the tree for one replication from its layout stream.
    ///
    /// Draw order (part of the reproducibility contract): fan-outs level by
    /// level, parents in breadth-first order; then households per
    /// micro-grid; then volunteers per micro-grid.
    public static func draw(_ spec: LayoutSpec, team: TeamSpec, scope: [String]?, stream: RandomStream) -> Layout {
        var tree = RawTree()
        let needIds = scope != nil
        switch spec.source {
        case .fanout(let fanout):
            tree.add(level: .city, parent: -1, id: needIds ? "city" : "", households: nil)
            var frontier: [Int32] = [0]
            for lvl in Level.allCases.dropFirst() {
                var next: [Int32] = []
                let dist = fanout[lvl] ?? .fixed(1)
                for p in frontier {
                    let n = dist.sample(stream)
                    for k in 0..<max(n, 0) {
                        let id = needIds ? childId(parentId: tree.ids[Int(p)], level: lvl, ordinal: k + 1) : ""
                        next.append(tree.add(level: lvl, parent: p, id: id, households: nil))
                    }
                }
                frontier = next
            }
        case .units(let units):
            tree = RawTree(units: units)
        }
        tree.prune(scope: scope)
        var layout = Layout()
        layout.level = tree.level
        layout.parent = tree.parent
        layout.microgridOf = Array(repeating: -1, count: tree.level.count)
        for u in 0..<tree.level.count where tree.level[u] == .microgrid {
            layout.microgridOf[u] = Int32(layout.microgridUnit.count)
            layout.microgridUnit.append(Int32(u))
        }
        var start: Int32 = 0
        layout.households.reserveCapacity(layout.microgridUnit.count)
        layout.householdStart.reserveCapacity(layout.microgridUnit.count + 1)
        for u in layout.microgridUnit {
            let h = tree.households[Int(u)] ?? spec.households.sample(stream)
            layout.households.append(Int32(max(h, 0)))
            start += Int32(max(h, 0))
            layout.householdStart.append(start)
        }
        layout.volunteers = layout.microgridUnit.map { _ in Int32(max(team.volunteers.sample(stream), 0)) }
        if needIds { layout.ids = tree.ids }
        return layout
    }

    static func childId(parentId: String, level: Level, ordinal: Int) -> String {
        let prefix: String
        switch level {
        case .district: prefix = "d"
        case .street: prefix = "s"
        case .community: prefix = "c"
        case .grid: prefix = "g"
        case .microgrid: prefix = "m"
        case .city: prefix = "city"
        }
        return parentId == "city" ? "\(prefix)\(ordinal)" : "\(parentId).\(prefix)\(ordinal)"
    }
}

/// A tree under construction, before pruning and renumbering.
struct RawTree {
    var level: [Level] = []
    var parent: [Int32] = []
    var ids: [String] = []
    var households: [Int?] = []

    init() {}

    @discardableResult
    mutating func add(level l: Level, parent p: Int32, id: String, households h: Int?) -> Int32 {
        level.append(l); parent.append(p); ids.append(id); households.append(h)
        return Int32(level.count - 1)
    }

    /// Builds breadth-first order from CSV rows (already validated: one
    /// root, known parents, levels strictly increasing downwards).
    init(units: [LayoutUnit]) {
        var children: [String: [Int]] = [:]
        var root = -1
        for (i, u) in units.enumerated() {
            if u.parent.isEmpty { root = i } else { children[u.parent, default: []].append(i) }
        }
        guard root >= 0 else { return }
        var queue: [(row: Int, parent: Int32)] = [(root, -1)]
        var head = 0
        while head < queue.count {
            let (row, p) = queue[head]; head += 1
            let u = units[row]
            let idx = add(level: u.level, parent: p, id: u.id, households: u.households)
            for c in children[u.id] ?? [] { queue.append((c, idx)) }
        }
    }

    /// Drops units with no micro-grid in scope below them and renumbers
    /// breadth-first (the order is kept, so it stays breadth-first).
    mutating func prune(scope: [String]?) {
        let n = level.count
        guard n > 0 else { return }
        var inScope = [Bool](repeating: scope == nil, count: n)
        if let scope {
            let named = Set(scope)
            for u in 0..<n {
                // Parents precede children, so the parent's flag is final.
                inScope[u] = named.contains(ids[u]) || (parent[u] >= 0 && inScope[Int(parent[u])])
            }
        }
        var keep = [Bool](repeating: false, count: n)
        for u in stride(from: n - 1, through: 0, by: -1) where level[u] == .microgrid && inScope[u] {
            keep[u] = true
        }
        for u in stride(from: n - 1, through: 1, by: -1) where keep[u] {
            keep[Int(parent[u])] = true
        }
        if keep.allSatisfy({ $0 }) { return }
        var newIndex = [Int32](repeating: -1, count: n)
        var out = RawTree()
        for u in 0..<n where keep[u] {
            let p = parent[u] >= 0 ? newIndex[Int(parent[u])] : -1
            newIndex[u] = out.add(level: level[u], parent: p, id: ids[u], households: households[u])
        }
        self = out
    }
}
