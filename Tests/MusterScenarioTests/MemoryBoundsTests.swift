import Testing
import MusterModel
@testable import MusterScenario

/// The layout bounds the memory estimate of a run counts, by hand.
@Suite struct MemoryBoundsTests {
    static let yaml = """
    layout:
      fanout: {district: 2, street: {min: 2, max: 3}, community: 4, grid: {min: 3, max: 4}, microgrid: {min: 3, max: 5}}
      households: {min: 50, max: 80}
    team: {heads: 1, members: 3, volunteers: 2}
    """

    @Test func largestPartIsOneMicrogridOrOneGroup() throws {
        let s = try ScenarioLoader.load(yaml: Self.yaml, file: "m.yaml")
        #expect(ScenarioLimits.largestPartBound(s) == 80)
        let grid = try ScenarioLoader.load(yaml: Self.yaml, file: "m.yaml", overrides: ["p2p.rebalance=grid"])
        #expect(ScenarioLimits.largestPartBound(grid) == 5 * 80)
        let community = try ScenarioLoader.load(yaml: Self.yaml, file: "m.yaml", overrides: ["p2p.rebalance=community"])
        #expect(ScenarioLimits.largestPartBound(community) == 4 * 5 * 80)
    }

    @Test func personsAreEveryTeamAtItsLargest() throws {
        let s = try ScenarioLoader.load(yaml: Self.yaml, file: "m.yaml")
        #expect(ScenarioLimits.microgridBound(s) == 2 * 3 * 4 * 4 * 5)
        #expect(ScenarioLimits.personBound(s) == 2 * 3 * 4 * 4 * 5 * (1 + 3 + 2))
    }

    /// A layout file: its largest micro-grid, or with rebalancing all of it.
    @Test func layoutFileParts() throws {
        var s = try ScenarioLoader.load(yaml: Self.yaml, file: "m.yaml")
        s.layout.source = .units([LayoutUnit(id: "c", parent: "", level: .city, households: nil),
                                  LayoutUnit(id: "m1", parent: "c", level: .microgrid, households: 700),
                                  LayoutUnit(id: "m2", parent: "c", level: .microgrid, households: 30)])
        #expect(ScenarioLimits.largestPartBound(s) == 700)
        s.p2p.rebalance = .grid
        #expect(ScenarioLimits.largestPartBound(s) == 730)
    }
}
