import Foundation
import MusterIncidentsReport
import MusterOutput
import MusterReport
import MusterEngine
import MusterIncidents
import MusterModel
import MusterNumerics
import MusterScenario
import MusterStats

/// `muster run` on a scenario that simulates incident streams (docs/model.md,
/// "Incident streams"), with or without the order. Scenarios without incidents never
/// come here, so their output is what it always was.
extension RunCommand {
    func runIncidents(_ document: ScenarioDocument) throws {
        var scenario = document.scenario
        if let r = replications { scenario.replications = r }
        if let s = seed { scenario.seed = s }
        guard let spec = document.incidents else { return }
        let modes = mode.modes
        let withOrder = document.simulates(.order)
        if precision != nil && withOrder {
            Stderr.write("error: --precision: \(scenarioOptions.scenario) simulates both the order and incident streams; --precision stops on one measure, so run each part on its own (`simulate: incidents` or `simulate: order`) or give --replications\n")
            throw ExitWith(code: 2)
        }
        let planned = precision == nil ? scenario.replications : replicationCap
        // Per replication and mode: close-time summaries with their
        // histograms (bounded whatever the incidents) and the queue series;
        // per thread while it runs: the replication's incidents.
        let groups = Double(spec.departments.count + spec.tiered.levels.count + 1)
        let histograms = 2 * Double(spec.kinds.count + 1) + groups
        let samples = spec.horizon / spec.sampleEvery * (groups + 1)
        let perResult = histograms * Double(LogHistogram.typicalBuckets * 8) + samples * 24 + 4096
        let running = ScenarioLimits.expectedIncidents(spec, in: scenario) * 160 * Double(max(common.threads, 1))
        let incidentBytes = Double(planned) * Double(modes.count) * perResult + running
        let orderBytes = withOrder ? MemoryBudget.orderRunBytes(scenario, replications: planned, modes: modes.count, threads: common.threads) : 0
        try MemoryBudget.check(bytes: incidentBytes + orderBytes, what: "\(planned) replications of \(scenario.name)'s incident streams")

        var order: (summary: RunSummary, results: [Mode: [ReplicationResult]])?
        let results: [Mode: [IncidentReplicationResult]]
        var outcome: PrecisionOutcome?
        if let precision {
            (results, outcome) = incidentsToPrecision(scenario, spec: spec, modes: modes,
                                                      target: precision.checked(in: .open))
            scenario.replications = outcome!.replications
            if !outcome!.reached {
                Stderr.write("warning: precision \(precision) not reached within --max-replications \(outcome!.maxReplications)\n")
            }
        } else {
            let n = scenario.replications
            let bar = ProgressBar(total: withOrder ? 2 * n : n, label: "\(scenario.name): replications", style: common.progress)
            if withOrder {
                let results = Experiment.run(scenario, modes: modes, replications: 0..<n, threads: common.threads,
                                             progress: { bar.update($0) })
                order = (RunSummary(scenario: scenario.name, seed: scenario.seed, version: MusterVersion.current,
                                    results: results), results)
            }
            let offset = withOrder ? n : 0
            results = IncidentExperiment.run(scenario, incidents: spec, modes: modes, replications: 0..<n,
                                             threads: common.threads, progress: { bar.update(offset + $0) })
            bar.finish()
        }
        let n = scenario.replications

        let incidents = IncidentSummary(spec: spec, results: results)
        for w in incidents.warnings { Stderr.write("warning: \(w)\n") }
        let summary = incidents.summaryJSON(order: order?.summary, scenario: scenario.name, seed: scenario.seed,
                                            replications: n, version: MusterVersion.current,
                                            simulated: document.simulate, precision: outcome)
        var written: [String] = []
        if let out {
            written = try writeIncidentOutput(summary: summary, incidents: incidents, results: results, spec: spec,
                                              order: order, scenario: scenario, to: out)
        }
        if common.json {
            print(summary.serialized())
            return
        }
        if let order {
            print(TextReport.render(order.summary, color: false))
        }
        let reps = n == 1 ? "1 replication" : "\(n) replications"
        let title = "muster \(MusterVersion.current) · scenario \(scenario.name) · seed \(scenario.seed) · \(reps)"
        print(IncidentReport.render(incidents, title: withOrder ? nil : title, start: scenario.start.description),
              terminator: "")
        if let out { print("\nWrote \(out)/: " + written.joined(separator: ", ")) }
    }

    /// Incident replications in batches until the 95 % half-width of the
    /// mean close time (report → close, the mean of replication means) is
    /// within `target` of the mean in every mode: the stopping rule of
    /// `run --precision` on orders (`PrecisionRule`), on this measure.
    private func incidentsToPrecision(_ scenario: Scenario, spec: IncidentSpec, modes: [Mode], target: Double)
        -> ([Mode: [IncidentReplicationResult]], PrecisionOutcome) {
        let first = replications ?? PrecisionRun.minimumFirstBatch
        var results: [Mode: [IncidentReplicationResult]] = Dictionary(uniqueKeysWithValues: modes.map { ($0, []) })
        var n = 0, next: Int? = first
        var batches: [Int] = []
        var widths: [Mode: Double] = [:]
        while let end = next {
            let bar = ProgressBar(total: end - n, label: "\(scenario.name): replications \(n + 1)–\(end)",
                                  style: common.progress)
            let done = IncidentExperiment.run(scenario, incidents: spec, modes: modes, replications: n..<end,
                                              threads: common.threads, progress: { bar.update($0) })
            bar.finish()
            for mode in modes { results[mode]! += done[mode]! }
            n = end
            batches.append(n)
            for mode in modes {
                widths[mode] = PrecisionRule.relativeHalfWidth(results[mode]!.map { $0.close[0].mean })
            }
            next = PrecisionRule.nextCount(after: n, relativeHalfWidths: modes.map { widths[$0]! }, target: target,
                                           maxReplications: replicationCap)
        }
        let reached = modes.allSatisfy { widths[$0]! <= target }
        return (results, PrecisionOutcome(target: target, maxReplications: replicationCap, reached: reached,
                                          replications: n, batches: batches, relativeHalfWidth: widths))
    }

    /// Writes the output folder atomically; returns the file names.
    private func writeIncidentOutput(summary: JSONValue, incidents: IncidentSummary,
                                     results: [Mode: [IncidentReplicationResult]], spec: IncidentSpec,
                                     order: (summary: RunSummary, results: [Mode: [ReplicationResult]])?,
                                     scenario: Scenario, to dir: String) throws -> [String] {
        let path = scenarioOptions.scenario
        let bytes = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
        let manifest = Manifest(version: MusterVersion.current, scenario: scenario.name, scenarioFile: path,
                                scenarioBytes: bytes, seed: scenario.seed, replications: scenario.replications,
                                modes: mode.modes, overrides: scenarioOptions.overrides, threads: common.threads,
                                commandLine: CommandLine.arguments)
        var files: [(name: String, data: Data)] = [(RunFolder.summary, summary.fileData)]
        // The contract's order files are always there: header only when the
        // order was not simulated.
        if let order {
            files += [
                (RunFolder.replications, Data(CSVReports.replications(order.results).utf8)),
                (RunFolder.coverage, Data(CSVReports.coverage(order.summary).utf8)),
                (RunFolder.phases, Data(CSVReports.phases(order.summary).utf8)),
                (RunFolder.histogram, Data(CSVReports.microgridDoneHistogram(order.summary).utf8)),
            ]
        } else {
            files += [(RunFolder.replications, Data((CSVReports.replicationsHeader + "\n").utf8)),
                      (RunFolder.coverage, Data((CSVReports.coverageHeader + "\n").utf8))]
        }
        files += [
            ("incident_replications.csv", Data(IncidentCSV.replications(results, spec: spec).utf8)),
            ("incident_close_cdf.csv", Data(IncidentCSV.closeCDF(incidents).utf8)),
            ("incident_stations.csv", Data(IncidentCSV.stations(incidents).utf8)),
            ("incident_queue_series.csv", Data(IncidentCSV.queueSeries(incidents).utf8)),
            (RunFolder.manifest, manifest.json.fileData),
        ]
        let caption = "Scenario \(scenario.name) · seed \(scenario.seed) · \(scenario.replications) replications · muster \(MusterVersion.current)"
        files += IncidentFigures.files(incidents, caption: caption, converter: RunReport.converterOnPath())
        try OutputWriting.write(files, to: dir, inputs: [scenarioOptions.scenario])
        return files.map(\.name)
    }
}
