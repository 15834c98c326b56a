import Foundation
import MusterOutput
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

    /// `muster plot DIR` on a sweep folder: reads the store, renders, and
    /// replaces the figures all together.
    static func plot(_ dir: URL, shownAs display: String, x: String?, converter: URL?) throws -> RunReport.Output {
        let prefix = display.hasSuffix("/") ? display : display + "/"
        let path = dir.appendingPathComponent(SweepFigures.storeName).path
        let header: SweepHeader
        let summaries: [PointSummary]
        do {
            let store = try SweepStore.open(at: path)
            header = store.header
            summaries = try store.summaries()
        } catch {
            throw ReportInputError(file: prefix + SweepFigures.storeName, message: "cannot be read: \(error)")
        }
        return try SweepFigures.write(header: header, summaries: summaries, to: dir, store: prefix + SweepFigures.storeName,
                                      x: x, converter: converter)
    }
}
