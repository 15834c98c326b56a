import Foundation
import MusterScenario
import Testing
@testable import MusterServe

/// The planner's form: the decisions first, the rest folded away, each
/// relay level's own values, limits at their field, only runnable scenarios.
@Suite(.serialized) struct FormTests {
    @Test func theDecisionsComeFirstAndTheRestIsFolded() async throws {
        let h = try await ServerHarness()
        let page = try await h.get("/").text
        let decisions = try #require(page.range(of: "id=\"section-essentials\""))
        let advanced = try #require(page.range(of: "<details id=\"advanced\">"))
        #expect(decisions.upperBound < advanced.lowerBound)
        for path in ScenarioForm.essentials {
            let id = "id=\"f-" + path.replacingOccurrences(of: ".", with: "-") + "\""
            let at = try #require(page.range(of: id), "no field for \(path)")
            #expect(at.lowerBound > decisions.upperBound && at.upperBound < advanced.lowerBound, "\(path) is not a decision")
        }
        // Every control names its help and its message.
        #expect(page.contains("aria-describedby=\"doc-f-team-volunteers msg-f-team-volunteers\""))
        #expect(page.contains("id=\"doc-f-team-volunteers\""))
        #expect(page.contains("data-kind=\"count\"") && page.contains("data-kind=\"distribution\""))
        // Run and the navigation come before the results.
        #expect(page.range(of: "class=\"run-bar\"")!.lowerBound < page.range(of: "id=\"results-section\"")!.lowerBound)
        await h.stop()
    }

    @Test func eachRelayLevelKeepsItsOwnValues() async throws {
        let h = try await ServerHarness()
        let yaml = try ServerHarness.shipped("beilun.yaml")
        let answer = try await h.post("/api/validate", json: ["yaml": yaml, "source": "beilun.yaml"]).json()
        let values = answer["values"] as? [String: String] ?? [:]
        // beilun.yaml: a street command room of two, a district that broadcasts.
        #expect(values["tiered.street.handlers"] == "2" && values["tiered.city.handlers"] == "1")
        #expect(values["tiered.district.forward"] == "broadcast" && values["tiered.street.forward"] == "sequential")
        // A level's change stays that level's.
        let changed = try await h.post("/api/validate", json: ["yaml": yaml, "source": "beilun.yaml",
                                                               "changes": ["tiered.community.handlers": "3"]]).json()
        let after = changed["values"] as? [String: String] ?? [:]
        #expect(changed["ok"] as? Bool == true)
        // The form reports the scenario as loaded; its own values are the file's.
        #expect(after["tiered.street.handlers"] == "2")
        let loaded = try ScenarioLoader.load(yaml: yaml, file: "beilun.yaml", overrides: ["tiered.community.handlers=3"])
        #expect(loaded.tiered.perLevel[.community]?.handlers == 3 && loaded.tiered.perLevel[.street]?.handlers == 2)
        await h.stop()
    }

    @Test func aWholeTreeLimitIsShownAtTheFieldWithTheRealCeiling() async throws {
        let h = try await ServerHarness()
        let yaml = try ServerHarness.shipped("beilun.yaml")
        let answer = try await h.post("/api/validate", json: ["yaml": yaml, "source": "beilun.yaml",
                                                              "changes": ["layout.households": "1000000"]]).json()
        let problems = answer["problems"] as? [[String: Any]] ?? []
        #expect(problems.count == 1)
        #expect(problems.first?["field"] as? String == "layout.households")
        let text = problems.first?["text"] as? String ?? ""
        // Beilun's tree: 1 × 11 × 26 × 3 × 8 = 6,864 micro-grids at most; 50,000,000 households in all.
        #expect(text.contains("\nThis layout has up to 6864 micro-grids, so households per micro-grid can be at most 7284."),
                "\(text)")
        await h.stop()
    }

    @Test func onlyScenariosTheWorkbenchRunsAreOffered() async throws {
        let h = try await ServerHarness()
        let offered = try await h.get("/api/scenarios").json()["scenarios"] as? [String] ?? []
        #expect(offered.contains("beilun.yaml") && offered.contains("lingfeng.yaml"))
        #expect(!offered.contains("typhoon.yaml") && !offered.contains("erlang-c.yaml"))
        let page = try await h.get("/").text
        #expect(!page.contains("typhoon.yaml"))
        await h.stop()
    }
}
