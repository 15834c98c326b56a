import MusterEngine
import MusterModel
import Testing
@testable import MusterScenario

@Suite struct OverrideTests {
    private func load(_ overrides: [String], yaml: String = interfaceExample) throws -> Scenario {
        try ScenarioLoader.load(yaml: yaml, file: "s.yaml", overrides: overrides)
    }

    @Test func numericOverrides() throws {
        let s = try load(["layout.fanout.street=12", "field.not_home=0.2", "seed=7"])
        guard case .fanout(let f) = s.layout.source else { Issue.record("no fan-out"); return }
        #expect(f[.street] == .fixed(12))
        #expect(f[.community] == .range(min: 20, max: 30))
        #expect(s.field.notHome == 0.2)
        #expect(s.seed == 7)
    }

    @Test func mappingValueReplacesADistribution() throws {
        let s = try load(["field.visit={dist: constant, value: 5m}"])
        #expect(s.field.visit == .constant(300))
        let t = try load(["tiered.street.handle.mean=8h"])
        #expect(t.tiered.perLevel[.street]?.handle == .lognormal(mean: 28_800, sd: 7200))
    }

    @Test func listValue() throws {
        let s = try load(["tiered.levels=[grid,city]"])
        #expect(s.tiered.levels == [.city, .grid])
    }

    @Test func stringValueWithSpaces() throws {
        let s = try load(["start=Wed 14:30", "field.hours=always"])
        #expect(s.start == WeekTime.parse("Wed 14:30"))
        #expect(s.field.hours.isAlways)
    }

    @Test func missingKeysAndSectionsAreCreated() throws {
        let s = try load(["team.volunteers={dist: poisson, mean: 2}", "tiered.grid.handlers=2", "scope=[d1]"],
                         yaml: minimalScenario)
        #expect(s.team.volunteers == .poisson(mean: 2))
        #expect(s.team.members == 3)
        #expect(s.tiered.perLevel[.grid]?.handlers == 2)
        #expect(s.tiered.perLevel[.street]?.handlers == 1)
        #expect(s.scope == ["d1"])
    }

    @Test func laterOverridesWin() throws {
        let s = try load(["field.max_attempts=2", "field.max_attempts=5"])
        #expect(s.field.maxAttempts == 5)
    }

    @Test func unknownKeyViaSet() throws {
        let found = issues(minimalScenario, overrides: ["field.colour=red"])
        let i = try #require(found.first)
        #expect(found.count == 1)
        #expect(i.file == "--set")
        #expect(i.line == nil)
        #expect(i.key == "field.colour")
        #expect(i.message.contains("unknown key 'colour'"))
    }

    @Test func invalidValueViaSetNamesSetAndTheKey() throws {
        let found = issues(interfaceExample, overrides: ["field.not_home=1.5", "field.visit={dist: normal, mean: 5m}"])
        #expect(found.map(\.file) == ["--set", "--set"])
        #expect(found.map(\.key) == ["field.not_home", "field.visit.dist"])
        #expect(found.allSatisfy { $0.line == nil })
    }

    @Test(arguments: ["fieldnot_home", "=3", "field..not_home=0.2", " =1", "field.=2"])
    func malformedOverride(_ text: String) throws {
        let found = issues(minimalScenario, overrides: [text])
        let i = try #require(found.first)
        #expect(found.count == 1)
        #expect(i.file == "--set")
        #expect(i.key == text)
        #expect(i.message.contains("KEY=VALUE"))
    }

    @Test func invalidYamlValue() throws {
        let found = issues(minimalScenario, overrides: ["field.visit={dist: constant"])
        let i = try #require(found.first)
        #expect(i.file == "--set")
        #expect(i.key == "field.visit")
        #expect(i.line == nil)
    }

    @Test func pathThroughAScalarIsRefused() throws {
        let found = issues(minimalScenario + "\nfield:\n  visit: 6m", overrides: ["field.visit.mean=3m"])
        let i = try #require(found.first)
        #expect(i.file == "--set")
        #expect(i.key == "field.visit.mean")
        #expect(i.message.contains("not a mapping"))
    }

    @Test func fileIssuesComeBeforeOverrideIssues() {
        let found = issues(minimalScenario + "\nseed: -1", overrides: ["field.colour=red"])
        #expect(found.map(\.file) == ["test.yaml", "--set"])
    }
}
