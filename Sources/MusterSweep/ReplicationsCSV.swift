import Foundation
import MusterScenario

/// `replications.csv` of a sweep folder: the tidy per-replication table, one
/// row per point × replication × mode, with the point id and each axis value
/// in front of the kept measures, named as in a run folder's
/// `replications.csv` (`order_complete_hours`, …). Numbers and quoting as in
/// `summary.csv`.
public enum ReplicationsCSV {
    public static func render(header: SweepHeader, rows: [ResultRow]) -> String {
        let head = ["point"] + header.axes.map(\.columnName) + ["replication", "mode"] + header.measures.map(\.rawValue)
        var out = head.map(SummaryCSV.field).joined(separator: ",") + "\n"
        out.reserveCapacity(rows.count * 16 * (head.count + 1))
        // Per point the axis cells are the same; build them once.
        var cells: [Int: String] = [:]
        // Modes in the sweep's order within a replication, as in a run folder.
        let rank = { (r: ResultRow) in (r.point, r.replication, header.modes.firstIndex(of: r.mode) ?? 0) }
        for r in rows.sorted(by: { rank($0) < rank($1) }) {
            let axes = cells[r.point] ?? SummaryCSV.axisCells(header, r.point).map { $0 + "," }.joined()
            cells[r.point] = axes
            out += "\(r.point),\(axes)\(r.replication),\(r.mode.rawValue),"
                + r.values.map(SummaryCSV.number).joined(separator: ",") + "\n"
        }
        return out
    }

    /// Writes `replications.csv` of `store` into `dir` atomically.
    public static func write(store: SweepStore, to dir: String) throws {
        try SummaryCSV.write(render(header: store.header, rows: try store.results()), named: "replications.csv", to: dir)
    }
}
