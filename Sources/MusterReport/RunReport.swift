import Foundation
import MusterOutput
import MusterPlot

/// Figures and `report.html` made from a run's output files. `muster run
/// --out` calls `render` on the files it is about to write and `muster plot`
/// on the files it reads back, so the two always draw the same figures from
/// the same bytes.
public enum RunReport {
    /// File stems of the figures, in report order: the CDF of order
    /// completion, the coverage curve, where the time goes, the histogram of
    /// micro-grid completion.
    public static let figureStems = ["completion_cdf", "coverage", "phases", "microgrid_done"]
    public static let reportName = "report.html"

    /// The report's stylesheet, for pages that show its sections (the workbench).
    public static var stylesheet: String { ReportPage.css }

    /// Every file `render` can produce: the SVGs, their PNGs, the report.
    public static var outputNames: [String] {
        let stems = figureStems + [attributionStem]
        return stems.map { $0 + ".svg" } + stems.map { $0 + ".png" } + [reportName]
    }

    /// The figure of a run with `--attribution` (from `bottlenecks.csv`).
    public static let attributionStem = "bottlenecks"


    /// What `render` made, and anything worth telling the user about it.
    public struct Output: Sendable {
        /// SVGs, PNGs (when a converter is given and works), then the report.
        public var files: [(name: String, data: Data)]
        /// E.g. the PNG converter failed; the SVGs and report are complete.
        public var warnings: [String]
        /// The report's sections (headline, figures, tables, parameters)
        /// as HTML to place inside another page, such as the workbench's.
        public var fragment: String = ""
    }

    /// Renders the figures and the report from an output folder's files
    /// (keyed by name, as `RunFolder.inputs`). With a `converter`
    /// (`SVGRasterizer.converter()`), a PNG is made of each SVG.
    ///
    /// `folder` goes before file names in errors. The same inputs always
    /// give the same bytes.
    public static func render(inputs: [String: Data], folder: String = "",
                              converter: URL? = nil, options: ReportOptions = ReportOptions()) throws(ReportInputError) -> Output {
        let data = try RunData(files: inputs, folder: folder)
        let figures = RunFigures(data: data, options: options).all
        var files: [(name: String, data: Data)] = figures.map { ($0.name + ".svg", Data($0.svg.utf8)) }
        var warnings: [String] = []
        if let converter {
            var pngs: [(name: String, data: Data)] = []
            for f in figures {
                do {
                    pngs.append((f.name + ".png", try SVGRasterizer.png(from: f.svg, converter: converter)))
                } catch {
                    warnings.append("no PNG figures: \(error) on \(f.name).svg; the SVG figures and report are complete")
                    pngs = []
                    break
                }
            }
            files += pngs
        }
        let page = ReportPage(data: data, figures: figures)
        files.append((reportName, Data(page.html().utf8)))
        return Output(files: files, warnings: warnings, fragment: page.sections())
    }

    /// `muster plot DIR`: reads `dir`, renders, and replaces the figures and
    /// report there all together (`StagedFiles`). PNGs of an earlier render
    /// that this one does not make are removed. `display` is how the user
    /// named the folder, for messages.
    /// `claim` is called with the names about to be written, after the
    /// folder has been read and drawn and before anything in it changes: a
    /// folder that is not a run's is described, not claimed.
    public static func plot(_ dir: URL, shownAs display: String, converter: URL?,
                            options: ReportOptions = ReportOptions(),
                            claim: ([String]) throws -> Void = { _ in }) throws -> Output {
        let inputs = try RunFolder.read(dir, shownAs: display)
        let prefix = display.hasSuffix("/") ? display : display + "/"
        let output = try render(inputs: inputs, folder: prefix, converter: converter, options: options)
        try claim(output.files.map(\.name))
        try StagedFiles.replace(output.files, in: dir, removing: outputNames)
        return output
    }
}

extension RunReport {
    /// The PNG converter on this machine's `PATH` (`rsvg-convert`), nil
    /// when there is none: then figures are SVG only.
    public static func converterOnPath() -> URL? { SVGRasterizer.converter() }
}
