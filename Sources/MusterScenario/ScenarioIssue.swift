/// One problem found in a scenario, located so a planner can fix it
/// without guessing: the file, the line and the dotted key.
public struct ScenarioIssue: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path as given (scenario or layout CSV), or `--set` for a problem
    /// in a command-line override.
    public var file: String
    /// 1-based line of the offending node; nil when there is none (values
    /// given with `--set`, problems of a whole file).
    public var line: Int?
    /// Dotted path of the key, e.g. `tiered.street.handle.mean`; for a
    /// layout CSV, the column name; empty for a problem of the whole file.
    public var key: String
    /// What is wrong and what is allowed.
    public var message: String

    public init(file: String, line: Int?, key: String, message: String) {
        self.file = file; self.line = line; self.key = key; self.message = message
    }

    /// `scenarios/x.yaml:12: field.visit.dist: unknown distribution ...`
    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        if !key.isEmpty { s += ": \(key)" }
        return s + ": " + message
    }
}

/// Every problem found in a scenario at once, so that one run of
/// `muster validate` lists them all.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    /// The problems, scenario file first in line order, then layout files,
    /// then `--set` overrides.
    public var issues: [ScenarioIssue]

    public init(issues: [ScenarioIssue]) { self.issues = issues }

    /// One issue per line.
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

extension ScenarioIssue {
    /// Orders issues by file (the scenario itself, then other files such as
    /// layout CSVs, then overrides) and line; the sort is stable so issues
    /// on one line keep the order they were found in.
    static func inFileOrder(_ issues: [ScenarioIssue], scenarioFile: String) -> [ScenarioIssue] {
        func rank(_ i: ScenarioIssue) -> Int {
            i.file == scenarioFile ? 0 : (i.file == overrideFile ? 2 : 1)
        }
        return issues.enumerated().sorted { a, b in
            let ka = (rank(a.element), a.element.line ?? Int.max, a.offset)
            let kb = (rank(b.element), b.element.line ?? Int.max, b.offset)
            return ka < kb
        }.map(\.element)
    }

    /// The `file` of issues in command-line overrides.
    static let overrideFile = "--set"
}
