/// A calibration's `posterior.csv` as a forecast uses it: one row per
/// particle, a column per parameter, a `weight` column and optionally
/// `particle` (an index) and `generation` columns; only the last
/// generation is the posterior (docs/reference/forecast.md). A parameter
/// column is named by its scenario path, several paths tied to one value
/// joined by `+`, and the unit of its values in brackets
/// (`field.visit.mean[m]`: a value 9.5 is `--set field.visit.mean=9.5m`),
/// as `muster calibrate` writes it.
public struct PosteriorTable: Sendable, Equatable {
    /// The scenario paths, in column order.
    public var paths: [String]
    /// Per particle: `path=value` overrides, in column order.
    public var overrides: [[String]]
    public var weights: [Double]
    /// 1-based line of each particle, for messages.
    public var lines: [Int]

    public static func parse(_ text: String, file: String) throws(InputProblems) -> PosteriorTable {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        while lines.last == "" { lines.removeLast() }
        guard let head = lines.first else { throw InputProblems([InputProblem(file: file, line: 0, message: "the posterior is empty")]) }
        let names = head.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmed }
        guard let w = names.firstIndex(of: "weight") else {
            throw InputProblems([InputProblem(file: file, line: 1, message: "no weight column; a posterior.csv has one column per parameter path, weight and generation")])
        }
        let gen = names.firstIndex(of: "generation")
        let index = names.firstIndex(of: "particle")
        let pathColumns = names.indices.filter { $0 != w && $0 != gen && $0 != index }
        // Each column: its paths and the unit its values are written in.
        let columns = pathColumns.map { c -> (paths: [String], unit: String) in
            var name = Substring(names[c])
            var unit = ""
            if name.hasSuffix("]"), let open = name.lastIndex(of: "[") {
                unit = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
                name = name[..<open]
            }
            return (name.split(separator: "+").map { String($0).trimmed }, unit)
        }
        guard !pathColumns.isEmpty else {
            throw InputProblems([InputProblem(file: file, line: 1, message: "no parameter column; expected columns named by scenario paths such as field.visit.mean")])
        }
        var problems: [InputProblem] = []
        var rows: [(gen: Double, over: [String], weight: Double, line: Int)] = []
        for (i, raw) in lines.enumerated().dropFirst() {
            let f = raw.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmed }
            if f.allSatisfy(\.isEmpty) { continue }
            guard f.count == names.count else {
                problems.append(InputProblem(file: file, line: i + 1, message: "\(f.count) fields; the header has \(names.count)"))
                continue
            }
            guard let weight = Double(f[w]), weight.isFinite, weight >= 0 else {
                problems.append(InputProblem(file: file, line: i + 1, message: "weight \"\(f[w])\" is not a number ≥ 0"))
                continue
            }
            var g = 0.0
            if let gen {
                guard let v = Double(f[gen]), v.isFinite else {
                    problems.append(InputProblem(file: file, line: i + 1, message: "generation \"\(f[gen])\" is not a number"))
                    continue
                }
                g = v
            }
            var over: [String] = []
            for (k, c) in pathColumns.enumerated() {
                if f[c].isEmpty { problems.append(InputProblem(file: file, line: i + 1, message: "\(names[c]) is empty")) }
                for path in columns[k].paths { over.append("\(path)=\(f[c])\(columns[k].unit)") }
            }
            rows.append((g, over, weight, i + 1))
        }
        if rows.isEmpty && problems.isEmpty { problems.append(InputProblem(file: file, line: 0, message: "no particle rows")) }
        guard problems.isEmpty else { throw InputProblems(problems) }
        let last = rows.map(\.gen).max()!
        let kept = rows.filter { $0.gen == last }
        if kept.reduce(0, { $0 + $1.weight }) <= 0 {
            throw InputProblems([InputProblem(file: file, line: 0, message: "the weights of generation \(last) add up to 0")])
        }
        return PosteriorTable(paths: columns.flatMap(\.paths), overrides: kept.map(\.over),
                              weights: kept.map(\.weight), lines: kept.map(\.line))
    }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
