/// Command-line overrides (`--set a.b.c=VALUE`), applied to the parsed tree
/// before validation so that overridden values get the same checks as
/// values in the file.
enum Overrides {
    /// The most parts an override's dotted path may have: the deepest
    /// scenario key has five, and the path is followed recursively.
    static let maxPathParts = 16
    /// Applies each override in order; later ones win. Problems (malformed
    /// text, invalid YAML values, paths through non-mappings) are returned
    /// located at `--set`.
    static func apply(_ overrides: [String], to root: inout YNode) -> [ScenarioIssue] {
        var issues: [ScenarioIssue] = []
        let file = ScenarioIssue.overrideFile
        for text in overrides {
            guard let eq = text.firstIndex(of: "=") else {
                issues.append(ScenarioIssue(file: file, line: nil, key: text,
                                            message: "malformed override: expected KEY=VALUE, e.g. layout.fanout.street=12"))
                continue
            }
            let key = text[..<eq].trimmingSpaces()
            let components = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !key.isEmpty, !components.contains(where: \.isEmpty) else {
                issues.append(ScenarioIssue(file: file, line: nil, key: text,
                                            message: "malformed override: expected KEY=VALUE with KEY a dotted path such as field.not_home, e.g. field.not_home=0.2"))
                continue
            }
            guard components.count <= Self.maxPathParts else {
                issues.append(ScenarioIssue(file: file, line: nil, key: String(key.prefix(60)) + (key.count > 60 ? "…" : ""),
                                            message: "an override path has at most \(Self.maxPathParts) dotted parts, found \(components.count); scenario keys are at most a few levels deep, e.g. tiered.levels.street.handlers"))
                continue
            }
            // The value is YAML so that numbers, mappings and lists work;
            // an empty value is null.
            let parsed = YamlTree.parse(String(text[text.index(after: eq)...]), origin: file,
                                        keepLines: false, key: key)
            issues += parsed.issues
            guard parsed.issues.isEmpty else { continue }
            let value = parsed.node ?? YNode(kind: .scalar(.init(text: "", type: .null)), origin: file, line: nil)
            if let problem = set(components[...], to: value, in: &root, done: []) {
                issues.append(ScenarioIssue(file: file, line: nil, key: key, message: problem))
            }
        }
        return issues
    }

    /// The position of the override an issue belongs to (the last one whose
    /// key is, or contains, the issue's key), so `--set` issues can be
    /// listed in command-line order.
    static func position(of issue: ScenarioIssue, in overrides: [String]) -> Int {
        let keys = overrides.map { text in
            text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first.map { $0.trimmingSpaces() } ?? ""
        }
        // An exact match first: a malformed text, or the key itself.
        for i in overrides.indices.reversed() where overrides[i] == issue.key || keys[i] == issue.key {
            return i
        }
        for (i, key) in keys.enumerated().reversed() where !key.isEmpty {
            if issue.key.hasPrefix(key + ".") || key.hasPrefix(issue.key + ".") { return i }
        }
        return Int.max
    }

    /// Sets the value at `path` below `node`, creating missing mappings;
    /// returns a message when a step of the path is not a mapping.
    private static func set(_ path: ArraySlice<String>, to value: YNode, in node: inout YNode,
                            done: [String]) -> String? {
        guard case .mapping(var entries) = node.kind else {
            let at = done.isEmpty ? "the scenario" : "'\(done.joined(separator: "."))'"
            return "cannot set a key inside \(at): it is \(node.found), not a mapping"
        }
        let name = path.first!
        let index = entries.firstIndex { $0.name == name }
        if path.count == 1 {
            if let index {
                entries[index].value = value
            } else {
                entries.append(.init(name: name, key: .string(name, origin: ScenarioIssue.overrideFile, line: nil),
                                     value: value))
            }
        } else {
            var child: YNode
            if let index {
                child = entries[index].value
                // A null section (`team:` with nothing) becomes a mapping.
                if child.isNull { child = .emptyMapping(origin: ScenarioIssue.overrideFile, line: nil) }
            } else {
                child = .emptyMapping(origin: ScenarioIssue.overrideFile, line: nil)
            }
            if let problem = set(path.dropFirst(), to: value, in: &child, done: done + [name]) {
                return problem
            }
            if let index {
                entries[index].value = child
            } else {
                entries.append(.init(name: name, key: .string(name, origin: ScenarioIssue.overrideFile, line: nil),
                                     value: child))
            }
        }
        node.kind = .mapping(entries)
        return nil
    }
}
