import MusterEngine
import MusterModel
import Testing
@testable import MusterScenario

@Suite struct ExampleScenarioTests {
    @Test func interfaceExampleLoadsWithExpectedValues() throws {
        let s = try ScenarioLoader.load(yaml: interfaceExample, file: "scenarios/beilun.yaml")
        #expect(s.name == "beilun")
        #expect(s.start == WeekTime.parse("Tue 09:00"))
        #expect(s.start.seconds == 86_400 + 9 * 3600)
        #expect(s.seed == 20_200_601)
        #expect(s.replications == 200)
        #expect(s.scope == nil)

        #expect(s.layout.households == .range(min: 50, max: 100))
        guard case .fanout(let fanout) = s.layout.source else {
            Issue.record("expected a fan-out layout"); return
        }
        #expect(fanout == [.district: .fixed(1), .street: .fixed(10),
                           .community: .range(min: 20, max: 30), .grid: .range(min: 2, max: 3),
                           .microgrid: .range(min: 6, max: 8)])

        #expect(s.team == TeamSpec(heads: 1, members: 3, volunteers: .poisson(mean: 3), volunteerSpeed: 0.8))

        #expect(s.field.hours.text == "daily 07:00-21:00")
        #expect(s.field.travel == .lognormal(mean: 180, sd: 120))
        #expect(s.field.visit == .lognormal(mean: 360, sd: 240))
        #expect(s.field.notHome == 0.15)
        #expect(s.field.revisitAfter == 7200)
        #expect(s.field.maxAttempts == 3)

        #expect(s.tiered.levels == Level.relayLevels)
        #expect(Set(s.tiered.perLevel.keys) == Set(Level.relayLevels))
        #expect(s.tiered.perLevel[.street]?.handle == .lognormal(mean: 14_400, sd: 7200))
        #expect(s.tiered.perLevel[.district]?.handle == .lognormal(mean: 7200, sd: 3600))
        // The street override is partial: the rest comes from `default`.
        #expect(s.tiered.perLevel[.street]?.notify == .exponential(mean: 900))
        #expect(s.tiered.perLevel[.street]?.officeHours.text == "Mon-Fri 08:30-17:30")
        #expect(s.tiered.perLevel[.grid]?.aggregate == .lognormal(mean: 3600, sd: 1800))
        #expect(s.tiered.perLevel[.city]?.transmit == .constant(0))
        #expect(s.tiered.perLevel[.city]?.forward == .sequential)
        #expect(s.tiered.teamNotify == .exponential(mean: 600))

        #expect(s.p2p.dutyHours.text == "daily 08:00-20:00")
        #expect(s.p2p.ackOnDuty == .lognormal(mean: 600, sd: 600))
        #expect(s.p2p.ackOffDuty == .lognormal(mean: 7200, sd: 7200))
        #expect(s.p2p.pushFails == 0.05)
        #expect(s.p2p.teamNotify == .exponential(mean: 600))
        #expect(s.p2p.sync == .constant(0))
    }

    @Test func defaultsFillAMinimalScenario() throws {
        let s = try ScenarioLoader.load(yaml: minimalScenario, file: "some/dir/what-if.yaml")
        #expect(s.name == "what-if")
        #expect(s.start == WeekTime.parse("Mon 09:00"))
        #expect(s.seed == 1)
        #expect(s.replications == 100)
        #expect(s.layout.households == .range(min: 50, max: 100))
        #expect(s.team == TeamSpec(heads: 1, members: 3, volunteers: .fixed(0), volunteerSpeed: 1))
        #expect(s.field.travel == .lognormal(mean: 180, sd: 120))
        #expect(s.field.notHome == 0.15)
        #expect(s.tiered.levels == [.city, .district, .street, .community, .grid])
        for level in Level.relayLevels {
            #expect(s.tiered.perLevel[level]?.handle == .lognormal(mean: 7200, sd: 3600))
            #expect(s.tiered.perLevel[level]?.handlers == 1)
        }
        #expect(s.p2p.pushFails == 0.05)
    }

    @Test func everyDistributionShapeReads() throws {
        let yaml = """
        field:
          travel: {dist: uniform, min: 1m, max: 5m}
          visit: {dist: triangular, min: 1m, mode: 2m, max: 10m}
        tiered:
          default: {handle: {dist: gamma, shape: 2, scale: 30m}, notify: {dist: weibull, shape: 1.5, scale: 10m},
                    aggregate: {dist: constant, value: 1.5d}, transmit: 45s, forward: broadcast, handlers: 2}
          levels: [grid, city]
        team:
          volunteers: {min: 0, max: 4}
        layout:
          fanout: {district: {dist: fixed, value: 2}, street: {dist: uniform, min: 1, max: 3},
                   community: 1, grid: 1, microgrid: {dist: poisson, mean: 2.5}}
        """
        let s = try ScenarioLoader.load(yaml: yaml, file: "x.yaml")
        #expect(s.field.travel == .uniform(min: 60, max: 300))
        #expect(s.field.visit == .triangular(min: 60, mode: 120, max: 600))
        let grid = try #require(s.tiered.perLevel[.grid])
        #expect(grid.handle == .gamma(shape: 2, scale: 1800))
        #expect(grid.notify == .weibull(shape: 1.5, scale: 600))
        #expect(grid.aggregate == .constant(129_600))
        #expect(grid.transmit == .constant(45))
        #expect(grid.forward == .broadcast)
        #expect(grid.handlers == 2)
        #expect(s.tiered.levels == [.city, .grid])
        #expect(s.team.volunteers == .range(min: 0, max: 4))
        guard case .fanout(let f) = s.layout.source else { Issue.record("no fan-out"); return }
        #expect(f[.district] == .fixed(2))
        #expect(f[.street] == .range(min: 1, max: 3))
        #expect(f[.microgrid] == .poisson(mean: 2.5))
    }

    @Test func issueDescriptionNamesFileLineAndKey() {
        let i = ScenarioIssue(file: "scenarios/x.yaml", line: 12, key: "field.visit.dist", message: "unknown distribution 'normal'")
        #expect(i.description == "scenarios/x.yaml:12: field.visit.dist: unknown distribution 'normal'")
        let j = ScenarioIssue(file: "--set", line: nil, key: "field.x", message: "m")
        #expect(j.description == "--set: field.x: m")
    }
}
