import Foundation
import MusterScenario

/// `summary.csv`: the store's per-point summaries for spreadsheets, one row
/// per point × mode × measure, with a column per axis.
///
/// Numbers as in every Muster CSV: whole numbers below 10^15 as integers,
/// others in Swift's shortest round-trip form, NaN (no figure) empty, ±∞ as
/// `inf`/`-inf`. Text fields holding a comma, quote or line break are
/// quoted. Times are hours.
public enum SummaryCSV {
    public static func render(header: SweepHeader, summaries: [PointSummary]) -> String {
        let head = ["point"] + header.axes.map(\.columnName) + ["mode", "measure"] + PointSummary.figureNames
        var out = head.map(field).joined(separator: ",") + "\n"
        for s in summaries {
            let fields = [String(s.point)] + axisCells(header, s.point) + [s.mode.rawValue, s.measure.rawValue]
                + s.figures.map(number)
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// A point's axis values as CSV cells: the number (in the axis's unit,
    /// which the column name spells) where the value is one, else its text;
    /// empty where the point keeps the base scenario's value (one-at-a-time
    /// designs), so that data-frame tools read numeric columns with NA.
    static func axisCells(_ header: SweepHeader, _ point: Int) -> [String] {
        header.points[point].values.map { v in
            guard let v else { return "" }
            return v.number.map(number) ?? field(v.text)
        }
    }

    /// Writes `text` as `name` in `dir` atomically.
    static func write(_ text: String, named name: String, to dir: String) throws {
        let url = URL(fileURLWithPath: dir).appendingPathComponent(name)
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw SweepStoreError(path: url.path, message: "cannot write: \(error.localizedDescription)")
        }
    }

    /// Writes `summary.csv` of `store` into `dir` atomically.
    public static func write(store: SweepStore, to dir: String) throws {
        try write(render(header: store.header, summaries: try store.summaries()), named: "summary.csv", to: dir)
    }

    static func number(_ x: Double) -> String {
        if x.isNaN { return "" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x.rounded(.towardZero) == x, abs(x) < 1e15 { return String(Int64(x)) }
        return x.description
    }

    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
