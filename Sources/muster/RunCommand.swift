import ArgumentParser
import Foundation
import MusterCalibrate
import MusterEngine
import MusterModel
import MusterOutput
import MusterPipeline
import MusterReport
import MusterScenario
import MusterStats

/// `muster run`: replications of a scenario in one or both modes.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate a scenario and report order-completion distributions.",
        discussion: """
        Every replication draws a fresh layout (fan-outs, households, volunteers) \
        and, with --mode both (the default), runs tiered relay and point-to-point \
        on it with the same household and person draws, so the comparison is \
        paired. Results do not depend on --threads.

        Output: a table on stdout (hours: mean ± 95 % CI half-width, percentiles); \
        --json prints the summary object instead (docs/reference/outputs.md); --out DIR also \
        writes summary.json, replications.csv, coverage.csv, phases.csv, \
        microgrid_done_histogram.csv, parameters.json, manifest.json, the figures \
        (completion_cdf, coverage, phases, microgrid_done: SVG, and PNG when \
        rsvg-convert is on PATH) and report.html, atomically (the folder appears \
        complete or not at all). `muster plot DIR` redraws the figures from the files.

        --attribution also finds, in every replication and mode, the critical \
        path of order completion and every unit's slack: the text report gains \
        "Where the time goes, unit by unit", --json a `bottlenecks` key, and \
        --out bottlenecks.csv and the bottlenecks figure \
        (docs/how-to/find-bottlenecks.md). Without it nothing is computed.

        Examples:
          muster run
          muster run scenarios/ningbo.yaml --replications 1
          muster run scenarios/beilun.yaml --mode p2p --set p2p.push_fails=0.2
          muster run scenarios/beilun.yaml --out results/beilun --json > summary.json
          muster run scenarios/typhoon.yaml   # incident streams, backlog
          muster run scenarios/beilun.yaml --attribution --out results/bn
        """
    )

    @OptionGroup var scenarioOptions: ScenarioOptions

    @Option(help: "Dispatch mode: tiered, p2p or both (paired).")
    var mode: ModeOption = .both

    @Option(help: "Number of replications (default: the scenario's `replications`).")
    var replications: Int?

    @Option(help: "Random seed (default: the scenario's `seed`).")
    var seed: UInt64?

    @OptionGroup var common: CommonRunOptions

    @Option(help: ArgumentHelp("A calibration's posterior.csv: each replication draws its parameters from it (resampled by weight), so the distributions carry parameter uncertainty.", valueName: "posterior.csv"))
    var posterior: String?

    @Option(help: ArgumentHelp("Also write the data files, figures and report.html to this folder (replaced atomically).", valueName: "dir"))
    var out: String?

    @Option(help: ArgumentHelp("Add replications in batches until the 95 % CI half-width of the mean order completion (incidents only: mean close time) is within this fraction of the mean in every mode, e.g. 2% or 0.02. The first batch is --replications (default 10).", valueName: "fraction"))
    var precision: Fraction?

    @Option(help: "With --precision: stop at this many replications even if the precision is not reached (default 1000).")
    var maxReplications: Int?

    @Flag(help: "Find the critical path and every unit's slack; report the bottleneck units (bottlenecks.csv with --out).")
    var attribution = false

    /// `--max-replications`, or its default.
    var replicationCap: Int { maxReplications ?? 1000 }

    func validate() throws {
        try CommonRunOptions.validateReplications(replications)
        if let p = precision {
            let first = replications ?? PrecisionRun.minimumFirstBatch
            _ = try p.value("--precision", in: .open)
            if first < PrecisionRun.minimumFirstBatch {
                throw ValidationError("with --precision, --replications is the first batch and must be at least \(PrecisionRun.minimumFirstBatch) (got \(first)): fewer give too rough an estimate to stop on")
            }
            if replicationCap > MemoryBudget.maxReplications {
                throw ValidationError("--max-replications must be at most \(MemoryBudget.maxReplications) (got \(replicationCap))")
            }
            if replicationCap < first { throw ValidationError("--max-replications (\(replicationCap)) must be at least the first batch (\(first))") }
        } else if maxReplications != nil {
            throw ValidationError("--max-replications needs --precision: it caps the replications added until a precision is reached; "
                                  + "for a fixed number of replications use --replications")
        }
    }

    mutating func run() throws {
        try scenarioOptions.resolveDefault(announce: !(common.quiet || common.json))
        let document = try scenarioOptions.loadDocument()
        try OutputWriting.preflight(out, inputs: [scenarioOptions.scenario])
        if document.simulates(.incidents) {
            if attribution { throw refuseAttribution(document) }
            return try runIncidents(document)
        }
        var scenario = document.scenario
        if let r = replications { scenario.replications = r }
        if let s = seed { scenario.seed = s }
        let modes = mode.modes
        let planned = precision == nil ? scenario.replications : replicationCap
        // Attribution keeps a slack per unit and two waits per micro-grid,
        // with the layout's arrays, per replication and mode (≈ 48 bytes a micro-grid).
        let attributionBytes = attribution ? Double(planned * modes.count) * 48 * ScenarioLimits.microgridBound(scenario) : 0
        try MemoryBudget.check(bytes: MemoryBudget.orderRunBytes(scenario, replications: planned, modes: modes.count, threads: common.threads)
                                   + attributionBytes,
                               what: "\(planned) replication\(planned == 1 ? "" : "s") of \(scenario.name) in \(modes.count) mode\(modes.count == 1 ? "" : "s")")

        var results: [Mode: [ReplicationResult]]
        var outcome: PrecisionOutcome? = nil
        var posteriorNote: (text: String, json: JSONValue)?
        if let posterior {
            if precision != nil || attribution {
                Stderr.write("error: --posterior: cannot be combined with \(precision != nil ? "--precision" : "--attribution"); give a number of replications\n")
                throw ExitWith(code: 2)
            }
            (results, posteriorNote) = try runWithPosterior(posterior, scenario: scenario, modes: modes)
        } else if let precision {
            (results, outcome) = runToPrecision(&scenario, modes: modes, target: precision.checked(in: .open))
        } else {
            let bar = ProgressBar(total: scenario.replications, label: "\(scenario.name): replications", style: common.progress)
            results = Experiment.run(scenario, modes: modes, replications: 0..<scenario.replications,
                                     threads: common.threads, attribution: attribution, progress: { bar.update($0) })
            bar.finish()
        }

        var summary = RunSummary(scenario: scenario.name, seed: scenario.seed,
                                 version: MusterVersion.current, results: results)
        summary.precision = outcome
        if let outcome, !outcome.reached {
            Stderr.write("warning: precision \(precision!) not reached within --max-replications \(outcome.maxReplications)\n")
        }
        let bottlenecks = attribution
            ? BottleneckSummary(results: results, unitIds: Layout.unitIds(scenario.layout, scope: scenario.scope)) : nil
        var written: [String] = []
        if let out {
            var resolved = document
            resolved.scenario = scenario
            written = try writeOutput(summary: summary, results: results, bottlenecks: bottlenecks, document: resolved, to: out)
        }
        if common.json {
            var doc = summary.jsonWith(bottlenecks: bottlenecks)
            if let posteriorNote, case .object(var members) = doc {
                members.append(("posterior", posteriorNote.json))
                doc = .object(members)
            }
            print(doc.serialized())
        } else {
            print(TextReport.render(summary, color: false), terminator: "")
            if let posteriorNote { print(posteriorNote.text) }
            if let bottlenecks { print(bottlenecks.textSection(), terminator: "") }
            if let out { print("\nWrote \(out)/: " + written.joined(separator: ", ")) }
        }
    }

    /// Replications whose parameters are drawn from a calibration's
    /// posterior; the note says so and how many distinct particles were used.
    private func runWithPosterior(_ path: String, scenario: Scenario, modes: [Mode]) throws
        -> ([Mode: [ReplicationResult]], (text: String, json: JSONValue)) {
        let sample: PosteriorSample
        switch PosteriorSample.read(path: path) {
        case .failure(let e):
            Stderr.write("error: --posterior: \(e.message)\n")
            throw ExitWith(code: 2)
        case .success(let s): sample = s
        }
        let knobs: [[ScenarioKnob]]
        switch CalibrateCommand.knobs(sample.parameters, scenarioPath: scenarioOptions.scenario,
                                      overrides: scenarioOptions.overrides, base: scenario) {
        case .failure(let e):
            Stderr.write("error: --posterior \(path): \(e.message)\n")
            throw ExitWith(code: 2)
        case .success(let k): knobs = k
        }
        let n = scenario.replications
        let drawn = (0..<n).map { sample.particle(replication: $0, seed: scenario.seed) }
        let bar = ProgressBar(total: n, label: "\(scenario.name): replications (posterior)", style: common.progress)
        let results = Experiment.run(modes: modes, replications: 0..<n, threads: common.threads, progress: { bar.update($0) }) { r in
            sample.scenario(scenario, particle: drawn[r], knobs: knobs)
        }
        bar.finish()
        let distinct = Set(drawn).count
        let names = sample.parameters.map(\.name).joined(separator: ", ")
        let text = "Parameter uncertainty: each replication drew \(names) from the posterior \(path) "
            + "(\(sample.particles.count) particles, resampled by weight); \(distinct) distinct particles were used in \(n) replications."
        let json: JSONValue = .object([
            ("file", .string(path)),
            ("parameters", .array(sample.parameters.map { .string($0.name) })),
            ("particles", .int(sample.particles.count)),
            ("distinct_particles_used", .int(distinct)),
            ("replications", .int(n)),
        ])
        return (results, (text, json))
    }

    /// Batches until the precision is reached; `scenario.replications`
    /// becomes the count it took (the manifest records it, so a plain run
    /// with that count reproduces the results).
    private func runToPrecision(_ scenario: inout Scenario, modes: [Mode], target: Double)
        -> ([Mode: [ReplicationResult]], PrecisionOutcome) {
        let first = replications ?? PrecisionRun.minimumFirstBatch
        var bars: [ProgressBar] = []
        let name = scenario.name
        let (results, outcome) = PrecisionRun.run(
            scenario, modes: modes, target: target, firstBatch: first, maxReplications: replicationCap,
            threads: common.threads, attribution: attribution,
            batch: { [progress = common.progress] from, to in
                bars.last?.finish()
                let bar = ProgressBar(total: to - from, label: "\(name): replications \(from + 1)–\(to)", style: progress)
                bars.append(bar)
                return { bar.update($0) }
            })
        bars.last?.finish()
        scenario.replications = outcome.replications
        return (results, outcome)
    }

    /// Writes the output folder; returns the names of the files written.
    private func writeOutput(summary: RunSummary, results: [Mode: [ReplicationResult]], bottlenecks: BottleneckSummary?,
                             document: ScenarioDocument, to dir: String) throws -> [String] {
        let scenario = document.scenario
        let path = scenarioOptions.scenario
        let bytes = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
        let provenance = Provenance(musterVersion: MusterVersion.current, scenario: scenario.name, scenarioFile: path,
                                    scenarioBytes: bytes, seed: scenario.seed, replications: scenario.replications,
                                    overrides: scenarioOptions.overrides)
        let output = try RunOutput.make(document: document, results: results, summary: summary, bottlenecks: bottlenecks,
                                        provenance: provenance, modes: mode.modes, threads: common.threads,
                                        commandLine: CommandLine.arguments, converter: RunReport.converterOnPath())
        for warning in output.warnings { Stderr.write("warning: \(warning)\n") }
        let files = output.files
        try OutputWriting.write(files, to: dir, inputs: [scenarioOptions.scenario])
        return files.map(\.name)
    }

    /// Attribution follows the order through the tree; incident streams
    /// have no order to follow.
    private func refuseAttribution(_ document: ScenarioDocument) -> ExitWith {
        let what = document.simulates(.order)
            ? "simulates incident streams as well as the order; attribution is for order-only scenarios (simulate: [order])"
            : "simulates incident streams only, with no order to attribute"
        Stderr.write("error: --attribution: \(scenarioOptions.scenario) \(what): it finds which units hold an order's completion up\n")
        return ExitWith(code: 2)
    }
}
