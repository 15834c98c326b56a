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
        var index = KeyIndex()
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
            if let problem = set(components[...], to: value, in: &root, done: [], index: &index) {
                issues.append(ScenarioIssue(file: file, line: nil, key: key, message: problem))
            }
        }
        return issues
    }

    /// The position of the override an issue belongs to (the last one whose
    /// key is, or contains, the issue's key), so `--set` issues can be
    /// listed in command-line order.
    static func position(of issue: ScenarioIssue, in overrides: [String]) -> Int {
        Positions(overrides).of(issue)
    }

    /// `position(of:in:)` for many issues: the overrides indexed once, so
    /// each issue costs the length of its key, not the number of overrides.
    struct Positions {
        /// Last position of each exact text and each key.
        private var exact: [String: Int] = [:]
        /// Last position of each key and each of its dotted prefixes.
        private var prefixes: [String: Int] = [:]

        init(_ overrides: [String]) {
            for (i, text) in overrides.enumerated() {
                exact[text] = i
                let key = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first.map { $0.trimmingSpaces() } ?? ""
                guard !key.isEmpty else { continue }
                exact[key] = i
                var prefix = ""
                for part in key.split(separator: ".", omittingEmptySubsequences: false) {
                    prefix = prefix.isEmpty ? String(part) : prefix + "." + part
                    prefixes[prefix] = i
                }
            }
        }

        func of(_ issue: ScenarioIssue) -> Int {
            if let i = exact[issue.key] { return i }
            // An override whose key lies below the issue's key, or one
            // whose key is a prefix of the issue's: the last of either.
            var best = -1
            if let i = prefixes[issue.key] { best = i }
            var prefix = ""
            for part in issue.key.split(separator: ".", omittingEmptySubsequences: false).dropLast() {
                prefix = prefix.isEmpty ? String(part) : prefix + "." + part
                if let i = exact[prefix] { best = max(best, i) }
            }
            return best >= 0 ? best : Int.max
        }
    }

    /// Where each key sits in the mappings overrides have reached, by the
    /// mapping's dotted path, so that thousands of overrides cost each a
    /// dictionary look-up, not a scan of every key set before.
    struct KeyIndex {
        var byPath: [String: [String: Int]] = [:]

        /// Forgets the mappings at and below `path`: its value was replaced.
        mutating func forget(below path: String) {
            for key in byPath.keys where key == path || key.hasPrefix(path + ".") { byPath[key] = nil }
        }
    }

    /// Sets the value at `path` below `node`, creating missing mappings;
    /// returns a message when a step of the path is not a mapping.
    static func set(_ path: ArraySlice<String>, to value: YNode, in node: inout YNode,
                    done: [String], index: inout KeyIndex) -> String? {
        guard case .mapping(var entries) = node.kind else {
            let at = done.isEmpty ? "the scenario" : "'\(done.joined(separator: "."))'"
            return "cannot set a key inside \(at): it is \(node.found), not a mapping"
        }
        // The node lets go of its entries so they are changed in place.
        node.kind = .mapping([])
        defer { node.kind = .mapping(entries) }
        let here = done.joined(separator: ".")
        let name = path.first!
        var names = index.byPath[here] ?? Dictionary(entries.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        defer { index.byPath[here] = names }
        let found = names[name]
        let childPath = here.isEmpty ? name : here + "." + name
        if path.count == 1 {
            index.forget(below: childPath)
            if let found {
                entries[found].value = value
            } else {
                entries.append(.init(name: name, key: .string(name, origin: ScenarioIssue.overrideFile, line: nil),
                                     value: value))
                names[name] = entries.count - 1
            }
        } else {
            var child: YNode
            if let found {
                child = entries[found].value
                entries[found].value = .emptyMapping(origin: ScenarioIssue.overrideFile, line: nil)
                // A null section (`team:` with nothing) becomes a mapping.
                if child.isNull { child = .emptyMapping(origin: ScenarioIssue.overrideFile, line: nil); index.forget(below: childPath) }
            } else {
                child = .emptyMapping(origin: ScenarioIssue.overrideFile, line: nil)
            }
            let problem = set(path.dropFirst(), to: value, in: &child, done: done + [name], index: &index)
            if let found {
                entries[found].value = child
            } else if problem == nil {
                entries.append(.init(name: name, key: .string(name, origin: ScenarioIssue.overrideFile, line: nil),
                                     value: child))
                names[name] = entries.count - 1
            }
            if let problem { return problem }
        }
        return nil
    }
}
