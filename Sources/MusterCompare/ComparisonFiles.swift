import Foundation
import MusterModel
import MusterOutput
import MusterStats

/// The CSV files of `compare --out`, by the same number rule as
/// `CSVReports`.
public enum ComparisonCSV {
    public static let replicationsHeader = "scenario," + CSVReports.replicationsHeader
    public static let cdfHeader = "scenario,mode,order_complete_hours,share"
    /// Each figure's interval columns are named as in `comparison.json`:
    /// `X` with `ci95` there is `X,X_ci95_low,X_ci95_high` here.
    public static let differencesHeader =
        "scenario,baseline,mode,pairing,"
        + ["order_complete_diff_hours", "order_complete_ratio", "field_complete_diff_hours", "unreached_diff"]
            .map { "\($0),\($0)_ci95_low,\($0)_ci95_high," }.joined()
        + "pairs,significant"

    /// `replications.csv`: `muster run`'s rows, scenario by scenario, each
    /// led by the scenario's label.
    public static func replications(_ c: Comparison) -> String {
        var out = replicationsHeader + "\n"
        for s in c.scenarios {
            let label = field(s.label)
            for line in CSVReports.replications(s.results).split(separator: "\n").dropFirst() {
                out += label + "," + line + "\n"
            }
        }
        return out
    }

    /// `completion_cdf.csv`: the empirical distribution of order completion
    /// of every scenario and mode — what the comparison's CDF figure draws.
    /// Each finite value once, ascending, with the share of replications
    /// complete by then (i/n, n counting replications that never completed,
    /// so such a curve stops short of 1).
    public static func completionCDF(_ c: Comparison) -> String {
        var out = cdfHeader + "\n"
        for s in c.scenarios {
            for mode in c.modes {
                let values = (s.results[mode] ?? []).map(\.orderComplete)
                let sorted = values.filter(\.isFinite).sorted()
                for (i, x) in sorted.enumerated() {
                    out += [field(s.label), mode.rawValue, CSVReports.number(x),
                            CSVReports.number(Double(i + 1) / Double(values.count))].joined(separator: ",") + "\n"
                }
            }
        }
        return out
    }

    /// `differences.csv`: one row per scenario after the first and mode.
    public static func differences(_ c: Comparison) -> String {
        var out = differencesHeader + "\n"
        for d in c.differences {
            var fields = [field(d.scenario), field(d.baseline), d.mode.rawValue, d.pairing.rawValue]
            for m in [d.orderCompleteDiff, d.orderCompleteRatio, d.fieldCompleteDiff, d.unreachedDiff] {
                fields += [CSVReports.number(m.mean), CSVReports.number(m.ci95Low), CSVReports.number(m.ci95High)]
            }
            fields.append(String(d.orderCompleteDiff.count))
            fields.append(d.significant.map { String($0) } ?? "")
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// A text field, quoted when it holds a comma, quote or line break.
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// `manifest.json` of `compare --out`: what it takes to reproduce it.
public struct ComparisonManifest: Sendable {
    /// One scenario as run.
    public struct Entry: Sendable {
        public var label: String
        public var file: String
        /// SHA-256 of the scenario file's bytes, lowercase hex.
        public var sha256: String
        public var overrides: [String]

        public init(label: String, file: String, fileBytes: Data, overrides: [String]) {
            self.label = label; self.file = file; self.overrides = overrides
            sha256 = SHA256.hexDigest(fileBytes)
        }
    }

    public var musterVersion: String
    public var scenarios: [Entry]
    public var seed: UInt64
    public var replications: Int
    public var modes: [Mode]
    public var threads: Int
    public var commandLine: [String]
    public var created: Date

    public init(version: String, scenarios: [Entry], seed: UInt64, replications: Int, modes: [Mode],
                threads: Int, commandLine: [String], created: Date = Date()) {
        musterVersion = version; self.scenarios = scenarios; self.seed = seed
        self.replications = replications; self.modes = modes; self.threads = threads
        self.commandLine = commandLine; self.created = created
    }

    /// Keys: muster_version, scenarios (label, file, sha256, overrides),
    /// seed, replications, modes, threads, command_line, created.
    public var json: JSONValue {
        .object([
            ("muster_version", .string(musterVersion)),
            ("scenarios", .array(scenarios.map { e in
                .object([("label", .string(e.label)), ("file", .string(e.file)),
                         ("sha256", .string(e.sha256)), ("overrides", .array(e.overrides.map { .string($0) }))])
            })),
            ("seed", .uint(seed)),
            ("replications", .int(replications)),
            ("modes", .array(modes.map { .string($0.rawValue) })),
            ("threads", .int(threads)),
            ("command_line", .array(commandLine.map { .string($0) })),
            ("created", .string(Manifest.iso8601(created))),
        ])
    }
}
