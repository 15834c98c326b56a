import Foundation
import Testing
@testable import MusterScenario

/// `muster validate` tells sweep files from scenarios by their top-level keys.
@Suite struct InputFileKindTests {
    @Test func sweepFilesAreRecognisedByTheirRequiredKeys() {
        #expect(InputFileKind.of(yaml: "scenario: ../beilun.yaml\naxes:\n  team.volunteers: [0, 2]\n") == .sweep)
        // Either required key is enough: a sweep file missing the other is
        // still a sweep file, whose reader then says what is missing.
        #expect(InputFileKind.of(yaml: "axes:\n  team.volunteers: [0, 2]\n") == .sweep)
        #expect(InputFileKind.of(yaml: "scenario: ../beilun.yaml\nreplications: 5\n") == .sweep)
        #expect(InputFileKind.of(yaml: "name: s\nseed: 3\nscenario: x.yaml\nmeasures: [unreached]\n") == .sweep)
    }

    @Test func scenariosStayScenarios() {
        #expect(InputFileKind.of(yaml: "layout:\n  fanout: {district: 1, street: 1, community: 1, grid: 1, microgrid: 3}\n") == .scenario)
        #expect(InputFileKind.of(yaml: "name: x\nseed: 1\nreplications: 4\n") == .scenario)
        // A scenario with a stray `axes:` is a scenario: its reader names the unknown key.
        #expect(InputFileKind.of(yaml: "layout: {fanout: {district: 1}}\naxes: {}\n") == .scenario)
        // Not a mapping, empty, or broken: the scenario reader explains.
        for text in ["", "- a\n- b\n", "axes: [", "just text"] {
            #expect(InputFileKind.of(yaml: text) == .scenario, "\(text)")
        }
    }

    /// The sweep markers are sweep-file keys and never scenario keys, and
    /// the scenario-only keys are never sweep-file keys, by the two schemas.
    @Test func markersFollowBothKeyTables() throws {
        let scenarioTop = Set(ScenarioSchema.children(of: ""))
        let sweepSchema = try JSONSerialization.jsonObject(with: Data(ScenarioJSONSchema.sweep.serialized().utf8)) as? [String: Any]
        let sweepTop = Set(try #require(sweepSchema?["properties"] as? [String: Any]).keys)
        #expect(InputFileKind.sweepMarkers.isSubset(of: sweepTop))
        #expect(InputFileKind.sweepMarkers.isDisjoint(with: scenarioTop))
        #expect(InputFileKind.scenarioOnlyKeys.isDisjoint(with: sweepTop))
        #expect(InputFileKind.scenarioOnlyKeys.contains("layout"))
    }
}
