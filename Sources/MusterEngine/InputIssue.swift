/// One problem found in a file a user wrote (a scenario, a layout CSV, a
/// sweep file, a baseline), located so it can be fixed without guessing:
/// the file, the line and the dotted key, with what is wrong and what is
/// allowed. Every input reader reports its problems this way, so they all
/// read `file:line: key: message`.
public struct InputIssue: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path as given, or `--set` for a problem in a command-line
    /// override.
    public var file: String
    /// 1-based line of the offending node; nil when there is none (values
    /// given with `--set`, problems of a whole file).
    public var line: Int?
    /// Dotted path of the key, e.g. `tiered.street.handle.mean`; for a CSV
    /// file, the column name; empty for a problem of the whole file.
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
