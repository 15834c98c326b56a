import ArgumentParser
import MusterEngine
import MusterModel
import MusterScenario

/// `muster validate`: check a scenario without simulating.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario file and list every problem, without simulating.",
        discussion: """
        Prints a short description of the scenario when it is valid (exit 0). \
        Otherwise prints one line per problem — file:line: key: what is wrong and \
        what is allowed — and exits with code 2.
        """
    )

    @OptionGroup var options: ScenarioOptions

    mutating func run() throws {
        try options.resolveDefault(announce: true)
        let d = try options.loadDocument()
        print(ScenarioDescription.lines(d).joined(separator: "\n"))
    }
}
