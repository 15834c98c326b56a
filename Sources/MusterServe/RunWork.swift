import Foundation
import MusterCompare
import MusterModel
import MusterOutput
import MusterReport
import MusterScenario
import MusterStats

/// What a job computes, on the worker thread: replications in batches (so
/// a cancel is seen within one batch) and the files the pages serve.
/// Replication r depends only on (scenario, seed, r), so batching gives
/// the numbers of one `muster run`.
enum RunWork {
    /// The files of a run's folder that a visitor may download.
    static let downloads = ["report.html", "summary.json", "scenario.yaml"]

    /// Replications `0..<count` of `scenario` in every mode, in batches;
    /// `offset` shifts the progress reported (a comparison's later scenarios).
    static func replicate(_ scenario: Scenario, modes: [Mode], threads: Int, job: RunJob,
                          offset: Int = 0) throws -> [Mode: [ReplicationResult]] {
        let count = scenario.replications
        let batch = max(threads * 2, count / 20)
        var results: [Mode: [ReplicationResult]] = [:]
        var start = 0
        while start < count {
            if job.isCancelled { throw JobCancelled() }
            let end = min(count, start + batch)
            let part = Experiment.run(scenario, modes: modes, replications: start..<end, threads: threads,
                                      progress: { [start] in job.progress(offset + start + $0) })
            for (mode, list) in part { results[mode, default: []] += list }
            start = end
        }
        return results
    }

    /// A run of the document as edited: `scenario.yaml` (which
    /// `muster run` reproduces), `summary.json`, the report, its figures
    /// and the page's fragment.
    static func run(_ document: ScenarioDocument, version: String, threads: Int, job: RunJob) throws {
        let scenario = document.scenario
        let modes = Mode.allCases
        let results = try replicate(scenario, modes: modes, threads: threads, job: job)
        let yaml = Data(ScenarioYAML.text(document).utf8)
        let summary = RunSummary(scenario: scenario.name, seed: scenario.seed, version: version, results: results)
        let manifest = Manifest(version: version, scenario: scenario.name, scenarioFile: "scenario.yaml", scenarioBytes: yaml,
                                seed: scenario.seed, replications: scenario.replications, modes: modes, overrides: [],
                                threads: threads, commandLine: ["muster", "serve"])
        let parameters = ScenarioParameters(document: document, scenarioFile: "scenario.yaml", overrides: [], modes: modes)
        let inputs = RunFiles.data(summaryJSON: summary.json.fileData, summary: summary, results: results,
                                   parameters: parameters.fileData, manifest: manifest.json.fileData)
        let dict = Dictionary(inputs.map { ($0.name, $0.data) }, uniquingKeysWith: { a, _ in a })
        let report = try RunReport.render(inputs: dict)
        let clock = try RunReport.render(inputs: dict, options: ReportOptions(clockTime: true))
        try write([("scenario.yaml", yaml), (RunFolder.summary, dict[RunFolder.summary]!)]
                  + report.files.filter { $0.name == RunReport.reportName }
                  + [("fragment.html", Data(inline(report.fragment).utf8)), ("fragment-clock.html", Data(inline(clock.fragment).utf8))],
                  to: job.folder)
    }

    /// A comparison of the variants with one seed and replications, as
    /// `muster compare` makes it: the table's figures, verdicts and CDF.
    static func compare(_ variants: [(label: String, document: ScenarioDocument)], seed: UInt64, replications: Int,
                        version: String, threads: Int, job: RunJob) throws {
        let modes = Mode.allCases
        var compared: [ComparedScenario] = []
        for (i, v) in variants.enumerated() {
            var s = v.document.scenario
            s.seed = seed
            s.replications = replications
            let results = try replicate(s, modes: modes, threads: threads, job: job, offset: i * replications)
            let summary = RunSummary(scenario: v.label, seed: seed, version: version, results: results)
            compared.append(ComparedScenario(label: v.label, file: v.label, overrides: [], layoutKey: LayoutKey(s),
                                             summary: summary, results: results))
        }
        let c = Comparison(version: version, seed: seed, replications: replications, modes: modes, scenarios: compared)
        try write([("summary.json", c.json.fileData),
                   ("fragment.html", Data(ComparePage.fragment(c, clock: nil).utf8)),
                   ("fragment-clock.html",
                    Data(ComparePage.fragment(c, clock: WorkbenchClock.axis(variants.map(\.document.scenario))).utf8))],
                  to: job.folder)
    }

    /// The report's sections without the links to figure files, which
    /// the page does not serve (the figures are inline).
    static func inline(_ fragment: String) -> String {
        var out = fragment
        for stem in RunReport.figureStems {
            out = out.replacingOccurrences(of: " <a href=\"\(stem).svg\">\(stem).svg</a>", with: "")
        }
        return out
    }

    private static func write(_ files: [(name: String, data: Data)], to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for f in files { try f.data.write(to: folder.appendingPathComponent(f.name), options: .atomic) }
    }
}
