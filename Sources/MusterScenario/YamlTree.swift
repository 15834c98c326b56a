import Yams

/// A YAML node together with where it came from.
///
/// Scenario nodes are converted from Yams' `Node` once, so that every node
/// carries its origin (the scenario file, or `--set` for values an override
/// inserted) and the validation code can report the right file and line.
struct YNode {
    enum Kind {
        case scalar(Scalar)
        case mapping([Entry])
        case sequence([YNode])
    }

    /// What YAML resolved a plain scalar to; quoted scalars are strings.
    enum ScalarType { case string, int, float, bool, null }

    struct Scalar {
        var text: String
        var type: ScalarType
        /// The value when `type` is `.int`.
        var int: Int?
        /// The value when `type` is `.int` or `.float`.
        var double: Double?
    }

    /// A key–value pair of a mapping; keys are always scalars (names).
    struct Entry {
        var name: String
        /// The key's own node, so an unknown key is reported on its line.
        var key: YNode
        var value: YNode
    }

    var kind: Kind
    /// The scenario file path, or `--set`.
    var origin: String
    /// 1-based line, nil for nodes an override inserted.
    var line: Int?

    static func emptyMapping(origin: String, line: Int?) -> YNode {
        YNode(kind: .mapping([]), origin: origin, line: line)
    }

    static func string(_ text: String, origin: String, line: Int?) -> YNode {
        YNode(kind: .scalar(Scalar(text: text, type: .string)), origin: origin, line: line)
    }

    var scalar: Scalar? {
        if case .scalar(let s) = kind { return s }
        return nil
    }

    var isNull: Bool { scalar?.type == .null }

    /// A short phrase naming what the node is, for "expected X, found Y".
    var found: String {
        switch kind {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let s):
            return s.type == .null ? "nothing (null)" : "'\(s.text)'"
        }
    }
}

/// Parsing YAML text into `YNode`s.
enum YamlTree {
    /// Parses one YAML document. An empty document gives nil and no issue;
    /// a syntax error gives an issue at the line Yams reports.
    ///
    /// - Parameters:
    ///   - origin: the file name issues should carry.
    ///   - keepLines: false for override values, whose lines (always 1)
    ///     would point into the wrong file.
    ///   - key: the key syntax issues should carry.
    static func parse(_ text: String, origin: String, keepLines: Bool, key: String = "")
        -> (node: YNode?, issues: [ScenarioIssue])
    {
        if let problem = YamlLimits.nestingProblem(text) {
            return (nil, [ScenarioIssue(file: origin, line: keepLines ? problem.line : nil, key: key,
                                        message: problem.message)])
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let (line, problem) = describe(error, text: text)
            return (nil, [ScenarioIssue(file: origin, line: keepLines ? line : nil, key: key,
                                        message: "invalid YAML: \(problem)")])
        } catch {
            return (nil, [ScenarioIssue(file: origin, line: nil, key: key, message: "invalid YAML: \(error)")])
        }
        guard let node else { return (nil, []) }
        var issues: [ScenarioIssue] = []
        var budget = YamlLimits.maxNodes
        guard let tree = convert(node, origin: origin, keepLines: keepLines, issues: &issues, budget: &budget) else {
            return (nil, [ScenarioIssue(file: origin, line: nil, key: key,
                                        message: "the document expands to more than \(YamlLimits.maxNodes) values (anchors and aliases repeated within each other?); a scenario has a few hundred")])
        }
        return (tree, issues)
    }

    /// The line and a one-line problem text of a Yams error.
    private static func describe(_ error: YamlError, text: String) -> (Int?, String) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let ctx = context.map { " (\($0.text) on line \($0.mark.line))" } ?? ""
            return (mark.line, problem + ctx)
        case .reader(let problem, let offset, _, _):
            // The reader reports a character offset; count the lines before it.
            let line = offset.map { off in 1 + text.prefix(off).filter { $0 == "\n" }.count }
            return (line, problem)
        default:
            return (nil, String(describing: error))
        }
    }

    /// Nil when the tree has more than `budget` nodes: aliases are shared
    /// in Yams' tree but copied here, so a small "billion laughs" document
    /// would otherwise expand without bound.
    private static func convert(_ node: Node, origin: String, keepLines: Bool,
                                issues: inout [ScenarioIssue], budget: inout Int) -> YNode? {
        budget -= 1
        guard budget >= 0 else { return nil }
        let line = keepLines ? node.mark?.line : nil
        switch node {
        case .scalar(let s):
            return YNode(kind: .scalar(scalar(s, tag: Tag.Name(rawValue: node.tag.description))), origin: origin, line: line)
        case .sequence(let seq):
            var items: [YNode] = []
            for item in seq {
                guard let converted = convert(item, origin: origin, keepLines: keepLines, issues: &issues, budget: &budget) else { return nil }
                items.append(converted)
            }
            return YNode(kind: .sequence(items), origin: origin, line: line)
        case .mapping(let map):
            var entries: [YNode.Entry] = []
            for (k, v) in map {
                guard let key = convert(k, origin: origin, keepLines: keepLines, issues: &issues, budget: &budget) else { return nil }
                guard let ks = key.scalar, ks.type != .null else {
                    issues.append(ScenarioIssue(file: origin, line: key.line, key: "",
                                                message: "a mapping key must be a plain name, found \(key.found)"))
                    continue
                }
                guard let value = convert(v, origin: origin, keepLines: keepLines, issues: &issues, budget: &budget) else { return nil }
                entries.append(YNode.Entry(name: ks.text, key: key, value: value))
            }
            return YNode(kind: .mapping(entries), origin: origin, line: line)
        }
    }

    private static func scalar(_ s: Node.Scalar, tag: Tag.Name) -> YNode.Scalar {
        switch tag {
        case .null:
            return YNode.Scalar(text: s.string, type: .null)
        case .bool:
            return YNode.Scalar(text: s.string, type: .bool)
        case .int:
            // A YAML int too large for Int is still a number (e.g. a seed).
            return YNode.Scalar(text: s.string, type: .int, int: Int.construct(from: s),
                                double: Double.construct(from: s))
        case .float:
            return YNode.Scalar(text: s.string, type: .float, double: Double.construct(from: s))
        default:
            return YNode.Scalar(text: s.string, type: .string)
        }
    }
}
