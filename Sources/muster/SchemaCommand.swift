import ArgumentParser
import MusterScenario

/// `muster schema`: print the JSON Schema of scenario or sweep files.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of scenario or sweep files.",
        discussion: """
        The schema is generated from the key table the reader uses; editors with \
        yaml-language-server use it for completion and checks \
        (docs/how-to/editor-completion.md). schemas/*.schema.json are its committed copies.
        """
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case scenario, sweep
    }

    @Argument(help: "Which schema: scenario or sweep.")
    var kind: Kind

    func run() throws {
        let schema = kind == .scenario ? ScenarioJSONSchema.scenario : ScenarioJSONSchema.sweep
        print(schema.serialized())
    }
}
