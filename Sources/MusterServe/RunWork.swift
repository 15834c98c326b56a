import Dispatch
import Foundation
import MusterCompare
import MusterModel
import MusterOutput
import MusterPipeline
import MusterReport
import MusterScenario
import MusterStats

/// What a job computes, on the worker thread: replications in short
/// batches (so a cancel is seen within a fraction of a second) and the
/// folder the pages serve. The folder holds what `muster run --out` (or
/// `muster compare --out`) writes, from the same library calls, plus the
/// scenario files that reproduce it; `view/` holds what the page shows.
/// Replication r depends only on (scenario, seed, r), so batching gives
/// the numbers of one `muster run`.
enum RunWork {
    /// The page's sections and the standalone report, per axis choice.
    static let view = "view"

    /// Replications `0..<count` of `scenario` in every mode, in batches
    /// sized to take about `batchSeconds` each (from the pace of the first,
    /// one replication a thread), so that a cancel or Ctrl-C is seen within
    /// that time plus one replication; `offset` shifts the progress reported
    /// (a comparison's later scenarios).
    static func replicate(_ scenario: Scenario, modes: [Mode], threads: Int, job: RunJob,
                          offset: Int = 0, batchSeconds: Double = 0.25) throws -> [Mode: [ReplicationResult]] {
        let count = scenario.replications
        var batch = max(1, threads)
        var results: [Mode: [ReplicationResult]] = [:]
        var start = 0
        while start < count {
            if job.isCancelled { throw JobCancelled() }
            let end = min(count, start + batch)
            let began = DispatchTime.now().uptimeNanoseconds
            let part = Experiment.run(scenario, modes: modes, replications: start..<end, threads: threads,
                                      progress: { [start] in job.progress(offset + start + $0) })
            for (mode, list) in part { results[mode, default: []] += list }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
            let perReplication = seconds / Double(end - start)
            batch = perReplication > 0 ? max(1, min(count, Int(batchSeconds / perReplication))) : count
            start = end
        }
        return results
    }

    /// A run of the document as edited: the folder of `muster run --out`
    /// for `scenario.yaml` (which `muster run` reproduces), and the page's
    /// sections and standalone reports with each choice of axes.
    static func run(_ document: ScenarioDocument, version: String, threads: Int, job: RunJob) throws {
        let scenario = document.scenario
        let modes = Mode.allCases
        let results = try replicate(scenario, modes: modes, threads: threads, job: job)
        let yaml = Data(ScenarioYAML.text(document).utf8)
        let summary = RunSummary(scenario: scenario.name, seed: scenario.seed, version: version, results: results)
        let provenance = Provenance(musterVersion: version, scenario: scenario.name, scenarioFile: "scenario.yaml",
                                    scenarioBytes: yaml, seed: scenario.seed, replications: scenario.replications, overrides: [])
        let output = try RunOutput.make(document: document, results: results, summary: summary, bottlenecks: nil,
                                        provenance: provenance, modes: modes, threads: threads, commandLine: ["muster", "serve"])
        let clock = try output.redrawn(options: ReportOptions(clockTime: true))
        var files = output.files + [("scenario.yaml", yaml)]
        files += [(view + "/fragment.html", Data(inline(output.fragment).utf8)),
                  (view + "/fragment-clock.html", Data(inline(clock.fragment).utf8))]
        for f in output.files where f.name == RunReport.reportName {
            files.append((view + "/report.html", Data(inline(String(decoding: f.data, as: UTF8.self)).utf8)))
        }
        // The clock-time figures and report for the zip (links and all),
        // and the report alone, self-contained, for its own download.
        for f in clock.files {
            files.append((view + "/clock-" + f.name, f.data))
            if f.name == RunReport.reportName {
                files.append((view + "/report-clock.html", Data(inline(String(decoding: f.data, as: UTF8.self)).utf8)))
            }
        }
        try write(files, to: job.folder, job: job)
    }

    /// A comparison of the variants with one seed and replications, as
    /// `muster compare` makes it (its folder, with each variant's scenario
    /// file), and the page's sections with each choice of axes.
    static func compare(_ variants: [(label: String, document: ScenarioDocument)], seed: UInt64, replications: Int,
                        version: String, threads: Int, job: RunJob) throws {
        let modes = Mode.allCases
        let inputs = variants.enumerated().map { i, v in
            ComparisonRun.Variant(label: v.label, scenario: v.document.scenario, file: "variant-\(i + 1).yaml",
                                  fileBytes: Data(ScenarioYAML.text(v.document).utf8), overrides: [])
        }
        let c = try ComparisonRun.run(inputs, seed: seed, replications: replications, modes: modes, version: version) { s, before in
            try replicate(s, modes: modes, threads: threads, job: job, offset: before)
        }
        let axis = WorkbenchClock.axis(variants.map(\.document.scenario))
        var files = ComparisonRun.files(c, variants: inputs, threads: threads, commandLine: ["muster", "serve"])
        files += inputs.map { ($0.file, $0.fileBytes) }
        files += [(view + "/fragment.html", Data(ComparePage.fragment(c, clock: nil).utf8)),
                  (view + "/fragment-clock.html", Data(ComparePage.fragment(c, clock: axis).utf8)),
                  (view + "/clock-" + ComparisonFigure.fileName, Data(ComparisonFigure.completionCDF(c, clock: axis).utf8))]
        try write(files, to: job.folder, job: job)
    }

    /// The report's sections without the links to figure files, which
    /// the page and a lone report.html do not carry (the figures are inline).
    static func inline(_ fragment: String) -> String {
        var out = fragment
        for stem in RunReport.figureStems + [RunReport.attributionStem] {
            out = out.replacingOccurrences(of: " <a href=\"\(stem).svg\">\(stem).svg</a>", with: "")
        }
        return out
    }

    private static func write(_ files: [(name: String, data: Data)], to folder: URL, job: RunJob) throws {
        // A job cancelled (or a server stopping) writes nothing more.
        if job.isCancelled { throw JobCancelled() }
        try PrivateFolder.makeInside(folder.appendingPathComponent(view))
        for f in files { try PrivateFolder.write(f.data, to: folder.appendingPathComponent(f.name)) }
    }
}
