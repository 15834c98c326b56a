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
