/// A `calibrate` question in a small YAML file: the same settings as the
/// command's options, read with the same rules.
///
/// ```yaml
/// scenario: district.yaml         # relative to this file
/// observed: drill-p2p.csv         # relative to this file
/// mode: p2p
/// vary:
///   - field.visit.mean=3..15m
///   - field.not_home=0.05..0.45
/// observed_until: 28              # optional
/// set: ["p2p.push_fails=0.1"]     # optional
/// ```
public struct CalibrationQuestionFile: Sendable, Equatable {
    public var scenario: String?
    public var observed: String?
    public var mode: String?
    public var vary: [String] = []
    public var set: [String] = []
    public var issued: String?
    public var observedUntil: Double?

    public init() {}

    public static let keys = ["scenario", "observed", "mode", "vary", "set", "issued", "observed_until"]

    public static func read(path: String) throws(ScenarioError) -> CalibrationQuestionFile {
        let text: String
        switch TextFile.read(path) {
        case .success(let t): text = t
        case .failure(let e): throw ScenarioError(issues: [ScenarioIssue(file: path, line: nil, key: "", message: e.reason)])
        }
        let parsed = YamlTree.parse(text, origin: path, keepLines: true)
        var issues = parsed.issues
        var q = CalibrationQuestionFile()
        guard issues.isEmpty else { throw ScenarioError(issues: issues) }
        guard let root = parsed.node, case .mapping(let entries) = root.kind else {
            throw ScenarioError(issues: [ScenarioIssue(file: path, line: 1, key: "", message: "expected a mapping of \(keys.joined(separator: ", "))")])
        }
        func relative(_ p: String) -> String { p.hasPrefix("/") ? p : PathText.directory(of: path) + "/" + p }
        for e in entries {
            func scalar() -> String? {
                guard let s = e.value.scalar, s.type != .null else {
                    issues.append(ScenarioIssue(file: path, line: e.key.line, key: e.name, message: "expected a value, found \(e.value.found)"))
                    return nil
                }
                return s.text
            }
            func list() -> [String] {
                if e.value.scalar != nil { return scalar().map { [$0] } ?? [] }
                guard case .sequence(let items) = e.value.kind else {
                    issues.append(ScenarioIssue(file: path, line: e.key.line, key: e.name, message: "expected a list of texts, found \(e.value.found)"))
                    return []
                }
                return items.compactMap { item in
                    if let s = item.scalar?.text { return s }
                    issues.append(ScenarioIssue(file: path, line: item.line, key: e.name, message: "expected a text such as field.visit.mean=3..15m, found \(item.found)"))
                    return nil
                }
            }
            switch e.name {
            case "scenario": q.scenario = scalar().map(relative)
            case "observed": q.observed = scalar().map(relative)
            case "mode": q.mode = scalar()
            case "vary": q.vary = list()
            case "set": q.set = list()
            case "issued": q.issued = scalar()
            case "observed_until":
                if let t = scalar() {
                    if let v = Double(t), v.isFinite, v > 0 { q.observedUntil = v } else {
                        issues.append(ScenarioIssue(file: path, line: e.key.line, key: e.name, message: "expected a number of hours > 0, found '\(t)'"))
                    }
                }
            default:
                issues.append(ScenarioIssue(file: path, line: e.key.line, key: e.name, message: "unknown key; allowed: \(keys.joined(separator: ", "))"))
            }
        }
        if !issues.isEmpty { throw ScenarioError(issues: issues) }
        return q
    }
}
