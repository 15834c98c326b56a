import Foundation
import MusterModel
import MusterOutput
import MusterReport
import MusterScenario
import MusterStats

/// A run's output folder, made in one place for every front end: `muster
/// run --out` writes it, the workbench writes it (and offers it as a zip).
/// A new output file is added here, so the two cannot drift apart.
public struct RunOutput: Sendable {
    /// The data files (`summary.json`, the CSV files, `parameters.json`,
    /// `manifest.json`, `bottlenecks.csv` with attribution), then the
    /// figures (SVG, PNG with a converter) and `report.html`.
    public var files: [(name: String, data: Data)]
    /// The report's sections as HTML for another page (the workbench's).
    public var fragment: String
    /// E.g. the PNG converter failed; the files are complete without it.
    public var warnings: [String]

    /// The folder of a run of `document` (as resolved: the seed and
    /// replications that ran) with `results`. `summary` carries what the
    /// caller adds (a precision outcome); `provenance` goes into the
    /// manifest and `parameters.json`. The figures and report are drawn
    /// from the data files' own bytes, by the code `muster plot` runs.
    public static func make(document: ScenarioDocument, results: [Mode: [ReplicationResult]], summary: RunSummary,
                            bottlenecks: BottleneckSummary?, provenance: Provenance, modes: [Mode], threads: Int,
                            commandLine: [String], converter: URL? = nil,
                            options: ReportOptions = ReportOptions()) throws -> RunOutput {
        var files = dataFiles(document: document, results: results, summary: summary, bottlenecks: bottlenecks,
                              provenance: provenance, modes: modes, threads: threads, commandLine: commandLine)
        let report = try RunReport.render(inputs: inputs(files), converter: converter, options: options)
        files += report.files
        return RunOutput(files: files, fragment: report.fragment, warnings: report.warnings)
    }

    /// The folder's data files, without figures and report.
    public static func dataFiles(document: ScenarioDocument, results: [Mode: [ReplicationResult]], summary: RunSummary,
                                 bottlenecks: BottleneckSummary?, provenance: Provenance, modes: [Mode], threads: Int,
                                 commandLine: [String]) -> [(name: String, data: Data)] {
        let manifest = Manifest(provenance: provenance, modes: modes, threads: threads, commandLine: commandLine)
        let parameters = ScenarioParameters(document: document, scenarioFile: provenance.scenarioFile,
                                            overrides: provenance.overrides, modes: modes)
        var files = RunFiles.data(summaryJSON: summary.jsonWith(bottlenecks: bottlenecks).fileData, summary: summary,
                                  results: results, parameters: parameters.fileData, manifest: manifest.json.fileData)
        if let bottlenecks { files.append((RunFolder.bottlenecks, Data(bottlenecks.csv.utf8))) }
        return files
    }

    /// The figures and report drawn again with other options (the clock-time
    /// axes), from the same data files.
    public func redrawn(options: ReportOptions) throws -> RunReport.Output {
        let data = files.filter { !RunReport.outputNames.contains($0.name) }
        return try RunReport.render(inputs: Self.inputs(data), options: options)
    }

    static func inputs(_ files: [(name: String, data: Data)]) -> [String: Data] {
        Dictionary(files.map { ($0.name, $0.data) }) { a, _ in a }
    }
}
