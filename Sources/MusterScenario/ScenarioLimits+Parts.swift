import MusterModel

/// Bounds on the parts of a layout that the memory estimate of a run
/// counts besides its households and micro-grids (`RunMemory`).
extension ScenarioLimits {
    /// The most team persons (heads, members, volunteers) the layout can
    /// hold: every micro-grid at the most volunteers its count can draw.
    public static func personBound(_ s: Scenario) -> Double {
        microgridBound(s) * (Double(s.team.heads + s.team.members) + upper(s.team.volunteers))
    }

    /// The most households field work handles at once in the decomposed
    /// engine: one micro-grid's, or with rebalancing one group's (every
    /// micro-grid under a unit of the rebalancing level). For a layout file
    /// with rebalancing, the whole layout.
    public static func largestPartBound(_ s: Scenario) -> Double {
        switch s.layout.source {
        case .fanout(let fanout):
            let perMicrogrid = upper(s.layout.households)
            guard let level = s.p2p.rebalance.level else { return perMicrogrid }
            return Level.allCases.filter { $0 > level }.reduce(perMicrogrid) { $0 * upper(fanout[$1] ?? .fixed(1)) }
        case .units(let units):
            if s.p2p.rebalance.level != nil { return householdBound(s) }
            let drawn = units.contains { $0.level == .microgrid && $0.households == nil } ? upper(s.layout.households) : 0
            return max(drawn, Double(units.compactMap(\.households).max() ?? 0))
        }
    }
}
