import Foundation
import MusterIncidentsReport
import MusterOutput
import MusterReport
import MusterEngine
import MusterIncidents
import MusterModel
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
        let n = scenario.replications
        if precision != nil {
            Stderr.write("error: --precision: \(scenarioOptions.scenario) simulates incident streams, whose runs take a fixed number of replications; give --replications instead\n")
            throw ExitWith(code: 2)
        }
        // Every incident's close time is kept, and the queue series per station.
        let samples = spec.horizon / spec.sampleEvery * Double(spec.departments.count + 2)
        let incidentBytes = Double(n) * Double(modes.count) * (ScenarioLimits.expectedIncidents(spec, in: scenario) * 64 + samples * 16)
        let orderBytes = withOrder ? MemoryBudget.orderRunBytes(scenario, replications: n, modes: modes.count, threads: common.threads) : 0
        try MemoryBudget.check(bytes: incidentBytes + orderBytes, what: "\(n) replications of \(scenario.name)'s incident streams")
        let bar = ProgressBar(total: withOrder ? 2 * n : n, label: "\(scenario.name): replications", style: common.progress)

        var order: (summary: RunSummary, results: [Mode: [ReplicationResult]])?
        if withOrder {
            let results = Experiment.run(scenario, modes: modes, replications: 0..<n, threads: common.threads,
                                         progress: { bar.update($0) })
            order = (RunSummary(scenario: scenario.name, seed: scenario.seed, version: MusterVersion.current,
                                results: results), results)
        }
        let offset = withOrder ? n : 0
        let results = IncidentExperiment.run(scenario, incidents: spec, modes: modes, replications: 0..<n,
                                             threads: common.threads, progress: { bar.update(offset + $0) })
        bar.finish()

        let incidents = IncidentSummary(spec: spec, results: results)
        for w in incidents.warnings { Stderr.write("warning: \(w)\n") }
        let summary = incidents.summaryJSON(order: order?.summary, scenario: scenario.name, seed: scenario.seed,
                                            replications: n, version: MusterVersion.current,
                                            simulated: document.simulate)
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
