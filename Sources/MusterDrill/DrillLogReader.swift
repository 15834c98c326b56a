import MusterEngine
import MusterModel

/// How a drill log's times are to be read.
public struct DrillLogOptions: Sendable, Equatable {
    /// When the order was issued (text of `--issued`, a local ISO 8601
    /// date-time); required for `notified_at`/`done_at` columns only.
    public var issued: String?
    /// Hours after issue when the log ended (`--observed-until`); nil when
    /// it ran to the end of the order.
    public var observedUntil: Double?

    public init(issued: String? = nil, observedUntil: Double? = nil) {
        self.issued = issued; self.observedUntil = observedUntil
    }
}

/// Every problem found in a drill log (or its options) at once.
public struct DrillLogError: Error, Sendable, CustomStringConvertible {
    public var issues: [InputIssue]
    public init(issues: [InputIssue]) { self.issues = issues }
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// Reads a drill log strictly (docs/reference/drill-log.md): every problem
/// is reported with the file, the line and the column, and a log with any
/// problem gives no `DrillLog`.
public enum DrillLogReader {
    /// Columns a log may have.
    public static let hoursColumns = ["notified_hours", "done_hours"]
    public static let dateTimeColumns = ["notified_at", "done_at"]
    public static let allColumns = ["unit_id"] + hoursColumns + dateTimeColumns

    /// Reads the log at `path` (a regular UTF-8 file of at most 64 MiB).
    public static func read(path: String, layout: DrillLayout, start: WeekTime,
                            options: DrillLogOptions) throws(DrillLogError) -> DrillLog {
        let text: String
        switch RegularFile.read(path) {
        case .failure(let e):
            throw DrillLogError(issues: [InputIssue(file: path, line: nil, key: "", message: "cannot read the drill log: \(e.reason)")])
        case .success(let bytes):
            guard let t = String(validating: bytes, as: UTF8.self) else {
                throw DrillLogError(issues: [InputIssue(file: path, line: nil, key: "", message: "the drill log is not UTF-8 text")])
            }
            text = t
        }
        return try parse(text, file: path, layout: layout, start: start, options: options)
    }

    /// Reads a log's text; `file` is the name problems carry; `start` is
    /// the scenario's start, which `options.issued` must agree with.
    public static func parse(_ text: String, file: String, layout: DrillLayout, start: WeekTime,
                             options: DrillLogOptions) throws(DrillLogError) -> DrillLog {
        var issues: [InputIssue] = []
        func issue(_ line: Int?, _ key: String, _ message: String) {
            issues.append(InputIssue(file: file, line: line, key: key, message: message))
        }
        func optionIssue(_ option: String, _ message: String) {
            issues.append(InputIssue(file: option, line: nil, key: "", message: message))
        }
        if let end = options.observedUntil, !(end.isFinite && end > 0) {
            optionIssue("--observed-until", "expected a number of hours > 0, found \(end)")
        }
        var issued: DrillDateTime?
        if let text = options.issued {
            switch DrillDateTime.parse(text) {
            case .failure(let f): optionIssue("--issued", "'\(f.text)': \(f.reason)")
            case .success(let t):
                issued = t
                if t.weekSeconds != start.seconds {
                    optionIssue("--issued", "\(t) is a \(WeekTime(seconds: t.weekSeconds)), but the scenario's start is \(start); "
                                + "the drill must be simulated from the weekday and clock time it was issued (set the scenario's start, e.g. --set 'start=\(WeekTime(seconds: t.weekSeconds))')")
                }
            }
        }

        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = first.dropFirst() }
        guard let headLine = lines.first, !headLine.allSatisfy({ $0 == " " || $0 == "\t" }) else {
            issue(1, "", "the drill log is empty; expected a header such as unit_id,notified_hours,done_hours")
            throw DrillLogError(issues: issues)
        }
        // Header: known columns, once each, one kind of time.
        var head: [String] = []
        switch CSVFields.split(headLine) {
        case .failure(let e): issue(1, "header", e.reason)
        case .success(let f): head = f.map { $0.lowercased() }
        }
        var column: [String: Int] = [:]
        for (i, name) in head.enumerated() {
            if !allColumns.contains(name) {
                issue(1, name.isEmpty ? "header" : name, "unknown column '\(name)'; allowed: \(allColumns.joined(separator: ", "))")
            } else if column[name] != nil {
                issue(1, name, "the column '\(name)' appears twice")
            } else {
                column[name] = i
            }
        }
        if !head.isEmpty && column["unit_id"] == nil { issue(1, "unit_id", "the header has no unit_id column (the micro-grid's id in the layout CSV)") }
        let hasHours = hoursColumns.contains { column[$0] != nil }
        let hasAt = dateTimeColumns.contains { column[$0] != nil }
        if hasHours && hasAt {
            issue(1, "header", "give times either as hours (notified_hours, done_hours) or as date-times (notified_at, done_at), not both")
        }
        if !head.isEmpty && !hasHours && !hasAt {
            issue(1, "header", "no time column: give done_hours (and notified_hours), or done_at (and notified_at) with --issued")
        }
        if hasAt && options.issued == nil {
            issue(1, "header", "notified_at/done_at are date-times: give --issued DATE-TIME (when the order was issued) to turn them into hours")
        }
        if !hasAt && options.issued != nil && !head.isEmpty {
            optionIssue("--issued", "the log has no notified_at/done_at column, so --issued would not be used; leave it out")
        }
        let notifiedColumn = hasAt ? "notified_at" : "notified_hours"
        let doneColumn = hasAt ? "done_at" : "done_hours"
        guard issues.filter({ $0.line == 1 }).isEmpty, let idColumn = column["unit_id"] else {
            throw DrillLogError(issues: issues)
        }

        let m = layout.microgridCount
        var index: [String: Int] = [:]
        index.reserveCapacity(m)
        for (g, id) in layout.microgridIds.enumerated() { index[id] = g }
        var notified = [Double](repeating: .nan, count: m)
        var done = [Double](repeating: .nan, count: m)
        var lineOf = [Int](repeating: 0, count: m)
        var rows = 0

        func time(_ fields: [String], _ name: String, _ line: Int) -> Double? {
            guard let c = column[name] else { return .nan }
            let cell = fields[c]
            if cell.isEmpty { return .nan }
            var hours: Double
            if hasAt {
                switch DrillDateTime.parse(cell) {
                case .failure(let f):
                    issue(line, name, "'\(cell)': \(f.reason)")
                    return nil
                case .success(let t):
                    guard let issued else { return nil }
                    hours = t.hours(since: issued)
                    if hours < 0 {
                        issue(line, name, "\(cell) is before the order was issued (--issued \(issued))")
                        return nil
                    }
                }
            } else {
                guard let v = Double(cell), v.isFinite else {
                    issue(line, name, "'\(cell)' is not a number of hours (a decimal number such as 3.25, or empty when not observed)")
                    return nil
                }
                guard v >= 0 else {
                    issue(line, name, "\(cell) is negative; times are hours since the order was issued")
                    return nil
                }
                hours = v
            }
            if let end = options.observedUntil, end.isFinite, end > 0, hours > end {
                issue(line, name, "\(cell) is after the log's end (--observed-until \(hoursText(end)) h)")
                return nil
            }
            return hours
        }

        for (offset, raw) in lines.enumerated().dropFirst() {
            let line = offset + 1
            if raw.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            rows += 1
            let fields: [String]
            switch CSVFields.split(raw) {
            case .failure(let e):
                issue(line, "row", e.reason)
                continue
            case .success(let f): fields = f
            }
            guard fields.count == head.count else {
                issue(line, "row", "\(fields.count) field\(fields.count == 1 ? "" : "s"); the header has \(head.count) (\(head.joined(separator: ",")))")
                continue
            }
            let id = fields[idColumn]
            var g: Int?
            if id.isEmpty {
                issue(line, "unit_id", "the unit_id is empty")
            } else if let k = index[id] {
                if lineOf[k] != 0 {
                    issue(line, "unit_id", "duplicate unit_id '\(id)' (first on line \(lineOf[k])); one row per micro-grid")
                } else {
                    lineOf[k] = line
                    g = k
                }
            } else if let level = layout.otherUnits[id] {
                issue(line, "unit_id", "'\(id)' is a \(level.name) of the layout, not a micro-grid; the log has one row per micro-grid")
            } else {
                issue(line, "unit_id", "'\(id)' is not a micro-grid of the scenario's layout")
            }
            let n = time(fields, notifiedColumn, line)
            let d = time(fields, doneColumn, line)
            if let n, let d, !n.isNaN, !d.isNaN, d < n {
                issue(line, doneColumn, "done (\(hoursText(d)) h) is before notified (\(hoursText(n)) h)")
            }
            if let g {
                notified[g] = n ?? .nan
                done[g] = d ?? .nan
            }
        }
        if rows == 0 {
            issue(nil, "", "the drill log has a header but no rows: give one row per micro-grid of the layout")
        } else {
            let missing = (0..<m).filter { lineOf[$0] == 0 }.map { layout.microgridIds[$0] }
            if !missing.isEmpty {
                let shown = missing.prefix(10).joined(separator: ", ") + (missing.count > 10 ? ", …" : "")
                issue(nil, "unit_id", "\(missing.count) micro-grid\(missing.count == 1 ? "" : "s") of the layout \(missing.count == 1 ? "has" : "have") no row (\(shown)); "
                      + "give every micro-grid a row, with empty cells for times not observed")
            }
        }
        guard issues.isEmpty else { throw DrillLogError(issues: issues) }
        return DrillLog(microgridIds: layout.microgridIds, notified: notified, done: done,
                        observedUntil: options.observedUntil,
                        hasNotified: column[notifiedColumn] != nil, hasDone: column[doneColumn] != nil)
    }
}

/// Splitting one CSV line (RFC 4180 quoting, fields trimmed of spaces).
enum CSVFields {
    static func split<S: StringProtocol>(_ line: S) -> Result<[String], CSVFieldError> {
        var fields: [String] = []
        var field = ""
        var quoted = false, wasQuoted = false
        var it = Array(line)
        if it.last == "\r" { it.removeLast() }
        var i = 0
        while i < it.count {
            let c = it[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < it.count && it[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "," {
                fields.append(wasQuoted ? field : field.trimmingSpaces())
                field = ""; wasQuoted = false
            } else if c == "\"" && field.trimmingSpaces().isEmpty {
                quoted = true; wasQuoted = true; field = ""
            } else if wasQuoted && c != " " && c != "\t" {
                return .failure(CSVFieldError(reason: "text after a closing quote; a quoted field ends at its closing quote"))
            } else if !wasQuoted {
                field.append(c)
            }
            i += 1
        }
        if quoted { return .failure(CSVFieldError(reason: "a quoted field is not closed on this line")) }
        fields.append(wasQuoted ? field : field.trimmingSpaces())
        return .success(fields)
    }
}

/// Why a CSV line could not be split.
struct CSVFieldError: Error {
    let reason: String
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
