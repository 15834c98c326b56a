import Foundation
import MusterReport
import MusterSweep

/// The response figures a finished sweep or merge leaves beside its store.
/// A figure that cannot be drawn (no numeric axis, say) is a warning, never
/// a failed sweep: the stored results are what matters.
enum SweepFigureDrawing {
    /// Draws into `out`; returns the names written.
    static func draw(store: SweepStore, out: String) -> [String] {
        do {
            let output = try SweepFigures.write(header: store.header, summaries: store.summaries(),
                                                to: URL(fileURLWithPath: out), converter: RunReport.converterOnPath())
            for w in output.warnings { Stderr.write("warning: \(w)\n") }
            return output.files.map(\.name)
        } catch {
            Stderr.write("warning: no response figures: \(error)\n")
            return []
        }
    }
}
