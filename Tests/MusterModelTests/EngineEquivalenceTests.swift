import Testing
import MusterEngine
@testable import MusterModel

/// The decomposed engine (relay, then each micro-grid alone, then reports)
/// must return exactly what the straightforward single-calendar engine does.
@Suite struct EngineEquivalenceTests {
    static func variants() -> [(String, Scenario)] {
        var out: [(String, Scenario)] = [("beilun-like", Fixture.beilunLike(seed: 5))]
        var s = Fixture.beilunLike(seed: 6)
        s.start = WeekTime.parse("Fri 16:30")!
        s.tiered.levels = [.city, .street, .grid]
        s.tiered.perLevel[.street]!.handlers = 2
        s.tiered.perLevel[.city]!.forward = .broadcast
        s.tiered.perLevel[.grid]!.transmit = .exponential(mean: 300)
        s.field.notHome = 0.4
        s.p2p.pushFails = 0.3
        s.p2p.sync = .uniform(min: 0, max: 600)
        out.append(("weekend, skipped levels, broadcast", s))
        var z = Fixture.beilunLike(seed: 7)
        z.tiered.perLevel = Fixture.relay()
        z.tiered.teamNotify = .constant(0)
        z.field.travel = .constant(120)
        z.field.visit = .constant(300)
        out.append(("ties: constant durations", z))
        var sc = Fixture.beilunLike(seed: 8)
        sc.scope = ["d1.s1.c1", "d1.s2"]
        sc.layout.households = .range(min: 0, max: 3)
        out.append(("scope, tiny micro-grids", sc))
        // Rebalancing makes a grid (community) the unit of independence;
        // adoption adds a relay down to, and reports up from, non-app teams.
        var rg = Fixture.beilunLike(seed: 9)
        rg.p2p.rebalance = .grid
        rg.field.notHome = 0.3
        out.append(("rebalance grid", rg))
        var rc = Fixture.beilunLike(seed: 10)
        rc.p2p.rebalance = .community
        rc.p2p.adoption = 0.6
        rc.p2p.reassign = .exponential(mean: 300)
        rc.p2p.sync = .uniform(min: 0, max: 600)
        rc.tiered.perLevel[.grid]!.forward = .broadcast
        rc.tiered.perLevel[.grid]!.transmit = .exponential(mean: 120)
        out.append(("rebalance community, adoption 0.6, broadcast", rc))
        var a0 = Fixture.beilunLike(seed: 11)
        a0.p2p.adoption = 0
        a0.tiered.levels = [.city, .community]
        a0.start = WeekTime.parse("Fri 16:30")!
        out.append(("adoption 0, grid skipped, weekend", a0))
        var tie = z
        tie.p2p = P2PSpec(dutyHours: .always, ackOnDuty: .constant(0), ackOffDuty: .constant(0),
                          pushFails: 0, teamNotify: .constant(0), sync: .constant(0),
                          rebalance: .grid, reassign: .constant(0), adoption: 0.7)
        out.append(("ties: rebalance and adoption, instant moves", tie))
        var tiny = sc
        tiny.p2p.rebalance = .community
        tiny.p2p.adoption = 0.5
        out.append(("scope, tiny micro-grids, rebalance, adoption", tiny))
        return out
    }

    @Test func decomposedEqualsReference() {
        for (name, s) in Self.variants() {
            let a = Experiment.run(s, modes: [.tiered, .p2p], replications: 0..<3, threads: 2, engine: .reference)
            let b = Experiment.run(s, modes: [.tiered, .p2p], replications: 0..<3, threads: 2, engine: .decomposed)
            for mode in [Mode.tiered, .p2p] {
                for (x, y) in zip(a[mode]!, b[mode]!) {
                    #expect(x == y, "\(name) \(mode) replication \(x.replication)")
                }
            }
        }
    }
}
