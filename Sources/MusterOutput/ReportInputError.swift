/// A problem with a file of an output folder that the report reads: which
/// file, which line (CSV), what is wrong.
public struct ReportInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, as named in the folder (`coverage.csv`), or the folder.
    public var file: String
    /// 1-based line of a CSV file; nil for a whole-file problem.
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file; self.line = line; self.message = message
    }

    /// `coverage.csv:17: column p10: "x" is not a number`.
    public var description: String {
        line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }
}
