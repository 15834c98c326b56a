/// A CSV file of an output folder, read strictly: the exact header the
/// writer uses, the same number of fields on every line, and numbers where
/// numbers belong. The files hold no quoted fields (no value contains a
/// comma), so none are accepted.
package struct CSVTable {
    package struct Row {
        /// 1-based line in the file.
        package let line: Int
        package let fields: [Substring]
    }

    package let file: String
    package let columns: [String]
    package let rows: [Row]

    package init(file: String, text: String, header: String) throws(ReportInputError) {
        self.file = file
        columns = header.split(separator: ",").map(String.init)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        guard let first = lines.first, !first.isEmpty else {
            throw ReportInputError(file: file, message: "the file is empty; expected the header \(header)")
        }
        let found = first.hasSuffix("\r") ? first.dropLast() : first
        guard found == header else {
            throw ReportInputError(file: file, line: 1, message: "unexpected header \"\(found)\"; expected \(header)")
        }
        var rows: [Row] = []
        for (i, raw) in lines.enumerated().dropFirst() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == columns.count else {
                throw ReportInputError(file: file, line: i + 1,
                                       message: "\(fields.count) fields; expected \(columns.count) (\(header))")
            }
            rows.append(Row(line: i + 1, fields: fields))
        }
        self.rows = rows
    }

    package func index(_ column: String) -> Int { columns.firstIndex(of: column)! }

    /// The text of `column` in `row`.
    package func text(_ row: Row, _ column: String) -> String { String(row.fields[index(column)]) }

    /// A number as the writer writes it: decimal, `inf`/`-inf`, or an empty
    /// field for an undefined value (NaN) when `allowEmpty`.
    package func number(_ row: Row, _ column: String, allowEmpty: Bool = false) throws(ReportInputError) -> Double {
        let field = row.fields[index(column)]
        if field.isEmpty {
            if allowEmpty { return .nan }
            throw ReportInputError(file: file, line: row.line, message: "column \(column) is empty; expected a number")
        }
        switch field {
        case "inf": return .infinity
        case "-inf": return -.infinity
        default: break
        }
        guard let v = Double(field), v.isFinite else {
            throw ReportInputError(file: file, line: row.line, message: "column \(column): \"\(field)\" is not a number")
        }
        return v
    }

    /// A whole number ≥ 0.
    package func count(_ row: Row, _ column: String) throws(ReportInputError) -> Int {
        let field = row.fields[index(column)]
        guard let v = Int(field), v >= 0 else {
            throw ReportInputError(file: file, line: row.line, message: "column \(column): \"\(field)\" is not a count (a whole number ≥ 0)")
        }
        return v
    }

    /// One of `allowed`.
    package func choice(_ row: Row, _ column: String, _ allowed: [String]) throws(ReportInputError) -> String {
        let field = String(row.fields[index(column)])
        guard allowed.contains(field) else {
            throw ReportInputError(file: file, line: row.line,
                                   message: "column \(column): \"\(field)\" is not one of \(allowed.joined(separator: ", "))")
        }
        return field
    }
}
