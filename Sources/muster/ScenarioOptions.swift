import ArgumentParser
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
        do {
            return try ScenarioLoader.load(path: scenario, overrides: overrides)
        } catch {
            let e = error
            for issue in e.issues { Stderr.write("error: \(issue)\n") }
            let n = e.issues.count
            Stderr.write("\(scenario): \(n) problem\(n == 1 ? "" : "s") found; nothing was run.\n")
            throw ExitWith(code: 2)
        }
    }
}
