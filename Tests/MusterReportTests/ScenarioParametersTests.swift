import Foundation
import Testing
import MusterEngine
import MusterModel
import MusterScenario
import MusterStats

@Suite struct ScenarioParametersTests {
    static func value(_ p: ScenarioParameters, _ key: String) -> String? { p.entries.first { $0.key == key }?.value }

    @Test func valuesAreWrittenAsAScenarioFileWritesThem() throws {
        let p = ScenarioParameters(scenario: try Fixture.scenario(), scenarioFile: "f.yaml", overrides: [], modes: [.tiered, .p2p])
        #expect(p.entries.prefix(3).map(\.key) == ["start", "seed", "replications"])
        #expect(Self.value(p, "start") == "Tue 09:00")
        #expect(Self.value(p, "layout.fanout.community") == "{min: 2, max: 4}")
        #expect(Self.value(p, "layout.fanout.microgrid") == "{dist: poisson, mean: 3}")
        #expect(Self.value(p, "field.travel") == "{dist: lognormal, mean: 3m, sd: 2m}")
        #expect(Self.value(p, "field.revisit_after") == "2h")
        #expect(Self.value(p, "field.not_home") == "0.15")
        #expect(Self.value(p, "team.volunteer_speed") == "0.8")
        #expect(Self.value(p, "tiered.levels") == "[city, street, grid]")
        #expect(Self.value(p, "tiered.city") == "{handlers: 1, office_hours: Mon-Fri 08:30-17:30, forward: sequential, "
                + "handle: {dist: lognormal, mean: 2h, sd: 1h}, notify: {dist: exponential, mean: 15m}, "
                + "aggregate: {dist: lognormal, mean: 1h, sd: 30m}}")
        #expect(Self.value(p, "tiered.district") == nil)
        #expect(Self.value(p, "p2p.sync") == "0s")
        // 1 × 2 × 3 × 2 × 3 micro-grids of 75 households on average.
        #expect(p.expectedMicrogrids == 36 && p.expectedHouseholds == 2700)
        #expect(p.json.keys == ["scenario", "scenario_file", "overrides", "modes", "parameters",
                                "expected_microgrids", "expected_households", "resolved_scenario"])
        // The what-if keys are there too (they were once left out).
        #expect(Self.value(p, "p2p.rebalance") == "none")
        #expect(Self.value(p, "p2p.reassign") == "{dist: lognormal, mean: 15m, sd: 10m}")
        #expect(Self.value(p, "p2p.adoption") == "1")
    }

    /// Every value, given back to the loader with `--set KEY=VALUE`, yields
    /// the very scenario it was read from: the text is valid and exact.
    @Test func everyValueReadsBackAsTheSameScenario() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scenarios/beilun.yaml").path
        let original = try ScenarioLoader.load(path: path)
        let p = ScenarioParameters(scenario: original, scenarioFile: path, overrides: [], modes: [.tiered, .p2p])
        let overrides = p.entries.map { "\($0.key)=\($0.value)" }
        #expect(overrides.count > 25)
        let reread = try ScenarioLoader.load(path: path, overrides: overrides)
        #expect(reread == original)
        // And a changed value shows: the check can fail.
        let changed = try ScenarioLoader.load(path: path, overrides: overrides + ["field.not_home=0.2"])
        #expect(changed != original)
    }
}
