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
    /// layout CSVs, then overrides) and line; `--set` issues, which have no
    /// line, go by `overridePosition` (their place on the command line).
    /// The sort is stable so issues on one line keep the order they were
    /// found in.
    static func inFileOrder(_ issues: [ScenarioIssue], scenarioFile: String,
                            overridePosition: (ScenarioIssue) -> Int = { _ in 0 }) -> [ScenarioIssue] {
        func key(_ i: ScenarioIssue, _ offset: Int) -> (Int, Int, Int) {
            if i.file == overrideFile { return (2, overridePosition(i), offset) }
            return (i.file == scenarioFile ? 0 : 1, i.line ?? Int.max, offset)
        }
        return issues.enumerated().sorted { a, b in
            key(a.element, a.offset) < key(b.element, b.offset)
        }.map(\.element)
    }

    /// The `file` of issues in command-line overrides.
    static let overrideFile = "--set"
}
