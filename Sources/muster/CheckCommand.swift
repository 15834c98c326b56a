import ArgumentParser
import Foundation
import MusterEngine
import MusterModel
import MusterStats

/// `muster check`: the CI regression gate.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Fail CI when simulated response times get worse than a stored baseline.",
        discussion: """
        Runs the scenario with the baseline's seed, replications and modes and \
        judges it in two layers.

        Exact: the simulator is deterministic, so if every replication's order and \
        field completion equals the baseline's bit for bit, nothing changed: pass, \
        with no statistics and no false alarm possible.

        Statistical: otherwise (the model or the scenario changed, or --seed / \
        --replications differ) each mode's p50 and p95 (--quantiles) of order and \
        field completion are compared with an exact two-sample quantile test on the \
        replication values, Holm-adjusted so that the chance of any false alarm is at \
        most --alpha. A regression is a rise that is significant AND larger than \
        --tolerance, so a real but tiny shift does not fail CI; a significant fall is \
        reported as an improvement and passes.

        Output: a one-paragraph verdict and a table (baseline, now, change, its 95 % \
        interval, test statistic z, p-value, Holm-adjusted p); --json for machines. \
        Warns on stderr when the scenario file changed since the baseline (its \
        SHA-256 is stored).

        Exit codes: 0 pass (unchanged, within tolerance, or improved), 1 regression, \
        2 bad input (unreadable scenario or baseline: file, line and key named), \
        3 internal error.

        Examples:
          muster check --baseline results/baselines/beilun.json   # default scenario
          muster check --baseline base.json --update              # write a baseline
          muster check --baseline base.json --set field.visit.mean=6.6m
          muster check scenarios/lingfeng.yaml --baseline l.json --tolerance 5% --json
        """
    )

    @OptionGroup var scenarioOptions: ScenarioOptions

    @Option(help: ArgumentHelp("Baseline file (JSON) to compare against, or to write with --update.", valueName: "file"))
    var baseline: String

    @Flag(help: "Run the scenario and write the baseline file (atomically) instead of checking.")
    var update = false

    @Option(help: ArgumentHelp("Smallest relative change that fails the gate, e.g. 2% or 0.02.", valueName: "fraction"))
    var tolerance: Fraction = Fraction(GateSettings().tolerance)

    @Option(help: ArgumentHelp("Family-wise false-alarm rate over all comparisons (Holm).", valueName: "fraction"))
    var alpha: Fraction = Fraction(GateSettings().alpha)

    @Option(help: ArgumentHelp("Quantiles to compare, comma-separated: p50,p95 or 0.5,0.95.", valueName: "list"))
    var quantiles: QuantileList = QuantileList(GateSettings().quantiles)

    @Option(help: "With --update: modes to store, tiered, p2p or both (default: the old baseline's, else both). A check runs the baseline's modes.")
    var mode: ModeOption?

    @Option(help: "Seed (default: the baseline's; for --update, the old baseline's or else the scenario's). Another seed than the baseline's turns the exact layer off.")
    var seed: UInt64?

    @Option(help: "Replications (default: the baseline's; for --update, the old baseline's or else the scenario's).")
    var replications: Int?

    @Option(help: "Worker threads (default: all cores). Results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print the verdict as JSON on stdout, nothing else there.")
    var json = false

    @Flag(help: "No progress bar.")
    var quiet = false

    func validate() throws {
        if let r = replications, r < 1 { throw ValidationError("--replications must be at least 1 (got \(r))") }
        if threads < 1 { throw ValidationError("--threads must be at least 1 (got \(threads))") }
        if !(tolerance.value >= 0 && tolerance.value < 10) {
            throw ValidationError("--tolerance must be a fraction from 0 (e.g. 2% or 0.02), got \(tolerance.value)")
        }
        if !(alpha.value > 0 && alpha.value < 1) {
            throw ValidationError("--alpha must be strictly between 0 and 1 (e.g. 1% or 0.01), got \(alpha.value)")
        }
        if mode != nil && !update { throw ValidationError("--mode only applies with --update; a check runs the baseline's modes") }
    }

    func run() throws {
        let scenario = try scenarioOptions.load()
        let path = scenarioOptions.scenario
        let sha = SHA256.hexDigest((try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data())
        if update {
            try writeBaseline(scenario: scenario, sha: sha)
            return
        }
        let base = try readBaseline()
        var warnings: [String] = []
        if base.scenarioSHA256 != sha {
            warnings.append("\(path) has changed since the baseline was written (SHA-256 \(base.scenarioSHA256.prefix(12))… then, "
                            + "\(sha.prefix(12))… now): values may differ, and the statistical layer judges whether that matters")
        }
        if base.scenario != scenario.name {
            warnings.append("the baseline is of scenario '\(base.scenario)' (\(base.scenarioFile)); this is '\(scenario.name)'")
        }
        if base.musterVersion != MusterVersion.current {
            warnings.append("the baseline was written by muster \(base.musterVersion); this is \(MusterVersion.current)")
        }
        if base.overrides != scenarioOptions.overrides {
            func shown(_ o: [String]) -> String { o.isEmpty ? "no --set" : o.map { "--set \($0)" }.joined(separator: " ") }
            warnings.append("the baseline was made with \(shown(base.overrides)); this run with \(shown(scenarioOptions.overrides))")
        }
        for w in warnings { Stderr.write("warning: \(w)\n") }

        var run = scenario
        run.seed = seed ?? base.seed
        run.replications = replications ?? base.replications
        let modes = base.modes
        let results = simulate(run, modes: modes)
        let sameDesign = run.seed == base.seed && run.replications == base.replications
        let settings = GateSettings(tolerance: tolerance.value, alpha: alpha.value, quantiles: quantiles.values)
        let verdict = Gate.judge(baseline: base.samples, now: GateSample.of(results), sameDesign: sameDesign, settings: settings)
        let context = GateContext(scenario: scenario.name, scenarioFile: path, baselineFile: baseline, baseline: base,
                                  musterVersion: MusterVersion.current, scenarioSHA256: sha, seed: run.seed,
                                  replications: run.replications, overrides: scenarioOptions.overrides, modes: modes,
                                  warnings: warnings)
        if json {
            print(GateReport.json(verdict, context).serialized())
        } else {
            print(GateReport.text(verdict, context), terminator: "")
        }
        if verdict.outcome.exitCode != 0 { throw ExitWith(code: verdict.outcome.exitCode) }
    }

    private func simulate(_ s: Scenario, modes: [Mode]) -> [Mode: [ReplicationResult]] {
        let bar = ProgressBar(total: s.replications, label: "\(s.name): replications", enabled: !quiet)
        defer { bar.finish() }
        return Experiment.run(s, modes: modes, replications: 0..<s.replications, threads: threads,
                              progress: { bar.update($0) })
    }

    /// The baseline, or exit 2 listing every problem.
    private func readBaseline() throws -> Baseline {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: baseline))
        } catch {
            let exists = FileManager.default.fileExists(atPath: baseline)
            Stderr.write("error: \(baseline): cannot read baseline file: \(exists ? "permission denied or not a file" : "no such file")"
                         + (exists ? "" : "; write one with --update") + "\n")
            throw ExitWith(code: 2)
        }
        do {
            return try Baseline.read(data, file: baseline)
        } catch {
            for issue in error.issues { Stderr.write("error: \(issue)\n") }
            let n = error.issues.count
            Stderr.write("\(baseline): \(n) problem\(n == 1 ? "" : "s") found; nothing was checked. "
                         + "Write a fresh baseline with --update.\n")
            throw ExitWith(code: 2)
        }
    }

    private func writeBaseline(scenario: Scenario, sha: String) throws {
        // Refreshing a baseline keeps its design unless told otherwise.
        let old: Baseline? = (try? Data(contentsOf: URL(fileURLWithPath: baseline))).flatMap {
            try? Baseline.read($0, file: baseline)
        }
        var run = scenario
        run.seed = seed ?? old?.seed ?? scenario.seed
        run.replications = replications ?? old?.replications ?? scenario.replications
        let modes = mode?.modes ?? old?.modes ?? [.tiered, .p2p]
        let results = simulate(run, modes: modes)
        let written = Baseline(musterVersion: MusterVersion.current, scenario: scenario.name,
                               scenarioFile: scenarioOptions.scenario, scenarioSHA256: sha, seed: run.seed,
                               replications: run.replications, overrides: scenarioOptions.overrides,
                               samples: GateSample.of(results))
        let url = URL(fileURLWithPath: baseline)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            // .atomic: a temporary file renamed into place, so a reader never
            // sees half a baseline.
            try written.json.fileData.write(to: url, options: .atomic)
        } catch {
            Stderr.write("error: --baseline \(baseline): cannot write: \((error as NSError).localizedDescription)\n")
            throw ExitWith(code: 2)
        }
        let modeText = modes.map(\.rawValue).joined(separator: " and ")
        if json {
            print(JSONValue.object([
                ("baseline_written", .string(baseline)),
                ("scenario", .string(scenario.name)),
                ("scenario_sha256", .string(sha)),
                ("seed", .uint(run.seed)),
                ("replications", .int(run.replications)),
                ("modes", .array(modes.map { .string($0.rawValue) })),
            ]).serialized())
        } else {
            print("Wrote \(baseline): scenario \(scenario.name), seed \(run.seed), \(run.replications) replications, \(modeText).")
        }
    }
}
