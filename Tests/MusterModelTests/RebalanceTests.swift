import Testing
import MusterEngine
@testable import MusterModel

/// Rebalancing (`p2p.rebalance`): idle workers of a finished app
/// micro-grid help the one of their grid (community) with most left.
@Suite struct RebalanceTests {
    /// One city … grid chain with the given micro-grids under the grid
    /// (households each), optionally under two grids of one community.
    static func units(_ households: [[Int]]) -> [LayoutUnit] {
        var u = [LayoutUnit(id: "city", parent: "", level: .city, households: nil),
                 LayoutUnit(id: "d", parent: "city", level: .district, households: nil),
                 LayoutUnit(id: "s", parent: "d", level: .street, households: nil),
                 LayoutUnit(id: "c", parent: "s", level: .community, households: nil)]
        for (i, grid) in households.enumerated() {
            u.append(LayoutUnit(id: "g\(i)", parent: "c", level: .grid, households: nil))
            for (j, h) in grid.enumerated() {
                u.append(LayoutUnit(id: "g\(i).m\(j)", parent: "g\(i)", level: .microgrid, households: h))
            }
        }
        return u
    }

    /// Everything instant except a constant 10-minute visit; teams of a
    /// head and one member; a constant 5-minute move.
    static func handScenario(_ households: [[Int]], rebalance: Rebalance) -> Scenario {
        var s = Fixture.single(households: 0, members: 1, visit: .constant(10 * Fixture.m))
        s.layout.source = .units(units(households))
        s.p2p.rebalance = rebalance
        s.p2p.reassign = .constant(5 * Fixture.m)
        return s
    }

    /// Micro-grid B (4 households) and A (20), two workers each, visits of
    /// 10 min. Without help A takes 10 rounds: 100 min. With help B is done
    /// at 20 min and its two workers join A at 25; A's own pair starts at
    /// 20, 30, 40 …, the helpers at 25, 35, 45 …, so A's 14 households left
    /// at 20 min (two in progress) take 7 pair-starts: 25, 30, 35, 40, 45,
    /// 50, 55 — the last visits end at 65 min.
    @Test func handComputedFieldCompletion() {
        let without = Experiment.run(Self.handScenario([[4, 20]], rebalance: .none),
                                     modes: [.tiered, .p2p], replications: 0..<1, threads: 1)
        let with = Experiment.run(Self.handScenario([[4, 20]], rebalance: .grid),
                                  modes: [.tiered, .p2p], replications: 0..<1, threads: 1)
        #expect(minutes(without[.p2p]![0].fieldComplete) == 100)
        #expect(without[.p2p]![0].microgridDone.map(minutes) == [20, 100])
        #expect(minutes(with[.p2p]![0].fieldComplete) == 65)
        #expect(with[.p2p]![0].microgridDone.map(minutes) == [20, 65])
        #expect(minutes(with[.p2p]![0].orderComplete) == 65)
        #expect(with[.p2p]![0].reassignments == 2)
        #expect(without[.p2p]![0].reassignments == 0)
        // Tiered relay has no rebalancing: nobody sees who is idle.
        #expect(with[.tiered]! == without[.tiered]!)
        #expect(minutes(with[.tiered]![0].fieldComplete) == 100)
        // Nobody moves across grids with `grid`; with `community` they do.
        let apart = Experiment.run(Self.handScenario([[4], [20]], rebalance: .grid),
                                   modes: [.p2p], replications: 0..<1, threads: 1)[.p2p]![0]
        #expect(minutes(apart.fieldComplete) == 100)
        let community = Experiment.run(Self.handScenario([[4], [20]], rebalance: .community),
                                       modes: [.p2p], replications: 0..<1, threads: 1)[.p2p]![0]
        #expect(minutes(community.fieldComplete) == 65)
    }

    /// With identical workers, constant durations, nobody out and open
    /// calendars, a helper only ever adds a server to a queue of identical
    /// jobs, and nobody leaves a micro-grid before it is done: no
    /// micro-grid can finish later, so neither can the field work. Checked
    /// on random layouts, teams and moves.
    @Test func helpNeverDelaysWhenItProvablyCannot() {
        var s = Fixture.single(households: 0, visit: .constant(7 * Fixture.m), travel: .constant(2 * Fixture.m))
        s.layout.source = .fanout([.district: .fixed(1), .street: .fixed(1), .community: .fixed(3),
                                   .grid: .range(min: 1, max: 3), .microgrid: .range(min: 1, max: 6)])
        s.layout.households = .range(min: 1, max: 40)
        s.team = TeamSpec(heads: 1, members: 1, volunteers: .poisson(mean: 2), volunteerSpeed: 1)
        s.p2p.ackOnDuty = .uniform(min: 0, max: 3600)
        s.p2p.ackOffDuty = .uniform(min: 0, max: 3600)
        var moved = 0
        for rebalance in [Rebalance.grid, .community] {
            var r = s
            r.p2p.rebalance = rebalance
            r.p2p.reassign = .exponential(mean: 600)
            let a = Experiment.run(s, modes: [.p2p], replications: 0..<40, threads: 2)[.p2p]!
            let b = Experiment.run(r, modes: [.p2p], replications: 0..<40, threads: 2)[.p2p]!
            for (x, y) in zip(a, b) {
                #expect(y.fieldComplete <= x.fieldComplete, "\(rebalance) replication \(x.replication)")
                #expect(zip(x.microgridDone, y.microgridDone).allSatisfy { $1 <= $0 })
                moved += y.reassignments
            }
            // And it does help somewhere.
            #expect(zip(a, b).contains { $1.fieldComplete < $0.fieldComplete })
        }
        #expect(moved > 0)
    }

    /// Common random numbers hold: a household's attempts draw by
    /// (household, attempt), so moving workers changes no household's
    /// number of tries or its outcome — only when they happen.
    @Test func householdDrawsDoNotDependOnWhoVisits() {
        var s = Fixture.beilunLike(seed: 21)
        s.field.notHome = 0.4
        var r = s
        r.p2p.rebalance = .community
        let compiled = (CompiledScenario(s), CompiledScenario(r))
        for rep in 0..<3 {
            let layout = Experiment.layout(compiled.0, replication: rep)
            var plain = ReplicationRun(compiled: compiled.0, layout: layout, mode: .p2p, replication: rep)
            var helped = ReplicationRun(compiled: compiled.1, layout: layout, mode: .p2p, replication: rep)
            let x = plain.run(), y = helped.run()
            #expect(y.reassignments > 0)
            #expect(Array(plain.field.tries) == Array(helped.field.tries))
            #expect(x.attempts == y.attempts && x.unreached == y.unreached && x.visited == y.visited)
            #expect(x.orderComplete != y.orderComplete || x.microgridDone != y.microgridDone)
        }
    }

    /// Conservation with workers moving: every household resolved exactly
    /// once, every micro-grid done, and every worker in at most one idle
    /// line at the end (none lost in transit).
    @Test(arguments: [Rebalance.grid, .community])
    func householdsAndWorkersAreConserved(rebalance: Rebalance) {
        var s = Fixture.beilunLike(seed: 13)
        s.field.notHome = 0.3
        s.p2p.rebalance = rebalance
        s.p2p.adoption = 0.8
        let compiled = CompiledScenario(s)
        for rep in 0..<3 {
            let layout = Experiment.layout(compiled, replication: rep)
            var run = ReplicationRun(compiled: compiled, layout: layout, mode: .p2p, replication: rep)
            let r = run.run()
            #expect(r.visited + r.unreached == r.households)
            #expect(zip(run.field.resolved, layout.households).allSatisfy { $0 == $1 })
            #expect(run.field.tries.reduce(0) { $0 + Int($1) } == r.attempts)
            #expect(r.microgridDone.allSatisfy { $0.isFinite && $0 <= r.fieldComplete })
            #expect(zip(r.notified, r.microgridDone).allSatisfy { $0 <= $1 })
            let calendarEmpty = run.cal.isEmpty
            #expect(calendarEmpty)
            var seen = Set<Int32>()
            for g in 0..<layout.microgridCount {
                var w = run.field.iHead[g]
                for _ in 0..<Int(run.field.iCount[g]) {
                    defer { w = run.field.idleNext[Int(w)] }
                    #expect(seen.insert(w).inserted, "worker \(w) in two idle lines")
                    #expect(run.field.workerMg[Int(w)] == Int32(g))
                }
                #expect(w == -1, "idle line of \(g) longer than its count")
            }
            #expect(r.reassignments == Int(run.app.moves.reduce(0, +)))
            #expect(abs(r.phaseHours.reduce(0, +) - r.orderComplete) < 1e-9)
        }
    }

    /// The target: most households left in the group, lowest index on
    /// ties, never a finished one, never a team off the app.
    @Test func targetIsTheMicrogridWithMostLeft() {
        var s = Self.handScenario([[2, 10, 10, 12], [30]], rebalance: .grid)
        let compiled = CompiledScenario(s)
        let layout = Experiment.layout(compiled, replication: 0)
        let run = ReplicationRun(compiled: compiled, layout: layout, mode: .p2p, replication: 0)
        run.field.resolved.assign([2, 3, 3, 6, 0])
        #expect(run.helpTarget(from: 0) == 1)  // 7, 7, 6 left: the tie goes to the lower index
        run.field.resolved.assign([2, 3, 2, 6, 0])
        #expect(run.helpTarget(from: 0) == 2)
        run.field.resolved.assign([2, 10, 10, 12, 0])
        #expect(run.helpTarget(from: 0) == -1)  // the other grid's 30 are out of reach
        s.p2p.rebalance = .community
        let wide = ReplicationRun(compiled: CompiledScenario(s), layout: layout, mode: .p2p, replication: 0)
        wide.field.resolved.assign([2, 10, 10, 12, 0])
        #expect(wide.helpTarget(from: 0) == 4)
        // A team off the app is neither helped nor helps.
        s.p2p.adoption = 0.5
        let mixed = ReplicationRun(compiled: CompiledScenario(s), layout: layout, mode: .p2p, replication: 0)
        for g in 0..<5 where !mixed.app.usesApp[g] {
            let helps = mixed.rebalances(g)
            #expect(!helps)
        }
        for g in 0..<5 where mixed.app.usesApp[g] {
            let grp = Int(mixed.app.groupOf[g])
            let members = mixed.app.groupMembers[Int(mixed.app.groupStart[grp])..<Int(mixed.app.groupStart[grp + 1])]
            #expect(members.allSatisfy { mixed.app.usesApp[Int($0)] })
            #expect(members.contains(Int32(g)))
        }
    }
}

extension Slots {
    /// Overwrites the first `values.count` slots.
    func assign(_ values: [Element]) {
        for (i, v) in values.enumerated() { self[i] = v }
    }
}
