import Foundation
import MusterModel

/// One problem of a log, located.
public struct LogProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based line, 0 for the file as a whole.
    public var line: Int
    public var message: String

    public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}

/// A log of an order as far as it goes (the drill-log format,
/// docs/reference/forecast.md, "The log"): one row per micro-grid with its
/// notification and done times in hours since issue, empty where not yet
/// seen. Read with every problem found at once.
public struct ForecastLog: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var id: String
        public var notified: Double
        public var done: Double
        public var line: Int
    }

    public var file: String
    public var rows: [Row]
    /// The layout's micro-grid ids, in layout order.
    public var microgridIds: [String]

    public static let columns = ["unit_id", "notified_hours", "done_hours"]

    /// Reads a log's text for a layout whose micro-grids have
    /// `microgridIds` (layout order; `unitIds` names every unit, to say
    /// which are not micro-grids); every problem is in the error.
    public static func parse(_ text: String, file: String, microgridIds: [String], unitIds: [String]) throws(LogErrors) -> ForecastLog {
        var problems: [LogProblem] = []
        let position = Dictionary(microgridIds.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let units = Set(unitIds)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        while lines.last == "" { lines.removeLast() }
        guard let head = lines.first else { throw LogErrors([LogProblem(file: file, line: 0, message: "the log is empty; expected the header unit_id,notified_hours,done_hours")]) }
        let names = head.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var index: [String: Int] = [:]
        for (i, n) in names.enumerated() {
            if index[n] != nil { problems.append(LogProblem(file: file, line: 1, message: "column \(n) appears twice")) }
            index[n] = i
        }
        for c in columns where index[c] == nil {
            problems.append(LogProblem(file: file, line: 1, message: "no column \(c); the header must name unit_id, notified_hours and done_hours (other columns are ignored)"))
        }
        guard problems.isEmpty else { throw LogErrors(problems) }
        var rows: [Row] = []
        var seen: [String: Int] = [:]
        for (i, raw) in lines.enumerated().dropFirst() {
            let line = i + 1
            if raw.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let f = raw.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard f.count == names.count else {
                problems.append(LogProblem(file: file, line: line, message: "\(f.count) fields; the header has \(names.count)"))
                continue
            }
            let id = f[index["unit_id"]!]
            if id.isEmpty { problems.append(LogProblem(file: file, line: line, message: "unit_id is empty")); continue }
            if let first = seen[id] {
                problems.append(LogProblem(file: file, line: line, message: "unit \(id) appears again (first on line \(first)); one row per micro-grid"))
                continue
            }
            seen[id] = line
            if position[id] == nil {
                let what = units.contains(id) ? "is not a micro-grid of the layout (only micro-grids are logged)"
                                              : "is not a unit of the layout"
                problems.append(LogProblem(file: file, line: line, message: "unit \(id) \(what)"))
            }
            func time(_ column: String) -> Double {
                let t = f[index[column]!]
                if t.isEmpty { return .nan }
                guard let v = Double(t), v.isFinite else {
                    problems.append(LogProblem(file: file, line: line, message: "\(column) \"\(t)\" is not a number of hours (leave it empty when not yet seen)"))
                    return .nan
                }
                if v < 0 { problems.append(LogProblem(file: file, line: line, message: "\(column) \(t) is negative; times are hours since the order was issued")) }
                return v
            }
            let n = time("notified_hours"), d = time("done_hours")
            if !n.isNaN && !d.isNaN && d < n {
                problems.append(LogProblem(file: file, line: line, message: "done_hours \(f[index["done_hours"]!]) is before notified_hours \(f[index["notified_hours"]!])"))
            }
            rows.append(Row(id: id, notified: n, done: d, line: line))
        }
        guard problems.isEmpty else { throw LogErrors(problems) }
        return ForecastLog(file: file, rows: rows, microgridIds: microgridIds)
    }

    /// What the log shows at `now`: times after `now` are not seen yet;
    /// a micro-grid without a row has shown nothing.
    public func observation(now: Double) -> OrderObservation {
        let position = Dictionary(microgridIds.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var notified = [Double](repeating: .nan, count: microgridIds.count)
        var done = notified
        for r in rows {
            guard let g = position[r.id] else { continue }
            if r.notified <= now { notified[g] = r.notified }
            if r.done <= now { done[g] = r.done }
        }
        return OrderObservation(now: now, notified: notified, done: done)
    }

    /// The latest time in the log (0 for a log with no times).
    public var lastEvent: Double {
        rows.reduce(0) { max($0, $1.notified.isNaN ? 0 : $1.notified, $1.done.isNaN ? 0 : $1.done) }
    }

    /// Whether every row has a done time: a finished order, for `--replay`.
    public var isFinished: Bool { !rows.isEmpty && rows.allSatisfy { !$0.done.isNaN } }
}

/// Every problem of a log.
public struct LogErrors: Error, Sendable {
    public var problems: [LogProblem]
    public init(_ problems: [LogProblem]) { self.problems = problems }
}


extension ForecastLog {
    /// A log's text for a finished (simulated) order, cut at `now`: every
    /// micro-grid a row, times after `now` left empty. Times are written
    /// in Swift's shortest round-trip form, so they read back exactly.
    public static func text(notified: [Double], done: [Double], ids: [String], now: Double = .infinity) -> String {
        var s = columns.joined(separator: ",") + "\n"
        for g in ids.indices {
            let n = notified[g] <= now ? "\(notified[g])" : ""
            let d = done[g] <= now ? "\(done[g])" : ""
            s += "\(ids[g]),\(n),\(d)\n"
        }
        return s
    }
}
