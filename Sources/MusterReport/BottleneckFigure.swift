import Foundation
import MusterOutput
import MusterPlot
import MusterStats

/// One row of `bottlenecks.csv`: the figure needs the tree, households and
/// criticality.
struct BottleneckRow: Equatable {
    var mode: String
    var id: String
    var level: String
    var parentId: String
    var depth: Int
    var households: Double
    /// Replications that had the unit.
    var present: Double
    var criticality: Double
}

extension RunData {
    /// The rows of `bottlenecks.csv` when the folder has one (a run with
    /// `--attribution`), else none.
    static func bottleneckRows(_ data: Data?, shown: String) throws(ReportInputError) -> [BottleneckRow] {
        guard let data else { return [] }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ReportInputError(file: shown, message: "not UTF-8 text")
        }
        let table = try CSVTable(file: shown, text: text, header: BottleneckSummary.csvHeader)
        var rows: [BottleneckRow] = []
        for row in table.rows {
            let depth = try table.number(row, "depth")
            guard depth >= 0, depth < 64, depth == depth.rounded() else {
                throw ReportInputError(file: shown, line: row.line, message: "column depth: expected a whole number from 0 to 63")
            }
            rows.append(BottleneckRow(mode: table.text(row, "mode"), id: table.text(row, "unit_id"),
                                      level: table.text(row, "level"), parentId: table.text(row, "parent_id"),
                                      depth: Int(depth), households: try table.number(row, "households"),
                                      present: try table.number(row, "present"),
                                      criticality: try table.number(row, "criticality", allowEmpty: true)))
        }
        return rows
    }
}

extension RunFigures {
    static let bottlenecksTitle = "Which units hold the order up"

    /// The tree as an icicle per mode: one row per level, each unit as wide
    /// as its households, coloured by how often it was on the critical
    /// path. Units too narrow to see are drawn together with their narrow
    /// siblings (coloured by their summed
    /// criticality: at most one unit of a level is critical at a time); the
    /// five units most often critical (with siblings) are outlined and
    /// numbered.
    func bottlenecks() -> IcicleChart {
        var panels: [IciclePanel] = []
        for mode in RunData.knownModes {
            let rows = data.bottlenecks.filter { $0.mode == mode }
            guard !rows.isEmpty else { continue }
            panels.append(Self.icicle(rows, title: Presentation.modeName(mode)))
        }
        let caption = "Each row is a level of the tree, each rectangle a unit, as wide as its households; the colour "
            + "is the share of replications in which the unit was on the critical path (the chain whose last report "
            + "completed the order). Units too narrow to show are merged with their narrow siblings. Numbered: the units "
            + "most often critical among their siblings. " + runLine
        let classes: [(bound: Double, name: String, color: Color)] = [
            (0.05, "≤ 5 %", Color(red: 0xFD, green: 0xE0, blue: 0xC5)),
            (0.2, "5–20 %", Color(red: 0xF9, green: 0xA6, blue: 0x6C)),
            (0.5, "20–50 %", Color(red: 0xE6, green: 0x61, blue: 0x01)),
            (1, "> 50 %", Color(red: 0x8B, green: 0x25, blue: 0x00)),
        ]
        return IcicleChart(id: "bottlenecks", title: Self.bottlenecksTitle, caption: caption, panels: panels,
                           classes: classes, zeroColor: Color(red: 0xEE, green: 0xEE, blue: 0xEE),
                           style: .sized(width: 800, height: 180 + 170 * Double(max(1, panels.count))))
    }

    /// One mode's icicle; `rows` are depth-first, parents before children.
    static func icicle(_ rows: [BottleneckRow], title: String) -> IciclePanel {
        let depthCount = (rows.map(\.depth).max() ?? 0) + 1
        var levelOfDepth = [String](repeating: "", count: depthCount)
        for r in rows where levelOfDepth[r.depth].isEmpty { levelOfDepth[r.depth] = r.level }
        // Each unit takes the share of its parent's span that its
        // households (times the replications that had it: a drawn layout
        // may lack a unit) take among its siblings', so children always
        // fit under their parent.
        func weight(_ r: BottleneckRow) -> Double { max(0, r.households) * max(0, r.present) }
        var siblingWeight: [String: Double] = [:]
        for r in rows { siblingWeight[r.parentId, default: 0] += weight(r) }
        var spans: [(start: Double, end: Double)] = []
        var free: [String: Double] = [:]      // next start under each parent
        var spanOf: [String: (start: Double, end: Double)] = [:]
        for r in rows {
            let parent: (start: Double, end: Double) = r.depth > 0 ? spanOf[r.parentId] ?? (0, 0) : (0, 1)
            let total = siblingWeight[r.parentId] ?? 0
            let w = total > 0 ? (parent.end - parent.start) * weight(r) / total : 0
            let s = free[r.parentId] ?? parent.start
            spans.append((s, s + w))
            spanOf[r.id] = (s, s + w)
            free[r.parentId] = s + w
        }
        var siblings: [String: Int] = [:]
        for r in rows { siblings[r.parentId, default: 0] += 1 }
        let ranked = rows.indices.filter { siblings[rows[$0].parentId, default: 0] > 1 && rows[$0].criticality > 0 }
            .sorted { rows[$0].criticality != rows[$1].criticality ? rows[$0].criticality > rows[$1].criticality
                      : rows[$0].depth != rows[$1].depth ? rows[$0].depth > rows[$1].depth : $0 < $1 }
            .prefix(5)
        var rankOf: [Int: Int] = [:]
        for (i, k) in ranked.enumerated() { rankOf[k] = i + 1 }

        // Narrow units merged with their narrow siblings (at most one unit
        // of a row is critical at a time, so the summed criticality is the
        // run's); a ranked unit is always drawn alone.
        let minimum = 0.004
        var cells: [IcicleCell] = []
        for depth in 0..<depthCount {
            var run: (parent: String, start: Double, end: Double, value: Double, count: Int)? = nil
            func flush() {
                guard let g = run else { return }
                cells.append(IcicleCell(row: depth, start: g.start, end: g.end, value: g.value,
                                        name: g.count == 1 ? "1 unit" : "\(g.count) units"))
                run = nil
            }
            // Depth-first order lays out each row from left to right.
            for k in rows.indices where rows[k].depth == depth {
                let r = rows[k], span = spans[k]
                let narrow = span.end - span.start < minimum && rankOf[k] == nil
                if narrow, let g = run, g.parent == r.parentId, abs(g.end - span.start) < 1e-9 {
                    run = (g.parent, g.start, span.end, g.value + max(0, r.criticality), g.count + 1)
                    continue
                }
                flush()
                if narrow {
                    run = (r.parentId, span.start, span.end, max(0, r.criticality), 1)
                } else {
                    cells.append(IcicleCell(row: depth, start: span.start, end: span.end, value: r.criticality,
                                            name: r.id, label: r.id, rank: rankOf[k]))
                }
            }
            flush()
        }
        let notes = ranked.enumerated().map { i, k in
            "\(i + 1). \(rows[k].id) (\(rows[k].level)) \(Int((rows[k].criticality * 100).rounded())) %"
        }
        return IciclePanel(title: title, rows: levelOfDepth, cells: cells, notes: notes)
    }
}
