import Testing
import MusterEngine
@testable import MusterModel

/// Partial adoption (`p2p.adoption`): teams off the app get the order by
/// relay from the unit above them, in the same replication.
@Suite struct AdoptionTests {
    /// No team on the app, one grid with two micro-grids of 3 households,
    /// a head and a member each, constant durations, offices always open:
    ///
    /// grid handle 0–30 min · calls m0 30–40, m1 40–50 · m0's head phones
    /// the member 40–45, both visit 45–55, one more 55–65: m0 done at 65 ·
    /// m1 likewise from 50: calls 50–55, done at 75 · the grid aggregates
    /// 75–95 · its report shows on the app `sync` (7 min) later: 102 min.
    @Test func handComputedRelayFromTheGrid() {
        var s = Fixture.single(households: 3, members: 1, visit: .constant(10 * Fixture.m),
                               microgrids: .fixed(2))
        s.tiered.perLevel[.grid]!.handle = .constant(30 * Fixture.m)
        s.tiered.perLevel[.grid]!.notify = .constant(10 * Fixture.m)
        s.tiered.perLevel[.grid]!.aggregate = .constant(20 * Fixture.m)
        s.tiered.teamNotify = .constant(5 * Fixture.m)
        s.p2p.teamNotify = .constant(60 * Fixture.m)  // must not be used
        s.p2p.sync = .constant(7 * Fixture.m)
        s.p2p.adoption = 0
        let r = Experiment.run(s, modes: [.p2p], replications: 0..<1, threads: 1)[.p2p]![0]
        #expect(r.notified.map(minutes) == [40, 50])
        #expect(r.microgridDone.map(minutes) == [65, 75])
        #expect(minutes(r.fieldComplete) == 75)
        #expect(minutes(r.orderComplete) == 102)
        #expect(r.appTeam == [false, false])
        // Only the grid worked as a relay: 30 + 2 × 10 + 20 minutes.
        #expect(minutes(r.busyHoursByLevel[Level.grid.rawValue]) == 70)
        #expect(r.busyHoursByLevel[Level.city.rawValue] == 0)
    }

    /// With the grid as the only relay level and no sync, "nobody on the
    /// app" is tiered relay exactly, draw for draw: the same relay jobs,
    /// the same team calls, the same households (common random numbers).
    @Test func noAdoptionUnderTheGridIsTieredRelay() {
        var s = Fixture.beilunLike(seed: 31)
        s.tiered.levels = [.grid]
        s.p2p.adoption = 0
        s.p2p.sync = .constant(0)
        let r = Experiment.run(s, modes: [.tiered, .p2p], replications: 0..<3, threads: 2)
        for (t, p) in zip(r[.tiered]!, r[.p2p]!) {
            var same = p
            same.mode = .tiered
            #expect(same == t, "replication \(t.replication)")
        }
    }

    /// Which teams adopt is drawn per micro-grid from its own key: about
    /// `adoption` of them, the same layout, and a team on the app at 0.5 is
    /// on it at 0.8 (so adoption levels compare like for like).
    @Test func adoptionIsAKeyedDrawPerMicrogrid() {
        var s = Fixture.beilunLike(seed: 41)
        s.layout.source = .fanout([.district: .fixed(2), .street: .fixed(5), .community: .fixed(5),
                                   .grid: .fixed(4), .microgrid: .fixed(5)])
        s.layout.households = .fixed(0)
        var low = s, high = s
        low.p2p.adoption = 0.5
        high.p2p.adoption = 0.8
        let a = Experiment.run(low, modes: [.tiered, .p2p], replications: 0..<2, threads: 2)
        let b = Experiment.run(high, modes: [.p2p], replications: 0..<2, threads: 2)[.p2p]!
        for (x, y) in zip(a[.p2p]!, b) {
            let m = x.appTeam.count
            #expect(m == 1000)
            #expect(zip(x.appTeam, y.appTeam).allSatisfy { !$0 || $1 })
            // Binomial(1000, p): within 5 standard deviations.
            for (share, teams) in [(0.5, x.appTeam), (0.8, y.appTeam)] {
                let n = Double(teams.filter { $0 }.count)
                let sd = (1000 * share * (1 - share)).squareRoot()
                #expect(abs(n - 1000 * share) < 5 * sd)
            }
        }
        // Tiered relay ignores adoption.
        let plain = Experiment.run(s, modes: [.tiered], replications: 0..<2, threads: 2)[.tiered]!
        #expect(a[.tiered]! == plain)
        #expect(plain.allSatisfy { $0.appTeam.allSatisfy { !$0 } })
    }

    /// App teams of a mixed run live exactly as in an all-app run (without
    /// rebalancing they share nothing with the others); only the teams
    /// off the app change, and they hear of the order later.
    @Test func appTeamsAreUntouchedByTheOthers() {
        var s = Fixture.beilunLike(seed: 51)
        s.p2p.adoption = 0.6
        var all = s
        all.p2p.adoption = 1
        let mixed = Experiment.run(s, modes: [.p2p], replications: 0..<3, threads: 2)[.p2p]!
        let full = Experiment.run(all, modes: [.p2p], replications: 0..<3, threads: 2)[.p2p]!
        for (x, y) in zip(mixed, full) {
            #expect(x.appTeam.contains(true) && x.appTeam.contains(false))
            #expect(x.attempts == y.attempts && x.unreached == y.unreached)
            var relayLater = 0, relayCount = 0
            for g in x.appTeam.indices {
                if x.appTeam[g] {
                    #expect(x.notified[g] == y.notified[g] && x.microgridDone[g] == y.microgridDone[g])
                } else {
                    relayCount += 1
                    if x.notified[g] > y.notified[g] { relayLater += 1 }
                }
            }
            #expect(relayLater == relayCount)
            #expect(x.orderComplete >= y.orderComplete)
        }
    }

    /// Conservation with teams off the app: every household once, every
    /// micro-grid done and reported, the phases adding up.
    @Test func mixedRunConservesHouseholds() {
        var s = Fixture.beilunLike(seed: 61)
        s.field.notHome = 0.35
        s.p2p.adoption = 0.5
        s.tiered.levels = [.city, .community]
        let compiled = CompiledScenario(s)
        for rep in 0..<3 {
            let layout = Experiment.layout(compiled, replication: rep)
            var run = ReplicationRun(compiled: compiled, layout: layout, mode: .p2p, replication: rep)
            let r = run.run()
            #expect(r.visited + r.unreached == r.households)
            #expect(zip(run.field.resolved, layout.households).allSatisfy { $0 == $1 })
            #expect(r.microgridDone.allSatisfy { $0.isFinite && $0 <= r.fieldComplete })
            #expect(r.orderComplete >= r.fieldComplete)
            let calendarEmpty = run.cal.isEmpty
            #expect(calendarEmpty)
            // Every relay unit heard from each of its non-app teams, once.
            for u in 0..<layout.unitCount where run.app.expectedReports[u] > 0 {
                #expect(run.relay.reported[u] == run.app.expectedReports[u])
            }
            #expect(abs(r.phaseHours.reduce(0, +) - r.orderComplete) < 1e-9)
            #expect(r.phaseHours.allSatisfy { $0 >= -1e-9 })
        }
    }
}
