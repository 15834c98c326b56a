import MusterModel

/// Loads scenario YAML files into validated `Scenario`s.
///
/// Validation never stops at the first problem: a `ScenarioError` lists
/// every issue found, each naming the file, line and dotted key, so that
/// one `muster validate` run shows everything to fix.
public enum ScenarioLoader {
    /// Reads and validates the scenario file at `path`.
    ///
    /// - Parameters:
    ///   - path: the scenario file; a layout CSV named in it is looked up
    ///     relative to this file's folder.
    ///   - overrides: `KEY=VALUE` texts from `--set`, applied in order
    ///     before validation; the value is YAML (`12`, `0.2`, `[city, grid]`,
    ///     `{dist: constant, value: 5m}`).
    /// - Throws: `ScenarioError` with every problem found, including an
    ///   unreadable file.
    public static func load(path: String, overrides: [String] = []) throws(ScenarioError) -> Scenario {
        try loadDocument(path: path, overrides: overrides).scenario
    }

    /// Reads and validates the scenario file at `path`, with its incident
    /// streams and what to simulate; see `load(path:overrides:)`.
    public static func loadDocument(path: String, overrides: [String] = []) throws(ScenarioError) -> ScenarioDocument {
        switch TextFile.read(path) {
        case .failure(let error):
            throw ScenarioError(issues: [ScenarioIssue(file: path, line: nil, key: "",
                                                       message: "cannot read scenario file: \(error.reason)")])
        case .success(let text):
            return try loadDocument(yaml: text, file: path, baseDirectory: PathText.directory(of: path),
                                    overrides: overrides)
        }
    }

    /// Validates scenario YAML text.
    ///
    /// - Parameters:
    ///   - yaml: the scenario text.
    ///   - file: the name issues carry, and whose base name is the default
    ///     scenario name.
    ///   - baseDirectory: folder that relative paths in the scenario
    ///     (`layout.file`) start from.
    ///   - overrides: `KEY=VALUE` texts, as for `load(path:overrides:)`.
    /// - Throws: `ScenarioError` with every problem found.
    public static func load(yaml: String, file: String, baseDirectory: String = ".",
                            overrides: [String] = []) throws(ScenarioError) -> Scenario {
        try loadDocument(yaml: yaml, file: file, baseDirectory: baseDirectory, overrides: overrides).scenario
    }

    /// Validates scenario YAML text, with its incident streams and what to
    /// simulate; see `load(yaml:file:baseDirectory:overrides:)`.
    public static func loadDocument(yaml: String, file: String, baseDirectory: String = ".",
                                    overrides: [String] = []) throws(ScenarioError) -> ScenarioDocument {
        let parsed = YamlTree.parse(yaml, origin: file, keepLines: true)
        // An empty file is a scenario of defaults (it will still lack a layout).
        let syntaxBroken = parsed.node == nil && !parsed.issues.isEmpty
        return try loadDocument(root: parsed.node ?? .emptyMapping(origin: file, line: nil), issues: parsed.issues,
                                syntaxBroken: syntaxBroken, file: file, baseDirectory: baseDirectory, overrides: overrides)
    }

    /// A scenario's YAML parsed once, to be validated with many sets of
    /// overrides (a sweep's points): parsing is most of a load's cost.
    public struct Parsed {
        let root: YNode
        let issues: [ScenarioIssue]
        let syntaxBroken: Bool
        let file: String
        let baseDirectory: String
    }

    /// Parses scenario YAML text for `load(_:overrides:)`.
    public static func parse(yaml: String, file: String, baseDirectory: String = ".") -> Parsed {
        let parsed = YamlTree.parse(yaml, origin: file, keepLines: true)
        return Parsed(root: parsed.node ?? .emptyMapping(origin: file, line: nil), issues: parsed.issues,
                      syntaxBroken: parsed.node == nil && !parsed.issues.isEmpty, file: file, baseDirectory: baseDirectory)
    }

    /// `load(yaml:file:baseDirectory:overrides:)` of text parsed once.
    public static func load(_ parsed: Parsed, overrides: [String] = []) throws(ScenarioError) -> Scenario {
        try loadDocument(root: parsed.root, issues: parsed.issues, syntaxBroken: parsed.syntaxBroken, file: parsed.file,
                         baseDirectory: parsed.baseDirectory, overrides: overrides).scenario
    }

    /// Validates an already parsed scenario mapping (such as the
    /// `resolved_scenario` object of `parameters.json`).
    static func loadDocument(node: YNode, file: String, baseDirectory: String,
                             overrides: [String]) throws(ScenarioError) -> ScenarioDocument {
        try loadDocument(root: node, issues: [], syntaxBroken: false, file: file, baseDirectory: baseDirectory,
                         overrides: overrides)
    }

    private static func loadDocument(root parsedRoot: YNode, issues: [ScenarioIssue], syntaxBroken: Bool, file: String,
                                     baseDirectory: String, overrides: [String]) throws(ScenarioError) -> ScenarioDocument {
        let reader = NodeReader()
        reader.add(issues)
        var root = parsedRoot
        if case .mapping = root.kind, !syntaxBroken {
            reader.add(Overrides.apply(overrides, to: &root))
            let document = ScenarioBuilder(reader: reader, file: file, baseDirectory: baseDirectory).buildDocument(root)
            if reader.issues.isEmpty { return document }
        } else {
            if !syntaxBroken {
                let keys = ScenarioBuilder.topKeys.joined(separator: ", ")
                reader.report(root, "", "a scenario must be a mapping of keys (\(keys)), found \(root.found)")
            }
            // Nothing to validate, but malformed overrides are still worth reporting.
            var scratch = YNode.emptyMapping(origin: file, line: nil)
            reader.add(Overrides.apply(overrides, to: &scratch))
        }
        let positions = Overrides.Positions(overrides)
        let ordered = ScenarioIssue.inFileOrder(reader.issues, scenarioFile: file) { positions.of($0) }
        throw ScenarioError(issues: ordered)
    }
}
