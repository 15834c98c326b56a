import Foundation
import MusterModel
import MusterOutput
import MusterPlot
import MusterSweep

/// The response figures of a sweep: p50 and p90 of order completion against
/// one axis, a line per mode and per value of the other axes, each with its
/// distribution-free 95 % interval as a band. `muster sweep --out` draws
/// them when the sweep ends and `muster plot DIR` redraws them from the
/// store, through the same `render`. It takes plain data (the header and
/// the per-point summaries): the callers read the store, this module never
/// opens it.
public enum SweepFigures {
    /// The store a sweep folder holds; its presence tells `plot` that the
    /// folder is a sweep's.
    public static let storeName = SweepStore.fileName
    /// File stems: the median and the 90th percentile response.
    public static let figureStems = ["response_p50", "response_p90"]

    /// Every file `render` can produce (SVGs and their PNGs).
    public static var outputNames: [String] {
        figureStems.map { $0 + ".svg" } + figureStems.map { $0 + ".png" }
            + [SensitivityFigure.stem + ".svg", SensitivityFigure.stem + ".png"]
    }

    /// Draws the figures from a sweep's header and per-point summaries.
    /// `x` is the axis across the page (default: the first numeric axis).
    public static func render(header: SweepHeader, summaries: [PointSummary], x: String? = nil,
                              store: String = storeName, converter: URL? = nil) throws(ReportInputError) -> RunReport.Output {
        let axis = try chooseAxis(header: header, requested: x, store: store)
        let curves: [MusterSweep.ResponseSeries]
        do {
            curves = try ResponseCurves.series(header: header, summaries: summaries, x: axis.path)
        } catch {
            throw ReportInputError(file: store, message: error.message)
        }
        guard curves.contains(where: { !$0.points.isEmpty }) else {
            throw ReportInputError(file: store, message: "holds no finished point to draw yet; run or resume the sweep first")
        }
        let caption = captionLine(header)
        let charts = [
            chart(curves, header: header, axis: axis, stem: figureStems[0], caption: caption,
                  title: "Median order completion against \(axis.path)", pick: { ($0.p50, $0.p50Low, $0.p50High) },
                  response: "Median order completion"),
            chart(curves, header: header, axis: axis, stem: figureStems[1], caption: caption,
                  title: "90th percentile of order completion against \(axis.path)", pick: { ($0.p90, $0.p90Low, $0.p90High) },
                  response: "p90 of order completion"),
        ]
        var stems = figureStems, svgs = charts
        var warnings: [String] = []
        // A sensitivity design also gets its indices drawn; a problem there
        // (an unfinished sweep) is a warning, as the response figures stand.
        do {
            if let a = try SensitivityAnalysis.make(header: header, summaries: summaries),
               let svg = SensitivityFigure.svg(a, sweep: header.name) {
                stems.append(SensitivityFigure.stem)
                svgs.append(svg)
            }
        } catch {
            warnings.append("no sensitivity figure: \(error)")
        }
        var files: [(name: String, data: Data)] = zip(stems, svgs).map { ($0 + ".svg", Data($1.utf8)) }
        if let converter {
            do {
                for (stem, svg) in zip(stems, svgs) {
                    files.append((stem + ".png", try SVGRasterizer.png(from: svg, converter: converter)))
                }
            } catch {
                files.removeAll { $0.name.hasSuffix(".png") }
                warnings.append("no PNG figures: \(error); the SVG figures are complete")
            }
        }
        return RunReport.Output(files: files, warnings: warnings)
    }

    /// Renders and replaces the figures in `dir` all together: what a sweep
    /// or a merge does when it has finished writing its store.
    public static func write(header: SweepHeader, summaries: [PointSummary], to dir: URL,
                             store: String = storeName, x: String? = nil, converter: URL?) throws -> RunReport.Output {
        let output = try render(header: header, summaries: summaries, x: x, store: store, converter: converter)
        try StagedFiles.replace(output.files, in: dir, removing: outputNames)
        return output
    }

    /// Whether `dir` is a sweep's output folder rather than a run's.
    public static func isSweepFolder(_ dir: URL) -> Bool {
        FileManager.default.fileExists(atPath: dir.appendingPathComponent(storeName).path)
    }

    // MARK: - Pieces

    private static func chooseAxis(header: SweepHeader, requested: String?, store: String) throws(ReportInputError) -> SweepHeader.Axis {
        let names = header.axes.map(\.path).joined(separator: ", ")
        if let requested {
            guard let axis = header.axes.first(where: { $0.path == requested }) else {
                throw ReportInputError(file: store, message: "the sweep has no axis '\(requested)'; its axes: \(names)")
            }
            return axis
        }
        let numeric = header.axes.indices.first { i in
            header.points.contains { $0.values[i]?.number != nil }
                && header.points.allSatisfy { $0.values[i] == nil || $0.values[i]?.number != nil }
        }
        guard let i = numeric else {
            throw ReportInputError(file: store, message: "no numeric axis to draw against (axes: \(names))")
        }
        return header.axes[i]
    }

    /// Colour tells the mode, as in every figure of Muster; the line style
    /// tells the other axes' values apart ("p2p, 100 households" is the
    /// blue dotted line).
    private static func chart(_ curves: [MusterSweep.ResponseSeries], header: SweepHeader, axis: SweepHeader.Axis,
                              stem: String, caption: String, title: String,
                              pick: (MusterSweep.ResponsePoint) -> (Double, Double, Double),
                              response: String) -> String {
        var styleOf: [[String]: Int] = [:]
        let series = curves.map { c -> MusterPlot.ResponseSeries in
            let others = c.others.map { "\($0.axis)=\($0.value)" }
            let style = styleOf[others] ?? styleOf.count
            styleOf[others] = style
            let points = c.points.map { p -> MusterPlot.ResponsePoint in
                let (v, lo, hi) = pick(p)
                return MusterPlot.ResponsePoint(parameter: p.x, value: v, low: lo, high: hi)
            }
            return MusterPlot.ResponseSeries(name: c.label, color: Presentation.modeColor(c.mode.rawValue), points: points,
                                             dash: ComparisonFigure.dash(style))
        }
        // Log hours as soon as the lines sit a few-fold apart (tiered days
        // against p2p hours): on a linear axis the faster mode's response to
        // the parameter flattens into the floor.
        let values = series.flatMap { $0.points.flatMap { [$0.low, $0.high] } }.filter { $0.isFinite && $0 > 0 }
        let scale: AxisScale = (values.max() ?? 1) / (values.min() ?? 1) >= 3 ? .log10 : .linear
        return ResponseCurveChart.make(
            id: stem, title: title, caption: caption,
            parameter: AxisSpec(title: axis.path, unit: axis.unit),
            response: AxisSpec(title: response, unit: "hours", scale: scale, includeZero: false),
            series: series).svg()
    }

    private static func captionLine(_ header: SweepHeader) -> String {
        let reps = header.replicationsPerPoint == 1 ? "1 replication" : "\(header.replicationsPerPoint) replications"
        return "Sweep \(header.name) · \(header.design) design · \(header.points.count) points · "
            + "up to \(reps) per point · seed \(header.seed) · bands: 95 % interval of the percentile"
    }
}
