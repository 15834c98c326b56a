extension Layout {
    /// The unit ids of a layout read from a CSV (`LayoutSpec.Source.units`),
    /// in layout order, after `scope`: the tree is the same in every
    /// replication, so unit k is the same unit in all of them. Nil for a
    /// drawn (fan-out) layout, whose units are named by position
    /// (`positionId`).
    public static func unitIds(_ spec: LayoutSpec, scope: [String]?) -> [String]? {
        guard case .units(let units) = spec.source else { return nil }
        var tree = RawTree(units: units)
        tree.prune(scope: scope)
        return tree.ids
    }

    /// A drawn unit's id from its position: the ordinal (1-based) of each
    /// unit on the way down from the root, e.g. `d1.s3.c12` (the ids a
    /// scope names in a fan-out layout).
    public static func positionId(parentId: String?, level: Level, ordinal: Int) -> String {
        guard let parentId else { return "city" }
        return childId(parentId: parentId, level: level, ordinal: ordinal)
    }
}

/// One unit of a fixed (CSV) layout, as simulated: its id, level and parent.
public struct FixedUnit: Sendable, Equatable {
    public var id: String
    public var level: Level
    /// Index of the parent in the same list, −1 for the root.
    public var parent: Int

    public init(id: String, level: Level, parent: Int) {
        self.id = id; self.level = level; self.parent = parent
    }
}

extension Layout {
    /// The units of a layout read from a CSV, in layout order after
    /// `scope` (micro-grid k of every replication's `Layout` is the k-th
    /// micro-grid of this list); nil for a drawn (fan-out) layout, whose
    /// tree differs from one replication to the next.
    public static func fixedUnits(_ spec: LayoutSpec, scope: [String]?) -> [FixedUnit]? {
        guard case .units(let units) = spec.source else { return nil }
        var tree = RawTree(units: units)
        tree.prune(scope: scope)
        return tree.ids.indices.map { FixedUnit(id: tree.ids[$0], level: tree.level[$0], parent: Int(tree.parent[$0])) }
    }
}
