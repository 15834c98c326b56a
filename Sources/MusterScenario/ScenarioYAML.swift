/// A scenario mapping written as block YAML a person can read and edit:
/// one key per line, nested sections indented, lists and distributions in
/// flow style. `ScenarioLoader` reads it back to the same document (the
/// workbench's "download the scenario" relies on that).
public enum ScenarioYAML {
    /// The whole document (`ScenarioWriter.mapping(_:)`) as YAML text,
    /// ending with a newline.
    public static func text(_ d: ScenarioDocument) -> String {
        block(ScenarioWriter.mapping(d), indent: 0)
    }

    static func block(_ value: ScenarioValue, indent: Int) -> String {
        guard case .mapping(let entries) = value else { return flow(value) + "\n" }
        let pad = String(repeating: " ", count: indent)
        var out = ""
        for (key, v) in entries {
            // A distribution or a small mapping of scalars reads best on one
            // line, as the shipped scenarios write them.
            if case .mapping(let inner) = v, !inner.isEmpty, !isFlowLeaf(v) {
                out += "\(pad)\(scalarText(key)):\n" + block(v, indent: indent + 2)
            } else {
                out += "\(pad)\(scalarText(key)): \(flow(v))\n"
            }
        }
        return out
    }

    /// Distributions (`{dist: …}`) and count ranges (`{min, max}`) stay in flow style.
    private static func isFlowLeaf(_ v: ScenarioValue) -> Bool {
        guard case .mapping(let inner) = v else { return true }
        let keys = Set(inner.map(\.0))
        return keys.contains("dist") || keys == ["min", "max"]
    }

    static func flow(_ v: ScenarioValue) -> String {
        switch v {
        case .text(let s): scalarText(s)
        case .integer, .unsigned, .number: v.flowText
        case .list(let items): "[" + items.map(flow).joined(separator: ", ") + "]"
        case .mapping(let entries): "{" + entries.map { "\(scalarText($0.0)): \(flow($0.1))" }.joined(separator: ", ") + "}"
        }
    }

    /// Plain when YAML reads the text back as the same string; otherwise
    /// double-quoted (JSON escapes are YAML escapes). Text with a colon or
    /// a leading digit is quoted: YAML 1.1 reads `09:00` as a number.
    static func scalarText(_ s: String) -> String {
        let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"]
        let plain = !s.isEmpty && !reserved.contains(s.lowercased())
            && s.first.map { $0.isLetter || $0 == "_" } == true && s.last != " "
            && s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." || $0 == " " }
        if plain { return s }
        return ScenarioValue.text(s).json(indent: nil)
    }
}

extension ScenarioLoader {
    /// The file paths a scenario text refers to (`layout.file`), after the
    /// overrides, without reading them: a server checks where they point
    /// before anything is read. Unparseable text refers to none.
    public static func referencedFiles(yaml: String, overrides: [String] = []) -> [String] {
        let parsed = YamlTree.parse(yaml, origin: "scenario", keepLines: false)
        guard var root = parsed.node, case .mapping = root.kind else { return [] }
        _ = Overrides.apply(overrides, to: &root)
        return ScenarioSchema.keys.filter { $0.kind == .file }.compactMap { key in
            var node: YNode? = root
            for part in key.path.split(separator: ".") {
                guard case .mapping(let entries)? = node?.kind else { return nil }
                node = entries.first { $0.name == part }?.value
            }
            return node?.scalar?.text
        }
    }
}
