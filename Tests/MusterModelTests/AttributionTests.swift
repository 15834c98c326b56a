import Testing
import MusterEngine
@testable import MusterModel
import MusterStats

/// Bottleneck attribution: critical paths and slacks computed by hand, and
/// the laws every attribution obeys.
@Suite struct AttributionTests {
    /// city › d › s › k › grids g1 (m11: 1 household, m12: 2) and g2 (m21:
    /// 12); the relay lists city and grid only.
    static func handTree() throws -> Scenario {
        let units = [
            LayoutUnit(id: "city", parent: "", level: .city, households: nil),
            LayoutUnit(id: "d", parent: "city", level: .district, households: nil),
            LayoutUnit(id: "s", parent: "d", level: .street, households: nil),
            LayoutUnit(id: "k", parent: "s", level: .community, households: nil),
            LayoutUnit(id: "g1", parent: "k", level: .grid, households: nil),
            LayoutUnit(id: "g2", parent: "k", level: .grid, households: nil),
            LayoutUnit(id: "m11", parent: "g1", level: .microgrid, households: 1),
            LayoutUnit(id: "m12", parent: "g1", level: .microgrid, households: 2),
            LayoutUnit(id: "m21", parent: "g2", level: .microgrid, households: 12),
        ]
        var s = Fixture.single(households: 1, visit: .constant(20 * 60), travel: .constant(10 * 60))
        s.layout = LayoutSpec(source: .units(units), households: .fixed(1))
        s.start = WeekTime.parse("Fri 16:00")!
        s.field.hours = try WeeklyCalendar.parse("daily 07:00-21:00")
        s.tiered.levels = [.city, .grid]
        s.tiered.perLevel = Fixture.relay(hours: try WeeklyCalendar.parse("Mon-Fri 08:30-17:30"),
                                          handle: .constant(2 * 3600), notify: .constant(30 * 60),
                                          aggregate: .constant(3600))
        s.p2p.sync = .constant(30 * 60)
        return s
    }

    /// Units of the hand tree in layout (breadth-first) order.
    static let handIds = ["city", "d", "s", "k", "g1", "g2", "m11", "m12", "m21"]

    /// Tiered, issued Fri 16:00, offices Mon–Fri 08:30–17:30, 30 min per
    /// household: city handle to 18:00 · notices wait for Mon 08:30 (g1
    /// receives 65.0 h, g2 65.5 h) · grid handles 2 h, calls 30 min: m11
    /// notified 67.5, m12 68.0, m21 68.0 · done 68.0, 69.0, 74.0 (Mon
    /// 18:00) · g1 aggregates 69–70 · g2's aggregate is ready at 18:00,
    /// after closing: Tue 08:30–09:30 (89.5) · city aggregates 89.5–90.5.
    /// Critical: city › d › s › k › g2 › m21. Slack against readiness:
    /// g1 89.5 − 70 = 19.5, m11 69 − 68 + 19.5 = 20.5, m12 19.5.
    @Test(arguments: EngineKind.allCases)
    func tieredByHand(engine: EngineKind) throws {
        let s = try Self.handTree()
        let c = CompiledScenario(s)
        let r = Experiment.replicate(c, replication: 0, mode: .tiered, engine: engine, attribution: true)
        #expect(r.orderComplete == 90.5)
        #expect(r.microgridDone == [68.0, 69.0, 74.0])
        let a = try #require(r.attribution)
        #expect(a.criticalMicrogrid == 2)
        #expect(a.critical == [true, true, true, true, false, true, false, false, true])
        #expect(a.slack.map(minutes) == [0, 0, 0, 0, 19.5, 0, 20.5, 19.5, 0].map { $0 * 60 })
        // The notices wait 62.5 h over the weekend on every path; g2's
        // aggregate waits 14.5 h (Mon 18:00 to Tue 08:30).
        #expect(a.officeDown.map(minutes) == [62.5, 62.5, 62.5].map { $0 * 60 })
        #expect(a.officeUp.map(minutes) == [0, 0, 14.5].map { $0 * 60 })
        let p = a.phases(of: 2, in: r)
        #expect([p.0, p.1, p.2, p.3].map(minutes) == [5.5, 77, 6, 2].map { $0 * 60 })
    }

    /// Point-to-point on the same tree: pushed at Fri 16:00, on duty, the
    /// head starts at once. m11 done 0.5 h, m12 1.0 h; m21's 11th household
    /// would start at 21:00, when field hours close: Sat 07:00 (15 h), done
    /// 16 h. Sync 30 min: shown at 1.0, 1.5, 16.5. Slack 15.5, 15 and 0;
    /// g1 takes the least of its micro-grids.
    @Test(arguments: EngineKind.allCases)
    func p2pByHand(engine: EngineKind) throws {
        let s = try Self.handTree()
        let r = Experiment.replicate(CompiledScenario(s), replication: 0, mode: .p2p, engine: engine, attribution: true)
        #expect(r.orderComplete == 16.5)
        let a = try #require(r.attribution)
        #expect(a.criticalMicrogrid == 2)
        #expect(a.critical == [true, true, true, true, false, true, false, false, true])
        #expect(a.slack.map(minutes) == [0, 0, 0, 0, 15, 0, 15.5, 15, 0].map { $0 * 60 })
        #expect(a.officeDown == [0, 0, 0] && a.officeUp == [0, 0, 0])
    }

    /// Attribution adds a field and changes nothing else.
    @Test func attributionLeavesResultsAlone() {
        let s = Fixture.beilunLike()
        let c = CompiledScenario(s)
        for mode in Mode.allCases {
            var on = Experiment.replicate(c, replication: 1, mode: mode, attribution: true)
            #expect(on.attribution != nil)
            on.attribution = nil
            #expect(on == Experiment.replicate(c, replication: 1, mode: mode))
        }
    }

    /// In every replication and mode (all teams on the app, and half of
    /// them): exactly one unit per level is critical, and no slack is
    /// negative; critical units have slack 0.
    @Test(arguments: [1.0, 0.5])
    func oneCriticalUnitPerLevelAndNoNegativeSlack(adoption: Double) {
        var s = Fixture.beilunLike(seed: 11)
        s.p2p.adoption = adoption
        s.p2p.sync = .exponential(mean: 600)
        let results = Experiment.run(s, modes: Mode.allCases, replications: 0..<12, threads: 2, attribution: true)
        for (mode, runs) in results {
            for r in runs {
                let a = r.attribution!
                let critical = a.critical
                for level in Level.allCases {
                    let count = (0..<a.unitCount).filter { a.level[$0] == level && critical[$0] }.count
                    #expect(count == 1, "\(mode) replication \(r.replication): \(count) critical \(level) units")
                }
                #expect(a.slack.allSatisfy { $0 >= 0 }, "\(mode) replication \(r.replication): negative slack")
                #expect((0..<a.unitCount).allSatisfy { !critical[$0] || a.slack[$0] == 0 })
            }
        }
        // Summed over a level's units, criticality indices are 1.
        let summary = BottleneckSummary(results: results)
        for mode in Mode.allCases {
            for level in Level.allCases {
                let total = summary.units.filter { $0.level == level }.reduce(0) { $0 + $1.modes[mode]!.criticality }
                #expect(abs(total - 1) < 1e-12, "\(mode) \(level): \(total)")
            }
        }
    }

    /// The root's phase means are the run's phase means.
    @Test func rootPhasesAreTheRunPhases() {
        let s = Fixture.beilunLike(seed: 5)
        let results = Experiment.run(s, modes: Mode.allCases, replications: 0..<6, threads: 2, attribution: true)
        let summary = BottleneckSummary(results: results)
        let run = RunSummary(scenario: "t", seed: 5, version: "0", results: results)
        for mode in Mode.allCases {
            let root = summary.units[0].modes[mode]!
            for (a, b) in zip(root.phaseHours, run.modes[mode]!.phaseHours) { #expect(abs(a - b) < 1e-9) }
        }
    }

    /// One community with twice the households of each of its siblings (a
    /// one-person team, so field work dominates): on the critical path in
    /// at least 95 % of replications, in both modes. Offices are open round
    /// the clock here: with office hours, reports that all arrive after
    /// closing wait for the same morning and the community's extra hours
    /// are absorbed (docs/bottlenecks.md).
    @Test func doubledCommunityIsTheBottleneck() {
        var units = [LayoutUnit(id: "city", parent: "", level: .city, households: nil),
                     LayoutUnit(id: "d", parent: "city", level: .district, households: nil),
                     LayoutUnit(id: "s", parent: "d", level: .street, households: nil)]
        for k in 1...4 {
            units.append(LayoutUnit(id: "c\(k)", parent: "s", level: .community, households: nil))
            for g in 1...2 {
                units.append(LayoutUnit(id: "c\(k)g\(g)", parent: "c\(k)", level: .grid, households: nil))
                for m in 1...2 {
                    units.append(LayoutUnit(id: "c\(k)g\(g)m\(m)", parent: "c\(k)g\(g)", level: .microgrid,
                                            households: k == 3 ? 60 : 30))
                }
            }
        }
        var s = Fixture.beilunLike(seed: 3)
        s.layout = LayoutSpec(source: .units(units), households: .fixed(1))
        s.team = TeamSpec(heads: 1, members: 0, volunteers: .fixed(0), volunteerSpeed: 1)
        for level in Level.relayLevels { s.tiered.perLevel[level]!.officeHours = .always }
        let results = Experiment.run(s, modes: Mode.allCases, replications: 0..<100, threads: 2, attribution: true)
        let summary = BottleneckSummary(results: results, unitIds: Layout.unitIds(s.layout, scope: nil))
        let c3 = summary.units.first { $0.id == "c3" }!
        #expect(c3.households == 240)
        for mode in Mode.allCases {
            #expect(c3.modes[mode]!.criticality >= 0.95, "\(mode): \(c3.modes[mode]!.criticality)")
            #expect(summary.top(mode, count: 1).first?.id.hasPrefix("c3") == true)
        }
    }

    /// Drawn layouts: units are named by position, and the same position is
    /// the same unit in every replication.
    @Test func drawnUnitsAreNamedByPosition() {
        let s = Fixture.beilunLike(seed: 9)
        let results = Experiment.run(s, modes: [.tiered], replications: 0..<4, threads: 1, attribution: true)
        let summary = BottleneckSummary(results: results)
        #expect(summary.units[0].id == "city")
        #expect(summary.units[1].id == "d1" && summary.units[1].parentId == "city")
        #expect(summary.units.contains { $0.id == "d1.s2.c1.g1.m1" && $0.level == .microgrid && $0.present == 4 })
        // Depth-first: every parent comes before its children.
        var seen: Set<String> = [""]
        for u in summary.units { #expect(seen.contains(u.parentId)); seen.insert(u.id) }
    }
}
