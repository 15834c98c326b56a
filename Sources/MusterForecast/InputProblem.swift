import Foundation

/// One problem of an input (the posterior), located.
public struct InputProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based line, 0 for the file as a whole.
    public var line: Int
    public var message: String

    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}

/// Every problem of an input.
public struct InputProblems: Error, Sendable {
    public var problems: [InputProblem]
    public init(_ problems: [InputProblem]) { self.problems = problems }
}


