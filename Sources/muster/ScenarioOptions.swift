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
            let d = try ScenarioLoader.loadDocument(path: scenario, overrides: overrides)
            try checkSize(d.scenario)
            if let incidents = d.incidents { try checkIncidents(incidents, in: d.scenario) }
            return d
        } catch {
            let e = error
            for issue in e.issues { Stderr.write("error: \(issue)\n") }
            let n = e.issues.count
            Stderr.write("\(scenario): \(n) problem\(n == 1 ? "" : "s") found; nothing was run.\n")
            throw ExitWith(code: 2)
        }
    }

    /// Households a replication can hold at most before memory runs out on
    /// a laptop (~40 bytes each): 20× the whole of Ningbo.
    static let maxHouseholds = 50_000_000.0

    /// Refuses trees too large to simulate, before any memory is spent.
    private func checkSize(_ s: Scenario) throws(ScenarioError) {
        func upper(_ d: CountDistribution) -> Double {
            switch d {
            case .fixed(let n): Double(n)
            case .range(_, let b): Double(b)
            case .poisson(let m): m + 10 * m.squareRoot() + 10
            }
        }
        guard case .fanout(let fanout) = s.layout.source else { return }
        let microgrids = Level.allCases.dropFirst().reduce(1.0) { $0 * upper(fanout[$1] ?? .fixed(1)) }
        let households = microgrids * upper(s.layout.households)
        if households > Self.maxHouseholds {
            throw ScenarioError(issues: [ScenarioIssue(
                file: scenario, line: nil, key: "layout.fanout",
                message: "the tree could hold \(Int(microgrids)) micro-grids and \(Int(households)) households; at most \(Int(Self.maxHouseholds)) households are allowed")])
        }
    }
}
