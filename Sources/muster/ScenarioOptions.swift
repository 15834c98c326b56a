import ArgumentParser
import MusterEngine
import MusterModel
import MusterScenario

/// Options shared by commands that read a scenario.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Scenario file (YAML).", valueName: "scenario.yaml"))
    var scenario: String = "scenarios/beilun.yaml"

    @Option(name: .customLong("set"), parsing: .singleValue,
            help: ArgumentHelp("Override one scenario value by its dotted path, e.g. --set layout.fanout.street=12 or --set 'field.visit={dist: constant, value: 5m}'. Repeatable.",
                               valueName: "key=value"))
    var overrides: [String] = []

    /// Loads and validates the scenario; on bad input lists every problem
    /// on stderr and exits with code 2.
    func load() throws -> Scenario {
        try loadDocument().scenario
    }

    /// Loads and validates the whole scenario file: the order's scenario,
    /// the incident streams and what to simulate; exits with code 2 on
    /// bad input, as `load()`.
    func loadDocument() throws -> ScenarioDocument {
        do {
            return try Self.validatedDocument(path: scenario, overrides: overrides)
        } catch {
            let e = error
            ProblemReport.write(e.issues)
            let n = e.issues.count
            Stderr.write("\(scenario): \(n) problem\(n == 1 ? "" : "s") found; nothing was run.\n")
            throw ExitWith(code: 2)
        }
    }

    /// Loads and validates a scenario file, refusing trees too large to
    /// simulate; every problem is in the error.
    static func validated(path: String, overrides: [String]) throws(ScenarioError) -> Scenario {
        try validatedDocument(path: path, overrides: overrides).scenario
    }

    /// The whole scenario file (the order, the incident streams, what to
    /// simulate), refusing trees and incident streams too large to hold.
    static func validatedDocument(path: String, overrides: [String]) throws(ScenarioError) -> ScenarioDocument {
        let d = try ScenarioLoader.loadDocument(path: path, overrides: overrides)
        try checkSize(d.scenario, file: path)
        if let incidents = d.incidents { try checkIncidents(incidents, in: d.scenario, file: path) }
        return d
    }

    /// Households a replication can hold at most before memory runs out on
    /// a laptop (~40 bytes each): 20× the whole of Ningbo.
    static let maxHouseholds = 50_000_000.0

    /// The most households the layout can draw: fan-out ranges at their
    /// maxima, a Poisson count at its mean plus ten sd; a layout file's
    /// micro-grids without a count at the scenario's mean.
    static func householdBound(_ s: Scenario) -> Double {
        func upper(_ d: CountDistribution) -> Double {
            switch d {
            case .fixed(let n): Double(n)
            case .range(_, let b): Double(b)
            case .poisson(let m): m + 10 * m.squareRoot() + 10
            }
        }
        switch s.layout.source {
        case .fanout(let fanout):
            return Level.allCases.dropFirst().reduce(1.0) { $0 * upper(fanout[$1] ?? .fixed(1)) }
                * upper(s.layout.households)
        case .units(let units):
            let drawn = units.filter { $0.level == .microgrid && $0.households == nil }.count
            let fixed = units.compactMap(\.households).reduce(0, +)
            return Double(fixed) + Double(drawn) * Double(max(s.layout.households.mean, 1))
        }
    }

    /// Refuses trees too large to simulate, before any memory is spent.
    /// A fan-out's product is computed in `Double`, so it cannot overflow;
    /// the same limit holds for a layout file's micro-grids.
    private static func checkSize(_ s: Scenario, file scenario: String) throws(ScenarioError) {
        let households = householdBound(s)
        if !(households <= Self.maxHouseholds) {
            let key: String
            if case .fanout = s.layout.source { key = "layout.fanout" } else { key = "layout.file" }
            throw ScenarioError(issues: [ScenarioIssue(
                file: scenario, line: nil, key: key,
                message: "the tree could hold \(CountText.format(households)) households; at most \(CountText.format(Self.maxHouseholds)) are allowed")])
        }
    }
}
