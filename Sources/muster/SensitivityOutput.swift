import Foundation
import MusterOutput
import MusterSweep

/// The indices a finished sobol or morris sweep (or the merge of its
/// shards) leaves in its folder: sensitivity.csv and sensitivity.txt; the
/// figure comes with the response figures (`SweepFigureDrawing`). A sweep
/// of another design gets none. A problem is a warning: the stored results
/// are what matters, and `muster merge` or `--resume` can finish them.
enum SensitivityOutput {
    /// Computes and writes the files; returns the analysis, if any.
    static func write(store: SweepStore, out: String) -> SensitivityAnalysis? {
        do {
            guard let a = try SensitivityAnalysis.make(header: store.header, summaries: store.summaries(), rows: store.results()) else { return nil }
            try SensitivityFiles.write(a, to: out)
            return a
        } catch {
            Stderr.write("warning: no sensitivity indices: \(error)\n")
            return nil
        }
    }

    /// The ranking printed after a sweep: mean order completion, every mode.
    static func summary(_ a: SensitivityAnalysis) -> String {
        SensitivityFiles.text(a) { $0.measure == .orderComplete && $0.statistic == "mean" }
    }

    static let fileNames = [SensitivityFiles.csvName, SensitivityFiles.textName]
}
