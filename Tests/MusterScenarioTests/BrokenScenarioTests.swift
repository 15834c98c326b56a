import Foundation
import Testing
@testable import MusterScenario

/// A scenario that must be refused, and where the refusal must point.
struct Broken: Sendable, CustomTestStringConvertible {
    let name: String
    let yaml: String
    let key: String
    let line: Int?
    var testDescription: String { name }
}

/// Lines 1–2 of most cases; the broken part starts on line 3.
private let layout = """
layout:
  fanout: {district: 1, street: 2, community: 2, grid: 2, microgrid: 2}

"""

let brokenScenarios: [Broken] = [
    Broken(name: "bad YAML syntax", yaml: layout + """
        field:
          hours: daily 07:00-21:00
           visit: 5m
        """, key: "", line: 5),
    Broken(name: "unknown key at a nested level", yaml: layout + """
        field:
          travel: 3m
          hurs: daily 07:00-21:00
        """, key: "field.hurs", line: 5),
    Broken(name: "unknown key in a per-level relay mapping", yaml: layout + """
        tiered:
          street: {handel: 2h}
        """, key: "tiered.street.handel", line: 4),
    Broken(name: "unknown top-level key", yaml: layout + "replication: 3", key: "replication", line: 3),
    Broken(name: "negative duration", yaml: layout + """
        field:
          revisit_after: -2h
        """, key: "field.revisit_after", line: 4),
    Broken(name: "negative distribution parameter", yaml: layout + """
        field:
          travel: {dist: exponential, mean: -3m}
        """, key: "field.travel.mean", line: 4),
    Broken(name: "duration without a unit", yaml: layout + """
        field:
          revisit_after: 10
        """, key: "field.revisit_after", line: 4),
    Broken(name: "unknown distribution", yaml: layout + """
        field:
          visit:
            dist: normal
            mean: 6m
        """, key: "field.visit.dist", line: 5),
    Broken(name: "missing distribution parameter", yaml: layout + """
        field:
          travel: {dist: lognormal, mean: 3m}
        """, key: "field.travel.sd", line: 4),
    Broken(name: "parameter of another distribution", yaml: layout + """
        field:
          travel: {dist: exponential, mean: 3m, sd: 1m}
        """, key: "field.travel.sd", line: 4),
    Broken(name: "lognormal mean of zero", yaml: layout + """
        field:
          travel: {dist: lognormal, mean: 0s, sd: 1m}
        """, key: "field.travel.mean", line: 4),
    Broken(name: "gamma shape of zero", yaml: layout + """
        tiered:
          default:
            handle: {dist: gamma, shape: 0, scale: 1h}
        """, key: "tiered.default.handle.shape", line: 5),
    Broken(name: "weibull scale of zero", yaml: layout + """
        tiered:
          default:
            handle: {dist: weibull, shape: 2, scale: 0s}
        """, key: "tiered.default.handle.scale", line: 5),
    Broken(name: "count min > max", yaml: """
        layout:
          fanout:
            district: 1
            street: 2
            community: {min: 30, max: 20}
            grid: 2
            microgrid: 2
        """, key: "layout.fanout.community", line: 5),
    Broken(name: "uniform min > max", yaml: layout + """
        field:
          travel: {dist: uniform, min: 5m, max: 1m}
        """, key: "field.travel", line: 4),
    Broken(name: "triangular mode outside range", yaml: layout + """
        p2p:
          sync: {dist: triangular, min: 1m, mode: 5m, max: 2m}
        """, key: "p2p.sync", line: 4),
    Broken(name: "negative count", yaml: layout + """
        team:
          volunteers: -1
        """, key: "team.volunteers", line: 4),
    Broken(name: "unknown count distribution", yaml: layout + """
        team:
          volunteers: {dist: binomial, n: 3}
        """, key: "team.volunteers.dist", line: 4),
    Broken(name: "unknown level in tiered.levels", yaml: layout + """
        tiered:
          levels: [city, town]
        """, key: "tiered.levels", line: 4),
    Broken(name: "microgrid in tiered.levels", yaml: layout + """
        tiered:
          levels:
            - city
            - microgrid
        """, key: "tiered.levels", line: 6),
    Broken(name: "repeated level", yaml: layout + """
        tiered:
          levels: [city, grid, city]
        """, key: "tiered.levels", line: 4),
    Broken(name: "bad calendar", yaml: layout + """
        field:
          hours: Mon-Fry 08:00-12:00
        """, key: "field.hours", line: 4),
    Broken(name: "calendar opening and closing at once", yaml: layout + """
        tiered:
          grid: {office_hours: daily 08:00-08:00}
        """, key: "tiered.grid.office_hours", line: 4),
    Broken(name: "not_home of 1", yaml: layout + """
        field:
          not_home: 1
        """, key: "field.not_home", line: 4),
    Broken(name: "negative not_home", yaml: layout + """
        field:
          not_home: -0.1
        """, key: "field.not_home", line: 4),
    Broken(name: "push_fails above 1", yaml: layout + """
        p2p:
          push_fails: 1.5
        """, key: "p2p.push_fails", line: 4),
    Broken(name: "a list where a mapping belongs", yaml: layout + "team: [1, 2]", key: "team", line: 3),
    Broken(name: "a word where an integer belongs", yaml: layout + """
        team:
          heads: many
        """, key: "team.heads", line: 4),
    Broken(name: "a mapping where a duration belongs", yaml: layout + """
        field:
          revisit_after: {hours: 2}
        """, key: "field.revisit_after", line: 4),
    Broken(name: "unknown forwarding", yaml: layout + """
        tiered:
          default: {forward: relay}
        """, key: "tiered.default.forward", line: 4),
    Broken(name: "bad start", yaml: layout + "start: Tuesday 9am", key: "start", line: 3),
    Broken(name: "negative seed", yaml: layout + "seed: -1", key: "seed", line: 3),
    Broken(name: "zero replications", yaml: layout + "replications: 0", key: "replications", line: 3),
    Broken(name: "duplicate key", yaml: layout + "seed: 1\nseed: 2", key: "seed", line: 4),
    Broken(name: "fan-out level missing", yaml: """
        layout:
          fanout: {district: 1, street: 2, community: 2, microgrid: 2}
        """, key: "layout.fanout.grid", line: 2),
    Broken(name: "fan-out for the city", yaml: """
        layout:
          fanout: {city: 1, district: 1, street: 2, community: 2, grid: 1, microgrid: 2}
        """, key: "layout.fanout.city", line: 2),
    Broken(name: "no layout", yaml: "seed: 3", key: "layout", line: 1),
    Broken(name: "both fanout and file", yaml: """
        layout:
          file: units.csv
          fanout: {district: 1, street: 2, community: 2, grid: 2, microgrid: 2}
        """, key: "layout", line: 2),
    Broken(name: "top level is a list", yaml: "- a\n- b", key: "", line: 1),
    Broken(name: "empty scope", yaml: layout + "scope: []", key: "scope", line: 3),
]

@Suite struct BrokenScenarioTests {
    @Test(arguments: brokenScenarios)
    func brokenScenarioIsRefusedAtTheRightPlace(_ c: Broken) {
        let found = issues(c.yaml, file: "broken.yaml")
        #expect(!found.isEmpty, "\(c.name) loaded without an issue")
        let match = found.first { $0.key == c.key && $0.line == c.line && $0.file == "broken.yaml" }
        #expect(match != nil, "expected an issue at key '\(c.key)' line \(String(describing: c.line)); got:\n\(found.map(\.description).joined(separator: "\n"))")
        // Every message must say what is allowed or expected, not just "bad".
        for i in found { #expect(i.message.count > 20, "terse message: \(i)") }
    }

    @Test func unknownKeyMessageListsAllowedKeys() throws {
        let found = issues(layout + "field:\n  hurs: daily 07:00-21:00")
        let i = try #require(found.first)
        #expect(i.message.contains("unknown key 'hurs'"))
        #expect(i.message.contains("allowed: hours, travel, visit, not_home, revisit_after, max_attempts"))
    }

    @Test func unknownDistributionMessageListsDistributions() throws {
        let found = issues(layout + "field:\n  visit: {dist: normal, mean: 6m}", file: "scenarios/x.yaml")
        let i = try #require(found.first)
        #expect(i.description == "scenarios/x.yaml:4: field.visit.dist: unknown distribution 'normal'; allowed: constant, uniform, exponential, lognormal, gamma, weibull, triangular")
    }

    @Test func threeErrorsAreAllReportedInFileOrder() {
        let yaml = """
            seed: -4
            layout:
              fanout: {district: 1, street: 2, community: 2, grid: 2, microgrid: 2}
            tiered:
              levels: [city, town]
            field:
              visit: {dist: normal, mean: 6m}
            """
        let found = issues(yaml, file: "three.yaml")
        #expect(found.map(\.key) == ["seed", "tiered.levels", "field.visit.dist"])
        #expect(found.map(\.line) == [1, 5, 7])
        #expect(found.allSatisfy { $0.file == "three.yaml" })
    }

    @Test func missingScenarioFileIsOneIssueNamingIt() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("muster-no-such-\(UUID().uuidString).yaml").path
        do {
            _ = try ScenarioLoader.load(path: path)
            Issue.record("a missing file loaded")
        } catch {
            #expect(error.issues.count == 1)
            let i = try #require(error.issues.first)
            #expect(i.file == path)
            #expect(i.key == "")
            #expect(i.line == nil)
            #expect(i.message.contains("No such file or directory"))
        }
    }

    @Test func scenarioFileOnDiskLoads() throws {
        let folder = try TempFolder()
        let path = try folder.write("beilun.yaml", interfaceExample)
        let s = try ScenarioLoader.load(path: path)
        #expect(s.name == "beilun")
    }

    @Test func emptyFileNeedsALayoutOnly() {
        let found = issues("", file: "empty.yaml")
        #expect(found.map(\.key) == ["layout"])
    }
}
