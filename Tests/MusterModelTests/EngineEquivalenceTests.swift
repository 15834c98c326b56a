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
