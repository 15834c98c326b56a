import Foundation
import MusterCompare
import MusterModel
import MusterOutput
import MusterReport
import MusterStats

/// A comparison, run and written in one place for `muster compare` and
/// the workbench: every variant with one seed and replication count,
/// paired replication by replication, and the folder of files it makes.
public enum ComparisonRun {
    /// One scenario to compare: its column label, the file it came from
    /// (and that file's bytes, for the manifest), its overrides.
    public struct Variant: Sendable {
        public var label: String
        public var scenario: Scenario
        public var file: String
        public var fileBytes: Data
        public var overrides: [String]

        public init(label: String, scenario: Scenario, file: String, fileBytes: Data, overrides: [String]) {
            self.label = label; self.scenario = scenario; self.file = file
            self.fileBytes = fileBytes; self.overrides = overrides
        }
    }

    /// Runs the variants in turn with `seed` and `replications`.
    /// `replicate` runs one scenario (seed and replications set) given the
    /// number of replications already done by earlier variants, for
    /// progress; it may throw to stop (a cancelled job).
    public static func run(_ variants: [Variant], seed: UInt64, replications: Int, modes: [Mode], version: String,
                           replicate: (Scenario, _ before: Int) throws -> [Mode: [ReplicationResult]]) rethrows -> Comparison {
        var compared: [ComparedScenario] = []
        for (i, v) in variants.enumerated() {
            var s = v.scenario
            s.seed = seed
            s.replications = replications
            let results = try replicate(s, i * replications)
            let summary = RunSummary(scenario: v.label, seed: seed, version: version, results: results)
            compared.append(ComparedScenario(label: v.label, file: v.file, overrides: v.overrides,
                                             layoutKey: LayoutKey(s), summary: summary, results: results))
        }
        return Comparison(version: version, seed: seed, replications: replications, modes: modes, scenarios: compared)
    }

    /// The names of a comparison folder's files, in the order written.
    public static let fileNames = ["summary.json", "replications.csv", "completion_cdf.csv", ComparisonFigure.fileName,
                                   "differences.csv", "manifest.json"]

    /// The comparison folder: summary, replications, the CDFs (values and
    /// figure), the paired differences, the manifest.
    public static func files(_ c: Comparison, variants: [Variant], threads: Int,
                             commandLine: [String]) -> [(name: String, data: Data)] {
        let manifest = ComparisonManifest(
            version: c.musterVersion,
            scenarios: zip(c.scenarios, variants).map { s, v in
                ComparisonManifest.Entry(label: s.label, file: s.file, fileBytes: v.fileBytes, overrides: s.overrides)
            },
            seed: c.seed, replications: c.replications, modes: c.modes, threads: threads, commandLine: commandLine)
        return [
            ("summary.json", c.json.fileData),
            ("replications.csv", Data(ComparisonCSV.replications(c).utf8)),
            ("completion_cdf.csv", Data(ComparisonCSV.completionCDF(c).utf8)),
            (ComparisonFigure.fileName, Data(ComparisonFigure.completionCDF(c).utf8)),
            ("differences.csv", Data(ComparisonCSV.differences(c).utf8)),
            ("manifest.json", manifest.json.fileData),
        ]
    }
}
