import Foundation
import MusterEngine
import MusterModel
import Testing
@testable import MusterScenario

/// `p2p.rebalance`, `p2p.reassign` and `p2p.adoption`: read, defaulted,
/// overridden and refused like every other key.
@Suite struct WhatIfKeyTests {
    private let layout = """
        layout:
          fanout: {district: 1, street: 2, community: 2, grid: 2, microgrid: 2}

        """

    @Test func defaultsLeaveEverythingAsBefore() throws {
        let s = try ScenarioLoader.load(yaml: layout, file: "x.yaml")
        #expect(s.p2p.rebalance == .none)
        #expect(s.p2p.adoption == 1)
        #expect(s.p2p.reassign == .lognormal(mean: 900, sd: 600))
    }

    @Test func keysRead() throws {
        let s = try ScenarioLoader.load(yaml: layout + """
            p2p:
              rebalance: community
              reassign: 10m
              adoption: 0.7
            """, file: "x.yaml")
        #expect(s.p2p.rebalance == .community)
        #expect(s.p2p.reassign == .constant(600))
        #expect(s.p2p.adoption == 0.7)
    }

    @Test func overridesWork() throws {
        let s = try ScenarioLoader.load(yaml: layout, file: "x.yaml",
                                        overrides: ["p2p.rebalance=grid", "p2p.adoption=0", "p2p.reassign={dist: exponential, mean: 5m}"])
        #expect(s.p2p.rebalance == .grid)
        #expect(s.p2p.adoption == 0)
        #expect(s.p2p.reassign == .exponential(mean: 300))
    }

    /// Probabilities read through `FractionText`: `20%` is `0.2`, bit for
    /// bit, so existing files run as before; a bare 20 asks for 20%.
    @Test func probabilitiesTakePercentagesWithTheSameBits() throws {
        let plain = try ScenarioLoader.load(yaml: layout + "p2p: {push_fails: 0.2, adoption: 0.7}\nfield: {not_home: 0.15}\n", file: "x.yaml")
        let pct = try ScenarioLoader.load(yaml: layout + "p2p: {push_fails: 20%, adoption: 70%}\nfield: {not_home: 15%}\n", file: "x.yaml")
        #expect(pct.p2p.pushFails.bitPattern == (0.2).bitPattern && plain.p2p.pushFails.bitPattern == (0.2).bitPattern)
        #expect(pct.p2p.adoption.bitPattern == (0.7).bitPattern && pct.field.notHome.bitPattern == (0.15).bitPattern)
        let set = try ScenarioLoader.load(yaml: layout, file: "x.yaml", overrides: ["p2p.push_fails=20%"])
        #expect(set.p2p.pushFails.bitPattern == (0.2).bitPattern)
        let bare = issues(layout + "p2p: {push_fails: 20}\n", file: "w.yaml")
        #expect(bare.count == 1 && bare[0].key == "p2p.push_fails")
        #expect(bare[0].message.contains("did you mean 20%?"), "\(bare)")
        #expect(issues(layout + "field: {not_home: 100%}\n").first?.message.contains("0 ≤ p < 1") == true)
        #expect(issues(layout + "p2p: {push_fails: lots%}\n").first?.key == "p2p.push_fails")
    }

    @Test func badValuesNameFileLineKeyAndWhatIsAllowed() throws {
        let found = issues(layout + """
            p2p:
              rebalance: street
              adoption: 1.5
              reassign: 10
            """, file: "w.yaml")
        #expect(found.map(\.key) == ["p2p.rebalance", "p2p.adoption", "p2p.reassign"])
        #expect(found.map(\.line) == [4, 5, 6])
        #expect(found[0].description == "w.yaml:4: p2p.rebalance: unknown value 'street'; allowed: none, grid, community")
        #expect(found[1].message.contains("0 ≤ p ≤ 1"))
        #expect(found[2].message.contains("a duration needs a unit"))
        let set = issues(layout, overrides: ["p2p.adoption=-0.1"])
        #expect(set.map(\.description) == ["--set: p2p.adoption: must be a probability with 0 ≤ p ≤ 1, found '-0.1'"])
        let unknown = issues(layout + "p2p:\n  rebalanse: grid")
        #expect(unknown.first?.message.contains("allowed: duty_hours, ack, push_fails, team_notify, sync, rebalance, reassign, adoption") == true)
    }

    /// The shipped scenarios carry the keys with their defaults, and the
    /// basic-grid scenario is what its comments say.
    @Test func shippedScenarios() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let now = try ScenarioLoader.load(path: root.appendingPathComponent("scenarios/beilun.yaml").path)
        let before = try ScenarioLoader.load(path: root.appendingPathComponent("scenarios/beilun-2019.yaml").path)
        #expect(now.p2p.rebalance == .none && now.p2p.adoption == 1)
        #expect(before.name == "beilun-2019")
        #expect(before.seed == now.seed && before.start == now.start)
        guard case .fanout(let a) = before.layout.source, case .fanout(let b) = now.layout.source else {
            Issue.record("fan-outs expected"); return
        }
        // Same tree down to the grids; one team per grid of ≈ 7 micro-grids' households.
        for level in [Level.district, .street, .community, .grid] { #expect(a[level] == b[level]) }
        #expect(a[.microgrid] == .fixed(1))
        #expect(before.layout.households.mean == b[.microgrid]!.mean * now.layout.households.mean)
        #expect(before.team.volunteers == .fixed(0) && before.team.heads == 1 && before.team.members == 3)
        #expect(before.tiered.levels == [.city, .district, .street, .community])
        // Everything else is beilun.yaml's.
        #expect(before.field == now.field && before.p2p == now.p2p)
        #expect(before.tiered.perLevel == now.tiered.perLevel && before.tiered.teamNotify == now.tiered.teamNotify)
    }
}
