/// An `optimize` or `select` question in a small YAML file
/// (docs/reference/commands.md, "muster optimize", "muster select"): the
/// same settings as the command's options, as text the command reads with
/// the same rules, so both give the same errors.
///
/// ```yaml
/// scenario: beilun.yaml          # relative to this file
/// vary: team.volunteers=0..10
/// target: p2p.order_complete.p90 <= 12h
/// find: least
/// confidence: 0.95
/// set: ["p2p.push_fails=0.1"]
/// ```
public struct QuestionFile: Sendable, Equatable {
    /// The scenario path, resolved against the question file's folder.
    public var scenario: String?
    public var vary: String?
    public var target: String?
    public var find: String?
    public var confidence: String?
    public var tolerance: String?
    public var set: [String] = []
    /// `select`: more scenario files (resolved like `scenario`), compared
    /// with it.
    public var candidates: [String] = []
    /// `select`: the first scenario with these overrides, one candidate each.
    public var variants: [String] = []
    /// `select`: MODE.MEASURE.STATISTIC.
    public var by: String?
    /// `select`: smallest or largest.
    public var best: String?
    /// `select`: the indifference zone, with a unit for times.
    public var indifference: String?
    public var maxReplications: String?
    public var sampling: String?
    /// Line of each key, for errors about its value.
    public var lines: [String: Int] = [:]

    public init() {}

    /// Which command's question: they share the file format, not the keys.
    public enum Kind: Sendable {
        case optimize, select

        public var keys: [String] {
            switch self {
            case .optimize: ["scenario", "vary", "target", "find", "confidence", "tolerance", "set"]
            case .select: ["scenario", "candidates", "variants", "by", "best", "indifference", "confidence",
                           "max_replications", "sampling", "set"]
            }
        }
    }

    public static let keys = Kind.optimize.keys

    /// Reads the file; every problem is located (file, line, key) in the error.
    public static func read(path: String, kind: Kind = .optimize) throws(ScenarioError) -> QuestionFile {
        let keys = kind.keys
        let text: String
        switch TextFile.read(path) {
        case .success(let t): text = t
        case .failure(let e): throw ScenarioError(issues: [ScenarioIssue(file: path, line: nil, key: "", message: e.reason)])
        }
        let parsed = YamlTree.parse(text, origin: path, keepLines: true)
        var issues = parsed.issues
        var q = QuestionFile()
        guard issues.isEmpty else { throw ScenarioError(issues: issues) }
        guard let root = parsed.node, case .mapping(let entries) = root.kind else {
            throw ScenarioError(issues: [ScenarioIssue(file: path, line: 1, key: "",
                                                       message: "expected a mapping of \(keys.joined(separator: ", "))")])
        }
        for e in entries {
            q.lines[e.name] = e.key.line
            func scalar() -> String? {
                guard let s = e.value.scalar, s.type != .null else {
                    issues.append(ScenarioIssue(file: path, line: e.key.line, key: e.name, message: "expected a value, found \(e.value.found)"))
                    return nil
                }
                return s.text
            }
            func list() -> [String] {
                guard case .sequence(let items) = e.value.kind else {
                    issues.append(ScenarioIssue(file: path, line: e.key.line, key: e.name,
                                                message: "expected a list, found \(e.value.found)"))
                    return []
                }
                var out: [String] = []
                for item in items {
                    if let s = item.scalar?.text { out.append(s) } else {
                        issues.append(ScenarioIssue(file: path, line: item.line, key: e.name, message: "expected text, found \(item.found)"))
                    }
                }
                return out
            }
            guard keys.contains(e.name) else {
                issues.append(ScenarioIssue(file: path, line: e.key.line, key: e.name,
                                            message: "unknown key; allowed: \(keys.joined(separator: ", "))"))
                continue
            }
            switch e.name {
            case "candidates":
                q.candidates = list().map { $0.hasPrefix("/") ? $0 : PathText.directory(of: path) + "/" + $0 }
            case "variants": q.variants = list()
            case "by": q.by = scalar()
            case "best": q.best = scalar()
            case "indifference": q.indifference = scalar()
            case "max_replications": q.maxReplications = scalar()
            case "sampling": q.sampling = scalar()
            case "scenario":
                q.scenario = scalar().map { $0.hasPrefix("/") ? $0 : PathText.directory(of: path) + "/" + $0 }
            case "vary": q.vary = scalar()
            case "target": q.target = scalar()
            case "find": q.find = scalar()
            case "confidence": q.confidence = scalar()
            case "tolerance": q.tolerance = scalar()
            case "set":
                if case .sequence(let items) = e.value.kind {
                    for item in items {
                        if let s = item.scalar?.text { q.set.append(s) } else {
                            issues.append(ScenarioIssue(file: path, line: item.line, key: "set", message: "expected KEY=VALUE text, found \(item.found)"))
                        }
                    }
                } else {
                    issues.append(ScenarioIssue(file: path, line: e.key.line, key: "set",
                                                message: "expected a list of KEY=VALUE overrides, found \(e.value.found)"))
                }
            default:
                issues.append(ScenarioIssue(file: path, line: e.key.line, key: e.name,
                                            message: "unknown key; allowed: \(keys.joined(separator: ", "))"))
            }
        }
        if !issues.isEmpty { throw ScenarioError(issues: issues) }
        return q
    }
}
