import Testing
import MusterEngine
@testable import MusterModel

@Suite struct ConservationTests {
    /// Every household ends visited or unreached, exactly once, after at
    /// most max_attempts tries; every micro-grid finishes.
    @Test(arguments: [Mode.tiered, .p2p])
    func householdsAreResolvedExactlyOnce(mode: Mode) {
        var s = Fixture.beilunLike(seed: 11)
        s.field.notHome = 0.4
        s.field.maxAttempts = 3
        let compiled = CompiledScenario(s)
        for rep in 0..<3 {
            let stream = RandomStream.sequential(key: compiled.key(replication: rep).child(DrawFamily.layout.rawValue).value)
            let layout = Layout.draw(s.layout, team: s.team, scope: nil, stream: stream)
            var run = ReplicationRun(compiled: compiled, layout: layout, mode: mode, replication: rep)
            let r = run.run()
            #expect(r.visited + r.unreached == r.households)
            #expect(r.households == layout.totalHouseholds)
            #expect(run.field.tries.allSatisfy { $0 >= 1 && Int($0) <= s.field.maxAttempts })
            #expect(run.field.tries.reduce(0) { $0 + Int($1) } == r.attempts)
            #expect(run.measures.visitTimes.prefix(run.measures.visitedCount).allSatisfy { $0.isFinite && $0 >= 0 && $0 <= run.measures.lastResolved })
            // A household tried max_attempts times and never seen is unreached.
            #expect(r.unreached <= run.field.tries.filter { Int($0) == s.field.maxAttempts }.count)
            #expect(zip(run.field.resolved, layout.households).allSatisfy { $0 == $1 })
            #expect(r.microgridDone.allSatisfy { $0.isFinite && $0 <= r.fieldComplete })
            #expect(r.notified.allSatisfy { $0.isFinite })
            let calendarEmpty = run.cal.isEmpty
            #expect(calendarEmpty)
            // The phases of every micro-grid add up to the order's completion.
            #expect(abs(r.phaseHours.reduce(0, +) - r.orderComplete) < 1e-9)
            #expect(r.phaseHours.allSatisfy { $0 >= -1e-9 })
        }
    }

    /// Only micro-grids in scope are visited; the rest of the tree is dropped.
    @Test func scopeLimitsTheOrder() {
        var s = Fixture.beilunLike()
        s.layout.source = .fanout([.district: .fixed(2), .street: .fixed(2), .community: .fixed(2),
                                   .grid: .fixed(2), .microgrid: .fixed(3)])
        s.scope = ["d1.s2", "d2.s1.c1.g2.m3"]
        let stream = RandomStream.sequential(key: 3)
        let layout = Layout.draw(s.layout, team: s.team, scope: s.scope, stream: stream)
        // d1.s2 holds 2 × 2 × 3 micro-grids, plus one named micro-grid.
        #expect(layout.microgridCount == 13)
        let r = Experiment.run(s, modes: [.tiered, .p2p], replications: 0..<2, threads: 1)
        #expect(r[.tiered]![0].notified.count == 13)
        #expect(r[.tiered]![0].orderComplete > 0)
    }
}
