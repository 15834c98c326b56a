import Foundation
import MusterNumerics
import MusterOutput

/// A sensitivity analysis as files and text: `sensitivity.csv` (tidy, one
/// row per output × mode × input × index kind), `sensitivity.txt` (inputs
/// ranked per output and mode) and its JSON for `--json`.
public enum SensitivityFiles {
    public static let csvName = "sensitivity.csv"
    public static let textName = "sensitivity.txt"

    /// Columns of sensitivity.csv.
    public static let columns = ["measure", "mode", "input", "index", "value", "low", "high"]

    /// The tidy table. Replication noise is a row per mean output and mode
    /// with input `(replication noise)` and index `noise_share`.
    public static func csv(_ a: SensitivityAnalysis) -> String {
        var out = columns.joined(separator: ",") + "\n"
        for t in a.tables {
            for i in t.indices {
                out += [t.output.name, t.mode.rawValue, SummaryCSV.field(a.label(i)), i.kind.rawValue,
                        SummaryCSV.number(i.value), SummaryCSV.number(i.low), SummaryCSV.number(i.high)]
                    .joined(separator: ",") + "\n"
            }
            if !t.noiseShare.isNaN {
                out += [t.output.name, t.mode.rawValue, "(replication noise)", "noise_share",
                        SummaryCSV.number(t.noiseShare), "", ""].joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// The first line of the text: design, size and bootstrap.
    public static func headline(_ a: SensitivityAnalysis) -> String {
        let reps: String
        switch a.plan {
        case .fixed(let n): reps = "\(n) replication\(n == 1 ? "" : "s")"
        case .precision(_, _, let m): reps = "up to \(m) replications (precision target)"
        }
        return "Sensitivity: \(a.design.name) design, \(a.inputs.count) inputs, \(a.points) points × \(reps); "
            + "bootstrap 95 % intervals (\(a.resamples) resamples)"
    }

    /// Inputs ranked by ST (Sobol) or μ* (Morris) for the tables whose
    /// output `include` accepts (all by default).
    public static func text(_ a: SensitivityAnalysis, include: (SensitivityAnalysis.Output) -> Bool = { _ in true }) -> String {
        var lines = [headline(a), ""]
        let sobol: Bool
        if case .sobol = a.design { sobol = true } else { sobol = false }
        let kinds: [SensitivityIndex.Kind] = sobol ? [.s1, .st] : [.muStar, .sigma]
        let width = max(24, a.inputs.map(\.count).max() ?? 0)
        for t in a.tables where include(t.output) {
            lines.append("\(t.output.name), \(t.mode.rawValue): inputs by \(sobol ? "ST" : "μ*")")
            let head = kinds.map { k -> String in
                let name = k == .muStar ? "μ* (h)" : k == .sigma ? "σ (h)" : k.rawValue
                return pad(name, 24)
            }.joined()
            lines.append("     " + pad("", width) + "  " + head)
            let ranked = (0..<a.inputs.count).sorted { i, j in
                let vi = value(t, a.rankingKind, i), vj = value(t, a.rankingKind, j)
                return vi != vj ? vi > vj : i < j
            }
            for (rank, i) in ranked.enumerated() {
                let cells = kinds.map { k -> String in
                    guard let x = t.indices.first(where: { $0.kind == k && $0.input == i && $0.other == nil }) else { return pad("", 24) }
                    return pad(figure(x.value, sobol) + " (" + figure(x.low, sobol) + " to " + figure(x.high, sobol) + ")", 24)
                }.joined()
                lines.append(String(format: "  %2d ", rank + 1) + pad(a.inputs[i], width) + "  " + cells)
            }
            if sobol {
                let s2 = t.indices.filter { $0.kind == .s2 }.sorted { $0.value > $1.value }.prefix(3)
                if !s2.isEmpty {
                    lines.append("  largest S2: " + s2.map { "\(a.label($0)) \(figure($0.value, true))" }.joined(separator: "; "))
                }
            }
            if !t.noiseShare.isNaN {
                lines.append(String(format: "  replication noise: %.1f %% of the variance across points", t.noiseShare * 100))
            }
            lines.append("")
        }
        return lines.map { String($0.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n")
    }

    /// The analysis as JSON: design, inputs and every index.
    public static func json(_ a: SensitivityAnalysis) -> JSONValue {
        .object([
            ("design", .string(a.design.name)),
            ("inputs", .array(a.inputs.map(JSONValue.string))),
            ("points", .int(a.points)),
            ("bootstrap_resamples", .int(a.resamples)),
            ("tables", .array(a.tables.map { t in
                .object([
                    ("measure", .string(t.output.name)),
                    ("mode", .string(t.mode.rawValue)),
                    ("variance", .number(t.variance)),
                    ("noise_share", t.noiseShare.isNaN ? .null : .number(t.noiseShare)),
                    ("indices", .array(t.indices.map { i in
                        .object([("input", .string(a.label(i))), ("index", .string(i.kind.rawValue)),
                                 ("value", .number(i.value)), ("low", .number(i.low)), ("high", .number(i.high))])
                    })),
                ])
            })),
        ])
    }

    /// Writes sensitivity.csv and sensitivity.txt into `dir` (each atomically).
    public static func write(_ a: SensitivityAnalysis, to dir: String) throws {
        for (name, text) in [(csvName, csv(a)), (textName, text(a))] {
            let url = URL(fileURLWithPath: dir).appendingPathComponent(name)
            do {
                try Data(text.utf8).write(to: url, options: .atomic)
            } catch {
                throw SweepStoreError(path: url.path, message: "cannot write: \(error.localizedDescription)")
            }
        }
    }

    private static func value(_ t: SensitivityAnalysis.Table, _ k: SensitivityIndex.Kind, _ i: Int) -> Double {
        let v = t.indices.first { $0.kind == k && $0.input == i && $0.other == nil }?.value ?? -.infinity
        return v.isNaN ? -.infinity : v
    }

    private static func figure(_ x: Double, _ share: Bool) -> String {
        if x.isNaN { return "–" }
        return share ? String(format: "%.2f", x) : String(format: "%.3g", x)
    }

    private static func pad(_ s: String, _ w: Int) -> String {
        s.count >= w ? s : s + String(repeating: " ", count: w - s.count)
    }
}
