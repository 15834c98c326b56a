import MusterModel

/// Reading a layout CSV (`id,parent,level,households`) into units.
///
/// Issues carry the CSV's path, the CSV line and the column, so that a
/// planner importing a real layout can fix the exact cell.
enum LayoutCSV {
    static let header = ["id", "parent", "level", "households"]

    private struct Row {
        let line: Int
        let id: String
        let parent: String
        let level: Level?
        let households: Int?
    }

    /// Parses and validates the text of a layout file; `file` is the path
    /// issues should name.
    static func parse(_ text: String, file: String) -> (units: [LayoutUnit], issues: [ScenarioIssue]) {
        var issues: [ScenarioIssue] = []
        func issue(_ line: Int?, _ key: String, _ message: String) {
            issues.append(ScenarioIssue(file: file, line: line, key: key, message: message))
        }
        let levelNames = Level.allCases.map(\.name).joined(separator: ", ")

        // "\r\n" is one Character in Swift, so it is a separator of its own.
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = first.dropFirst() }

        guard let headerLine = lines.first, let head = fields(headerLine),
              head.map({ $0.lowercased() }) == header else {
            issue(1, "header", "the first line must be exactly '\(header.joined(separator: ","))', found '\(lines.first ?? "")'")
            return ([], issues)
        }

        // Pass 1: each row on its own.
        var rows: [Row] = []
        for (offset, raw) in lines.enumerated().dropFirst() {
            let line = offset + 1
            if raw.trimmingSpaces().isEmpty { continue }
            guard let f = fields(raw), f.count == 4 else {
                issue(line, "row", "expected 4 comma-separated fields (id,parent,level,households), found '\(raw)'")
                continue
            }
            let id = f[0], parent = f[1], levelText = f[2], hh = f[3]
            if id.isEmpty { issue(line, "id", "the id is empty; every unit needs a unique id") }
            let level = Level(name: levelText.lowercased())
            if level == nil { issue(line, "level", "unknown level '\(levelText)'; allowed: \(levelNames)") }
            var households: Int?
            if level == .microgrid {
                if !hh.isEmpty {
                    if let n = Int(hh), n >= 0, n <= ScenarioBuilder.maxHouseholdsPerMicrogrid { households = n } else {
                        issue(line, "households", "expected an integer from 0 to \(ScenarioBuilder.maxHouseholdsPerMicrogrid) (or empty to draw from layout.households), found '\(hh)'")
                    }
                }
            } else if level != nil, !hh.isEmpty {
                issue(line, "households", "only micro-grids have households; leave it empty for a \(levelText)")
            }
            rows.append(Row(line: line, id: id, parent: parent, level: level, households: households))
        }
        if rows.isEmpty {
            issue(nil, "", "the layout has no units: below the header give one row per unit (\(header.joined(separator: ",")))")
            return ([], issues)
        }

        // Pass 2: ids, the root and parents.
        var byId: [String: Row] = [:]
        for r in rows where !r.id.isEmpty {
            if let first = byId[r.id] {
                issue(r.line, "id", "duplicate id '\(r.id)' (first on line \(first.line)); ids must be unique")
            } else {
                byId[r.id] = r
            }
        }
        let roots = rows.filter { $0.parent.isEmpty }
        if roots.isEmpty {
            issue(nil, "parent", "no root: exactly one unit (the city) must have an empty parent")
        }
        for extra in roots.dropFirst() {
            issue(extra.line, "parent", "a second root '\(extra.id)' (the first is '\(roots[0].id)' on line \(roots[0].line)); exactly one unit may have an empty parent")
        }
        for r in rows where !r.parent.isEmpty {
            if r.parent == r.id {
                issue(r.line, "parent", "unit '\(r.id)' is its own parent")
            } else if let p = byId[r.parent] {
                if let pl = p.level, let l = r.level, !(pl < l) {
                    issue(r.line, "level", "a \(l) cannot be below '\(p.id)', a \(pl) (line \(p.line)); a parent's level must be higher: \(Level.allCases.map(\.name).joined(separator: " > "))")
                }
            } else {
                issue(r.line, "parent", "unknown parent '\(r.parent)': no unit has that id")
            }
        }
        reportCycles(rows, byId: byId, issue: issue)
        if !rows.contains(where: { $0.level == .microgrid }) {
            issue(nil, "level", "no unit is a microgrid; a layout needs at least one micro-grid")
        }

        let units = rows.compactMap { r in
            r.level.map { LayoutUnit(id: r.id, parent: r.parent, level: $0, households: r.households) }
        }
        return (units, issues)
    }

    /// Reports each parent cycle once, at the line of its first unit (a
    /// cycle's units never reach the root, so the tree would lose them).
    private static func reportCycles(_ rows: [Row], byId: [String: Row],
                                     issue: (Int?, String, String) -> Void) {
        var done = Set<String>()
        for start in rows where !start.id.isEmpty && !done.contains(start.id) {
            var chain: [Row] = []
            var onChain = Set<String>()
            var current: Row? = start
            while let r = current, !done.contains(r.id) {
                if onChain.contains(r.id) {
                    let cycle = chain.drop { $0.id != r.id }
                    // Self-parents are reported as such above.
                    if cycle.count > 1, let first = cycle.min(by: { $0.line < $1.line }) {
                        let names = (cycle.map(\.id) + [r.id]).joined(separator: " → ")
                        issue(first.line, "parent", "parent cycle \(names): these units never reach the root")
                    }
                    break
                }
                chain.append(r)
                onChain.insert(r.id)
                current = r.parent.isEmpty ? nil : byId[r.parent]
            }
            done.formUnion(onChain)
        }
    }

    /// Splits one CSV line; fields may be double-quoted (with "" for a
    /// quote). Nil for an unterminated quote. Fields are trimmed of spaces.
    static func fields<S: StringProtocol>(_ line: S) -> [String]? {
        var out: [String] = []
        var field = ""
        var quoted = false
        var chars = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let n = chars.next() {
                        if n == "\"" { field.append("\"") } else { quoted = false; pending = n }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                out.append(field.trimmingSpaces())
                field = ""
            } else {
                field.append(c)
            }
        }
        guard !quoted else { return nil }
        out.append(field.trimmingSpaces())
        return out
    }
}
