import Foundation
import MusterEngine
import MusterModel

/// `parameters.json`: the resolved scenario, written by the reader's own
/// description of it (`ScenarioWriter`), for the report and for anyone
/// reading an output folder without the scenario file at hand.
///
/// - `parameters`: one entry per key, keyed by the scenario file's dotted
///   path, holding the value as a scenario file would write it (`2h`,
///   `{dist: lognormal, mean: 2h, sd: 1h}`, `Mon-Fri 08:30-17:30`), so it
///   can be pasted after `--set KEY=`. Values are after defaults and
///   `--set` overrides; relay levels are one entry each with every
///   parameter merged (`tiered.street`), listed for the levels the order
///   passes.
/// - `resolved_scenario`: the complete scenario mapping, every key spelled
///   out; `ScenarioLoader.load(yaml:)` reads the file's text or this
///   object back to the same scenario (`ScenarioParameters.loadDocument`).
public struct ScenarioParameters: Sendable, Equatable {
    public var scenario: String
    public var scenarioFile: String
    public var overrides: [String]
    public var modes: [Mode]
    /// Key → value text, in scenario-file order.
    public var entries: [(key: String, value: String)]
    /// Micro-grids per replication: the exact count for a layout file, the
    /// product of mean fan-outs otherwise.
    public var expectedMicrogrids: Double
    /// Households per replication, as `expectedMicrogrids` times the mean
    /// per micro-grid (exact where a layout file gives every count).
    public var expectedHouseholds: Double
    /// The complete scenario, as `ScenarioWriter` writes it.
    public var resolved: ScenarioValue

    /// The top-level keys of the file, in order.
    public static let fileKeys = ["scenario", "scenario_file", "overrides", "modes", "parameters",
                                  "expected_microgrids", "expected_households", "resolved_scenario"]

    public init(document: ScenarioDocument, scenarioFile: String, overrides: [String], modes: [Mode]) {
        let s = document.scenario
        scenario = s.name
        self.scenarioFile = scenarioFile
        self.overrides = overrides
        self.modes = modes
        resolved = ScenarioWriter.mapping(document)
        entries = Self.entries(ScenarioWriter.mapping(s, layoutFile: document.layoutFile), scenario: s)
        expectedMicrogrids = ScenarioLimits.expectedMicrogrids(s)
        expectedHouseholds = ScenarioLimits.expectedHouseholds(s)
    }

    /// An order-only scenario (no incident streams).
    public init(scenario s: Scenario, scenarioFile: String, overrides: [String], modes: [Mode], layoutFile: String? = nil) {
        self.init(document: ScenarioDocument(scenario: s, incidents: nil, simulate: [.order], layoutFile: layoutFile),
                  scenarioFile: scenarioFile, overrides: overrides, modes: modes)
    }

    /// The flat `parameters` entries: the order's keys of the written
    /// mapping, sections opened down to their values, except that a relay
    /// level stays one entry (and only the levels the order passes are
    /// listed, without a zero `transmit`) and a layout file is summarised.
    static func entries(_ mapping: ScenarioValue, scenario s: Scenario) -> [(key: String, value: String)] {
        let passed = Set(s.tiered.levels.map(\.name))
        var out: [(key: String, value: String)] = []
        func walk(_ value: ScenarioValue, _ path: String) {
            let key = ScenarioSchema.key(path)
            let isSection = key?.kind == .section || path.isEmpty
            if isSection, case .mapping(let entries) = value {
                for (name, child) in entries {
                    let childPath = path.isEmpty ? name : path + "." + name
                    if path.isEmpty && name == "name" { continue }
                    if path == "tiered", let level = Level(name: name), level != .microgrid {
                        guard passed.contains(name), case .mapping(let relay) = child else { continue }
                        let shown = relay.filter { !($0.0 == "transmit" && $0.1 == .text("0s")) }
                        out.append((childPath, ScenarioValue.mapping(shown).flowText))
                        continue
                    }
                    walk(child, childPath)
                }
                return
            }
            if path == "layout.file", case .units(let units) = s.layout.source {
                let leaves = units.filter { $0.level == .microgrid }
                out.append((path, "\(units.count) units, \(leaves.count) micro-grids"))
                return
            }
            out.append((path, value.flowText))
        }
        walk(mapping, "")
        return out
    }

    /// The file's value: keys `fileKeys`.
    public var json: ScenarioValue {
        .mapping([
            ("scenario", .text(scenario)),
            ("scenario_file", .text(scenarioFile)),
            ("overrides", .list(overrides.map { .text($0) })),
            ("modes", .list(modes.map { .text($0.rawValue) })),
            ("parameters", .mapping(entries.map { ($0.key, .text($0.value)) })),
            ("expected_microgrids", .number(expectedMicrogrids)),
            ("expected_households", .number(expectedHouseholds)),
            ("resolved_scenario", resolved),
        ])
    }

    /// The bytes of `parameters.json`: pretty JSON and a final newline.
    public var fileData: Data { Data((json.json() + "\n").utf8) }

    public static func == (a: ScenarioParameters, b: ScenarioParameters) -> Bool {
        a.json == b.json
    }

    /// Reads a `parameters.json` text back: its `resolved_scenario`
    /// through the scenario reader, so every check applies again.
    /// - Throws: `ScenarioError` for a file without a readable scenario.
    public static func loadDocument(json text: String, file: String) throws(ScenarioError) -> ScenarioDocument {
        // JSON is YAML: the reader parses the file; only the nested
        // scenario is given to the builder.
        let parsed = YamlTree.parse(text, origin: file, keepLines: true)
        guard let root = parsed.node, case .mapping(let entries) = root.kind,
              let scenario = entries.first(where: { $0.name == "resolved_scenario" })?.value else {
            throw ScenarioError(issues: parsed.issues.isEmpty
                ? [ScenarioIssue(file: file, line: nil, key: "resolved_scenario",
                                 message: "no resolved_scenario object: the file was written by an older muster or is not parameters.json")]
                : parsed.issues)
        }
        return try ScenarioLoader.loadDocument(node: scenario, file: file, baseDirectory: ".", overrides: [])
    }
}
