import Foundation
import MusterEngine
import MusterModel
import Testing
@testable import MusterScenario

/// Reading YAML and writing `parameters.json` are two directions of one
/// description: load → write → load gives the same document.
@Suite struct RoundTripTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every shipped scenario file.
    static let shipped: [String] = {
        let dir = root.appendingPathComponent("scenarios")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { dir.appendingPathComponent($0).path }
    }()

    /// `--set` variants tried on every shipped scenario: the what-if keys,
    /// skipped relay levels, values no unit writes exactly, extreme seeds.
    static let variants: [[String]] = [
        [],
        ["team.volunteers=0"],
        ["team.volunteers={dist: poisson, mean: 2.5}", "team.volunteer_speed=0.7"],
        ["p2p.adoption=0.5"],
        ["p2p.adoption=0", "p2p.rebalance=grid"],
        ["p2p.rebalance=community", "p2p.reassign={dist: gamma, shape: 2.5, scale: 7m}"],
        ["tiered.levels=[city, street, grid]"],
        ["tiered.levels=[district]", "tiered.district.transmit={dist: uniform, min: 1m, max: 3m}",
         "tiered.street.forward=broadcast"],
        ["field.not_home=0.123456789", "field.visit={dist: triangular, min: 1.5s, mode: 1234.5678s, max: 1d}",
         "field.revisit_after=0.1s", "p2p.push_fails=1e-7"],
        ["seed=18446744073709551615", "replications=1", "start=Sun 23:59"],
        ["scope=[s1, s2]", "layout.households={dist: poisson, mean: 70}"],
    ]

    /// The cases: each shipped scenario with each variant.
    static let cases: [(String, [String])] = shipped.flatMap { path in variants.map { (path, $0) } }

    /// Loads, writes `parameters.json`, reads its `resolved_scenario` back.
    static func roundTrip(_ d: ScenarioDocument, file: String) throws -> ScenarioDocument {
        let p = ScenarioParameters(document: d, scenarioFile: file, overrides: [], modes: Mode.allCases)
        return try ScenarioParameters.loadDocument(json: String(decoding: p.fileData, as: UTF8.self), file: "parameters.json")
    }

    @Test(arguments: cases)
    func shippedScenarioRoundTripsThroughParametersJSON(path: String, overrides: [String]) throws {
        let original = try ScenarioLoader.loadDocument(path: path, overrides: overrides)
        let reread = try Self.roundTrip(original, file: path)
        #expect(reread == original, "\(path) \(overrides)")
        // The nested object alone is a scenario file too (JSON is YAML).
        let yaml = ScenarioWriter.mapping(original).json()
        #expect(try ScenarioLoader.loadDocument(yaml: yaml, file: "resolved.yaml") == original)
        // And writing again gives the same bytes: a fixed point.
        #expect(ScenarioWriter.mapping(reread) == ScenarioWriter.mapping(original))
    }

    /// Each flat `parameters` entry, given back with `--set KEY=VALUE`,
    /// yields the scenario it was written from.
    @Test(arguments: cases)
    func parametersEntriesReadBackAsOverrides(path: String, overrides: [String]) throws {
        let original = try ScenarioLoader.load(path: path, overrides: overrides)
        let p = ScenarioParameters(scenario: original, scenarioFile: path, overrides: overrides, modes: [.tiered])
        let sets = p.entries.map { "\($0.key)=\($0.value)" }
        // Skipped relay levels are not listed, so their own values must
        // come from the original overrides.
        let reread = try ScenarioLoader.load(path: path, overrides: overrides + sets)
        #expect(reread == original, "\(path) \(overrides)")
    }

    @Test func incidentVariantsRoundTrip() throws {
        let typhoon = Self.root.appendingPathComponent("scenarios/typhoon.yaml").path
        let variants: [[String]] = [
            ["simulate=[order, incidents]"],
            ["simulate=order"],
            ["incidents.warmup=1d", "incidents.surge=[1, 2.5, 0]", "incidents.sample_every=30m"],
            ["incidents.tiered.levels=[city, street]", "incidents.platform.level=grid",
             "incidents.confirm={dist: weibull, shape: 1.5, scale: 2h}"],
        ]
        for overrides in variants {
            let original = try ScenarioLoader.loadDocument(path: typhoon, overrides: overrides)
            #expect(try Self.roundTrip(original, file: typhoon) == original, "\(overrides)")
        }
    }

    /// A layout file is written as its absolute path, so the written
    /// scenario reads the same units from any folder.
    @Test func layoutFileRoundTrips() throws {
        let folder = try TempFolder()
        try folder.write("layouts/units.csv", """
            id,parent,level,households
            c,,city,
            d1,c,district,
            s1,d1,street,
            s2,d1,street,
            g1,s1,grid,
            m1,g1,microgrid,60
            m2,g1,microgrid,
            g2,s2,grid,
            m3,g2,microgrid,
            """)
        let path = try folder.write("scenario.yaml", """
            name: csv
            layout:
              file: layouts/units.csv
              households: {min: 10, max: 20}
            scope: [s1]
            """)
        let original = try ScenarioLoader.loadDocument(path: path)
        #expect(original.layoutFile?.hasPrefix("/") == true)
        #expect(try Self.roundTrip(original, file: path) == original)
        let p = ScenarioParameters(document: original, scenarioFile: path, overrides: [], modes: [.p2p])
        #expect(p.entries.first { $0.key == "layout.file" }?.value == "9 units, 3 micro-grids")
        #expect(p.expectedMicrogrids == 3 && p.expectedHouseholds == 60 + 2 * 15)
    }

    /// The writer spells out every key of the schema table, so a key the
    /// reader learns (its allowed lists come from the table) cannot be
    /// left out of `parameters.json`.
    @Test func writerCoversEverySchemaKey() throws {
        let typhoon = Self.root.appendingPathComponent("scenarios/typhoon.yaml").path
        let d = try ScenarioLoader.loadDocument(path: typhoon, overrides: ["scope=[s1]", "incidents.kinds.hazard.surge=[2]"])
        let written = ScenarioWriter.mapping(d)
        let kinds = d.incidents?.kinds.map(\.name) ?? []
        let departments = d.incidents?.departments.map(\.name) ?? []
        #expect(!kinds.isEmpty && !departments.isEmpty)
        var checked = 0
        for path in ScenarioSchema.leafPaths where path != "layout.file" {
            // A relay level's keys are those of `default`, written per level.
            var expanded = [path]
            func expand(_ token: String, _ names: [String]) {
                expanded = expanded.flatMap { p in p.contains(token) ? names.map { p.replacingOccurrences(of: token, with: $0) } : [p] }
            }
            // A kind's own surge is optional (absent: incidents.surge).
            expand("<kind>", path.hasSuffix(".surge") ? d.incidents?.kinds.filter { $0.surge != nil }.map(\.name) ?? [] : kinds)
            expand("<department>", departments)
            expand("tiered.default.", Level.relayLevels.map { "tiered.\($0.name)." })
            for p in expanded {
                #expect(written.value(at: p) != nil, "the writer leaves out \(p)")
                checked += 1
            }
        }
        #expect(checked > 80)
        #expect(written.value(at: "incidents.kinds.hazard.surge") == .list([.number(2)]))
        // `layout.file` where the layout is a file: see layoutFileRoundTrips.
        #expect(ScenarioSchema.key("layout.file")?.kind == .file)
    }

    /// The table's default texts are the reader's defaults: writing each
    /// one explicitly changes nothing.
    @Test func schemaDefaultsAreTheReaderDefaults() throws {
        let plain = try ScenarioLoader.load(yaml: minimalScenario, file: "m.yaml")
        let sets = ScenarioSchema.keys.compactMap { k -> String? in
            guard let text = k.defaultText, k.kind != .section, !k.path.contains("<"),
                  !k.path.hasPrefix("incidents") else { return nil }
            return "\(k.path)=\(text)"
        }
        #expect(sets.count > 30)
        let explicit = try ScenarioLoader.load(yaml: minimalScenario, file: "m.yaml", overrides: sets)
        #expect(explicit == plain)
    }

    /// The reader's allowed keys are the table's.
    @Test func readerAllowsTheSchemaKeys() {
        #expect(ScenarioBuilder.topKeys == ["name", "start", "seed", "replications", "scope", "layout", "team", "field",
                                            "tiered", "p2p", "incidents", "simulate"])
        #expect(ScenarioBuilder.relayKeys == ["handlers", "office_hours", "forward", "handle", "notify", "aggregate", "transmit"])
        #expect(ScenarioSchema.children(of: "p2p") == ["duty_hours", "ack", "push_fails", "team_notify", "sync",
                                                       "rebalance", "reassign", "adoption"])
        #expect(issues(minimalScenario, overrides: ["p2p.adopt=0.5"]).first?.message.contains("allowed: duty_hours, ack") == true)
    }

    /// `validate`'s lines say only what the scenario simulates.
    @Test func descriptionFollowsWhatIsSimulated() throws {
        let typhoon = Self.root.appendingPathComponent("scenarios/typhoon.yaml").path
        let incidentsOnly = ScenarioDescription.lines(try ScenarioLoader.loadDocument(path: typhoon)).joined(separator: "\n")
        #expect(incidentsOnly.contains("simulates: incidents") && incidentsOnly.contains("incidents: horizon"))
        #expect(!incidentsOnly.contains("team:") && !incidentsOnly.contains("tiered levels:") && !incidentsOnly.contains("order issued"))
        let both = ScenarioDescription.lines(try ScenarioLoader.loadDocument(path: typhoon, overrides: ["simulate=[order, incidents]"]))
            .joined(separator: "\n")
        #expect(both.contains("simulates: order and incidents") && both.contains("team:") && both.contains("incidents: horizon"))
        let orderOnly = ScenarioDescription.lines(try ScenarioLoader.loadDocument(path: typhoon, overrides: ["simulate=order"]))
            .joined(separator: "\n")
        #expect(orderOnly.contains("order issued") && !orderOnly.contains("incidents: horizon"))
    }

    /// The size limits moved from the CLI refuse what they refused.
    @Test func limitsRefuseOversizedTrees() throws {
        let s = try ScenarioLoader.load(yaml: minimalScenario, file: "m.yaml")
        #expect(ScenarioLimits.householdBound(s) == 16 * 100)
        #expect(ScenarioLimits.microgridBound(s) == 16)
        let huge = try ScenarioLoader.loadDocument(yaml: minimalScenario, file: "m.yaml",
                                                   overrides: ["layout.fanout.street=1000000", "layout.fanout.grid=1000"])
        #expect(throws: ScenarioError.self) { try ScenarioLimits.check(huge, file: "m.yaml") }
    }
}
