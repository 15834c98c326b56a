import Foundation
import MusterModel
import MusterOutput

/// The data files of a run folder, in the order they are written: what
/// `muster run --out` writes and what the workbench hands to the report,
/// made in one place so the two cannot drift apart.
public enum RunFiles {
    /// `summary.json` (as given: the caller decides its extra keys), the
    /// four CSV files, `parameters.json` and `manifest.json`.
    public static func data(summaryJSON: Data, summary: RunSummary, results: [Mode: [ReplicationResult]],
                            parameters: Data, manifest: Data) -> [(name: String, data: Data)] {
        [
            (RunFolder.summary, summaryJSON),
            (RunFolder.replications, Data(CSVReports.replications(results).utf8)),
            (RunFolder.coverage, Data(CSVReports.coverage(summary).utf8)),
            (RunFolder.phases, Data(CSVReports.phases(summary).utf8)),
            (RunFolder.histogram, Data(CSVReports.microgridDoneHistogram(summary).utf8)),
            (RunFolder.parameters, parameters),
            (RunFolder.manifest, manifest),
        ]
    }
}
