import Foundation
import MusterModel
import MusterScenario
import MusterStats
import Testing
@testable import MusterServe

/// Every route of `muster serve`, over real HTTP on a loopback port.
@Suite(.serialized) struct RouteTests {
    static let visitor = "0123456789abcdef0123456789abcdef"
    static let other = "fedcba9876543210fedcba9876543210"

    @Test func pageHasAFieldPerFormKeyAndSetsAVisitorCookie() async throws {
        let h = try await ServerHarness()
        let page = try await h.get("/")
        #expect(page.status == 200)
        for path in ScenarioForm.paths {
            let id = "f-" + path.replacingOccurrences(of: ".", with: "-")
            #expect(page.text.contains("id=\"\(id)\""), "no field for \(path)")
        }
        // Units and ranges come from the key table.
        #expect(page.text.contains("(people)"))
        #expect(page.text.contains("Allowed: 0 to 1 (exclusive)."))
        #expect((page.headers["set-cookie"] ?? "").contains(Visitors.cookie + "="))
        let js = try await h.get("/static/workbench.js")
        #expect(js.status == 200 && js.text.contains("EventSource"))
        let css = try await h.get("/static/workbench.css")
        #expect(css.status == 200 && css.text.contains("overflow-x: auto"))
        await h.stop()
    }

    @Test func shippedScenariosAreListedAndServedAsTheyAre() async throws {
        let h = try await ServerHarness()
        let list = try await h.get("/api/scenarios").json()
        #expect((list["scenarios"] as? [String])?.contains("beilun.yaml") == true)
        let one = try await h.get("/api/scenarios/beilun.yaml").json()
        #expect(one["yaml"] as? String == (try ServerHarness.shipped("beilun.yaml")))
        await h.stop()
    }

    @Test func pathTraversalIsRefused() async throws {
        let h = try await ServerHarness()
        for path in ["/api/scenarios/..%2FPackage.swift", "/api/scenarios/.hidden.yaml", "/api/scenarios/%2Fetc%2Fpasswd",
                     "/api/scenarios/Package.swift"] {
            let r = try await h.get(path)
            #expect(r.status == 400 || r.status == 404, "\(path) answered \(r.status)")
            #expect(!r.text.contains("PackageDescription") && !r.text.contains("root:"))
        }
        // A pasted scenario may not name a file anywhere.
        let yaml = "name: x\nlayout:\n  file: ../Package.swift\n"
        let answer = try await h.post("/api/validate", json: ["yaml": yaml]).json()
        #expect(answer["ok"] as? Bool == false)
        let problems = answer["problems"] as? [[String: Any]] ?? []
        #expect(problems.contains { ($0["text"] as? String ?? "").contains("refused") })
        // Nor may an override point a shipped one outside the folder.
        let shipped = try ServerHarness.shipped("lingfeng.yaml")
        let moved = try await h.post("/api/validate", json: ["yaml": shipped, "source": "lingfeng.yaml",
                                                             "overrides": ["layout.file=../../etc/passwd"]]).json()
        #expect(moved["ok"] as? Bool == false)
        // A job's files are its folder's only, and only its visitor's.
        let r = try await h.get("/jobs/\(Self.visitor)/..%2F..%2FPackage.swift", visitor: Self.visitor)
        #expect(r.status == 404)
        await h.stop()
    }

    @Test func validationGivesTheMessagesOfMusterValidateBesideTheirFields() async throws {
        let h = try await ServerHarness()
        let yaml = try ServerHarness.shipped("beilun.yaml")
        let answer = try await h.post("/api/validate", json: ["yaml": yaml, "source": "beilun.yaml",
                                                              "changes": ["team.volunteers": "-1", "p2p.adoption": "2"]]).json()
        #expect(answer["ok"] as? Bool == false)
        let problems = answer["problems"] as? [[String: Any]] ?? []
        // The reader's own messages for the same overrides (`muster validate --set`).
        var expected: [String] = []
        do {
            _ = try ScenarioLoader.loadDocument(yaml: yaml, file: "beilun.yaml", baseDirectory: ServerHarness.scenarios.path,
                                                overrides: ["team.volunteers=-1", "p2p.adoption=2"])
        } catch { expected = error.issues.map(\.description) }
        // The page's fields are not command options: the text without `--set: `.
        expected = expected.map { $0.hasPrefix("--set: ") ? String($0.dropFirst("--set: ".count)) : $0 }
        #expect(expected.count == 2)
        #expect(problems.compactMap { $0["text"] as? String } == expected)
        #expect(Set(problems.compactMap { $0["field"] as? String }) == ["team.volunteers", "p2p.adoption"])
        await h.stop()
    }

    @Test func badYamlNeverTakesTheServerDown() async throws {
        let h = try await ServerHarness()
        for yaml in ["layout: [", "\t\t: :", "- a\n- b", String(repeating: "[", count: 5000), "a: &x [*x]"] {
            let answer = try await h.post("/api/validate", json: ["yaml": yaml])
            #expect(answer.status == 200)
            #expect(try answer.json()["ok"] as? Bool == false)
        }
        let garbage = try await h.request("POST", "/api/validate", body: Data("not json".utf8))
        #expect(garbage.status == 400)
        #expect(try await h.get("/api/scenarios").status == 200)
        await h.stop()
    }

    @Test func oversizedUploadIsRefused() async throws {
        let h = try await ServerHarness(maxUploadBytes: 64 * 1024)
        let yaml = "name: big\n" + String(repeating: "# padding padding padding\n", count: 4000)
        let r = try await h.post("/api/validate", json: ["yaml": yaml])
        #expect(r.status == 413)
        // The page shows why.
        #expect(try r.json()["error"] as? String == "refused: the request is larger than the workbench accepts (64 KiB); "
                + "a longer scenario runs with muster run")
        #expect(try await h.get("/api/scenarios").status == 200)
        await h.stop()
    }

    @Test func runStreamsProgressAndServesItsFiles() async throws {
        let h = try await ServerHarness()
        let yaml = try ServerHarness.shipped("lingfeng.yaml")
        let started = try await h.post("/api/runs", json: [
            "scenario": ["yaml": yaml, "source": "lingfeng.yaml", "changes": ["team.volunteers": "6"]],
            "replications": 4, "seed": "77"], visitor: Self.visitor)
        #expect(started.status == 202)
        let id = try started.json()["id"] as? String ?? ""
        let last = try await h.finish(id, visitor: Self.visitor)
        #expect(last["phase"] as? String == "done")
        #expect(last["done"] as? Int == 4)

        // The edited scenario: the form's change, the run's seed and replications.
        let scenarioFile = try await h.get("/jobs/\(id)/scenario.yaml", visitor: Self.visitor)
        #expect(scenarioFile.status == 200)
        let edited = try ScenarioLoader.load(yaml: scenarioFile.text, file: "scenario.yaml")
        var expected = try ScenarioLoader.load(yaml: yaml, file: "lingfeng.yaml", overrides: ["team.volunteers=6"])
        expected.seed = 77
        expected.replications = 4
        #expect(edited == expected)

        // summary.json is what one uninterrupted run of that scenario gives.
        let results = Experiment.run(expected, modes: Mode.allCases, replications: 0..<4, threads: 1)
        let summary = RunSummary(scenario: expected.name, seed: 77, version: "0.0.0-test", results: results)
        let served = try await h.get("/jobs/\(id)/summary.json", visitor: Self.visitor)
        #expect(served.body == summary.json.fileData)

        let report = try await h.get("/jobs/\(id)/report.html", visitor: Self.visitor)
        #expect(report.status == 200 && report.text.contains("<html") && report.text.contains("completion-cdf"))
        let clock = try await h.get("/jobs/\(id)/fragment?clock=1", visitor: Self.visitor)
        #expect(clock.text.contains("Tue 09:00") || clock.text.contains("Tue 12:00"))
        #expect(clock.text.contains("shaded-hours"))
        let plain = try await h.get("/jobs/\(id)/fragment?clock=0", visitor: Self.visitor)
        #expect(!plain.text.contains("shaded-hours"))
        #expect(try await h.get("/jobs/\(id)/manifest.json", visitor: Self.visitor).status == 200)
        #expect(try await h.get("/jobs/\(id)/fragment.html", visitor: Self.visitor).status == 404)
        #expect(try await h.get("/jobs/\(id)/view", visitor: Self.visitor).status == 404)
        // Another visitor sees nothing of it.
        #expect(try await h.get("/jobs/\(id)/summary.json", visitor: Self.other).status == 404)
        #expect(try await h.get("/api/jobs/\(id)/events", visitor: Self.other).status == 404)
        await h.stop()
    }

    @Test func aRunOfAnInvalidScenarioIsRefusedWithItsProblems() async throws {
        let h = try await ServerHarness()
        let yaml = try ServerHarness.shipped("lingfeng.yaml")
        let r = try await h.post("/api/runs", json: ["scenario": ["yaml": yaml, "source": "lingfeng.yaml",
                                                                  "changes": ["field.not_home": "1.5"]],
                                                     "replications": 2, "seed": "1"], visitor: Self.visitor)
        #expect(r.status == 422)
        let problems = try r.json()["problems"] as? [[String: Any]] ?? []
        #expect(problems.first?["field"] as? String == "field.not_home")
        let badSeed = try await h.post("/api/runs", json: ["scenario": ["yaml": yaml, "source": "lingfeng.yaml"],
                                                           "replications": 2, "seed": "-1"])
        #expect(badSeed.status == 422)
        await h.stop()
    }

    @Test func compareGivesPairedVerdictsForEveryVariant() async throws {
        let h = try await ServerHarness()
        let yaml = try ServerHarness.shipped("lingfeng.yaml")
        let started = try await h.post("/api/compare", json: [
            "variants": [["label": "as shipped", "scenario": ["yaml": yaml, "source": "lingfeng.yaml"]],
                         ["label": "no app", "scenario": ["yaml": yaml, "source": "lingfeng.yaml",
                                                          "changes": ["p2p.adoption": "0"]]]],
            "replications": 3, "seed": "5"], visitor: Self.visitor)
        #expect(started.status == 202)
        let id = try started.json()["id"] as? String ?? ""
        #expect(try await h.finish(id, visitor: Self.visitor)["phase"] as? String == "done")
        let fragment = try await h.get("/jobs/\(id)/fragment", visitor: Self.visitor).text
        // One verdict per mode for the second variant against the first.
        #expect(fragment.contains("no app vs as shipped (tiered): "))
        #expect(fragment.contains("no app vs as shipped (p2p): "))
        // Without the app, p2p is relay: identical tiered, slower p2p.
        #expect(fragment.contains("(tiered): order completion identical in every replication"))
        let summary = try await h.get("/jobs/\(id)/summary.json", visitor: Self.visitor)
        #expect(summary.status == 200)
        #expect(try await h.get("/jobs/\(id)/report.html", visitor: Self.visitor).status == 404)
        await h.stop()
    }

    @Test func concurrentRunsOfTwoVisitorsEachGetTheirOwnResult() async throws {
        let h = try await ServerHarness()
        let yaml = try ServerHarness.shipped("lingfeng.yaml")
        async let a = h.post("/api/runs", json: ["scenario": ["yaml": yaml, "source": "lingfeng.yaml"],
                                                 "replications": 2, "seed": "1"], visitor: Self.visitor)
        async let b = h.post("/api/runs", json: ["scenario": ["yaml": yaml, "source": "lingfeng.yaml"],
                                                 "replications": 2, "seed": "2"], visitor: Self.other)
        let (ra, rb) = try await (a, b)
        #expect(ra.status == 202 && rb.status == 202)
        let ia = try ra.json()["id"] as? String ?? "", ib = try rb.json()["id"] as? String ?? ""
        async let fa = h.finish(ia, visitor: Self.visitor)
        async let fb = h.finish(ib, visitor: Self.other)
        let (sa, sb) = try await (fa, fb)
        #expect(sa["phase"] as? String == "done" && sb["phase"] as? String == "done")
        let ja = try await h.get("/jobs/\(ia)/summary.json", visitor: Self.visitor).json()
        let jb = try await h.get("/jobs/\(ib)/summary.json", visitor: Self.other).json()
        #expect("\(ja["seed"] ?? "")" == "1" && "\(jb["seed"] ?? "")" == "2")
        // Each visitor's files are in its own folder.
        #expect(FileManager.default.fileExists(atPath: h.scratch.appendingPathComponent(Self.visitor).appendingPathComponent(ia).path))
        #expect(FileManager.default.fileExists(atPath: h.scratch.appendingPathComponent(Self.other).appendingPathComponent(ib).path))
        await h.stop()
        // Stopping removes the scratch folders.
        #expect(!FileManager.default.fileExists(atPath: h.scratch.path))
    }
}
