/// Lists problems on stderr, at most `limit` of them: a file with millions
/// of unknown keys must not become gigabytes of messages. The count line
/// that follows (`N problems found`) always gives the full number.
enum ProblemReport {
    static let limit = 50

    /// Deprecation notes and other problems that do not stop the command.
    static func warn<T: CustomStringConvertible>(_ warnings: [T]) {
        for w in warnings.prefix(limit) { Stderr.write("warning: \(w)\n") }
        if warnings.count > limit {
            Stderr.write("warning: … and \(warnings.count - limit) more (only the first \(limit) are shown)\n")
        }
    }

    static func write<T: CustomStringConvertible>(_ problems: [T]) {
        for p in problems.prefix(limit) { Stderr.write("error: \(p)\n") }
        if problems.count > limit {
            Stderr.write("error: … and \(problems.count - limit) more (only the first \(limit) are shown)\n")
        }
    }
}
