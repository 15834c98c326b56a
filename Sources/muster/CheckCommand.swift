import ArgumentParser
import Foundation
import MusterEngine
import MusterGate
import MusterModel
import MusterOutput

/// `muster check`: the CI regression gate.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Fail CI when simulated response times get worse than a stored baseline.",
        discussion: """
        Runs the scenario with the baseline's seed, replications and modes and \
        judges it in two layers.

        Exact: the simulator is deterministic, so with the baseline's seed \
        replication i of the run must equal replication i of the baseline bit for \
        bit. If every shared replication does, nothing changed: pass, no \
        statistics, no false alarm possible. If one differs and --replications is \
        not the baseline's, that is a change (exit 1, naming the replication and \
        both values): shared replications are the same random draws and are never \
        tested as independent samples.

        Statistical: otherwise (with the baseline's replications and values that \
        differ, or another --seed) each mode's p50 and p95 (--quantiles) of order and \
        field completion are compared with an exact two-sample quantile test on the \
        replication values, Holm-adjusted so that the chance of any false alarm is at \
        most --alpha. A regression is a rise that is significant AND larger than \
        --tolerance, so a real but tiny shift does not fail CI; a significant fall is \
        reported as an improvement and passes. If no comparison could be significant \
        with these replication counts, whatever the values, the check refuses (exit \
        2) and says how many replications are needed.

        Output: a one-paragraph verdict and a table (baseline, now, change, its \
        interval at the Holm level of the comparison, so that it excludes 0 exactly \
        when the verdict is significant, test statistic z, p-value, Holm-adjusted p); \
        --format json (or --json) for machines, --format markdown for a GitHub step \
        summary, --format junit for GitLab and Jenkins test reports (one test case \
        per compared statistic, a failure per regression).

        Refused with exit 2: a baseline of another scenario (name or scenario-file \
        SHA-256) unless --allow-other-scenario; implausible baseline values \
        (negative, or over a million hours); fractions outside their range or a \
        bare number above 1 (--tolerance 5: did you mean 5%?).

        Exit codes: 0 pass (unchanged, within tolerance, or improved), 1 regression \
        or change, 2 bad input (file, line and key, or option, named), 3 internal error.

        Examples:
          muster check --baseline results/baselines/beilun.json   # default scenario
          muster check --baseline base.json --update              # write a baseline
          muster check --baseline base.json --set field.visit.mean=6.6m
          muster check scenarios/lingfeng.yaml --baseline l.json --tolerance 5% --json
          muster check --baseline base.json --format markdown >> "$GITHUB_STEP_SUMMARY"
          muster check --baseline base.json --format junit > muster-check.xml
        """
    )

    @OptionGroup var scenarioOptions: ScenarioOptions

    @Option(help: ArgumentHelp("Baseline file (JSON) to compare against, or to write with --update.", valueName: "file"))
    var baseline: String

    @Flag(help: "Run the scenario and write the baseline file (atomically) instead of checking.")
    var update = false

    @Option(help: ArgumentHelp("Smallest relative change that fails the gate, strictly between 0% and 100%: 2% or 0.02 (a bare 5 is refused: 5% or 0.05).", valueName: "fraction"))
    var tolerance: Fraction = Fraction("2%")

    @Option(help: ArgumentHelp("Family-wise false-alarm rate over all comparisons (Holm), strictly between 0% and 100%: 1% or 0.01.", valueName: "fraction"))
    var alpha: Fraction = Fraction("1%")

    @Option(help: ArgumentHelp("Quantiles to compare, comma-separated: p50,p95 or 0.5,0.95.", valueName: "list"))
    var quantiles: QuantileList = QuantileList(GateSettings().quantiles)

    @Option(help: "With --update: modes to store, tiered, p2p or both (default: the old baseline's, else both). A check runs the baseline's modes.")
    var mode: ModeOption?

    @Option(help: "Seed (default: the baseline's; for --update, the old baseline's or else the scenario's). Another seed than the baseline's turns the exact layer off.")
    var seed: UInt64?

    @Option(help: "Replications (default: the baseline's; for --update, the old baseline's or else the scenario's).")
    var replications: Int?

    @OptionGroup var common: CommonRunOptions

    @Option(help: ArgumentHelp("Output format of the verdict: text, json (the same as --json), markdown (a GitHub step summary) or junit (JUnit XML test report).", valueName: "format"))
    var format: CheckFormat?

    @Flag(help: "Compare against a baseline of another scenario (another name or another scenario file hash) instead of refusing it (exit 2); the verdict says so.")
    var allowOtherScenario = false

    func validate() throws {
        try CommonRunOptions.validateReplications(replications)
        _ = try tolerance.value("--tolerance", in: .open)
        _ = try alpha.value("--alpha", in: .open)
        if mode != nil && !update { throw ValidationError("--mode only applies with --update; a check runs the baseline's modes") }
        if common.json, let f = format, f != .json {
            throw ValidationError("--json is --format json; it cannot be combined with --format \(f.rawValue)")
        }
        if update, let f = format, f == .markdown || f == .junit {
            throw ValidationError("--format \(f.rawValue) only applies to a check, not to --update (which takes text or json)")
        }
    }

    mutating func run() throws {
        try scenarioOptions.resolveDefault(announce: !(common.quiet || common.json))
        let scenario = try scenarioOptions.load()
        let path = scenarioOptions.scenario
        let sha = SHA256.hexDigest((try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data())
        if update {
            try writeBaseline(scenario: scenario, sha: sha)
            return
        }
        let base = try readBaseline()
        // A baseline is a statement about one scenario file: another one's
        // values say nothing about this one, so it is refused unless asked for.
        var other: [String] = []
        if base.scenario != scenario.name {
            other.append("the baseline is of scenario '\(base.scenario)' (\(base.scenarioFile)); this is '\(scenario.name)' (\(path))")
        }
        if base.scenarioSHA256 != sha {
            other.append("\(path) is not the file the baseline was written from (scenario SHA-256 \(base.scenarioSHA256.prefix(12))… "
                         + "in the baseline, \(sha.prefix(12))… now)")
        }
        if !other.isEmpty {
            if !allowOtherScenario {
                for o in other { Stderr.write("error: --baseline \(baseline): \(o)\n") }
                Stderr.write("A baseline holds for the scenario file it was written from. Write one for this scenario with "
                             + "--update, or pass --allow-other-scenario to compare anyway (the verdict then says so). "
                             + "Nothing was checked.\n")
                throw ExitWith(code: 2)
            }
            for o in other { Stderr.write("warning: --allow-other-scenario: \(o)\n") }
        }
        var warnings: [String] = []
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
        try MemoryBudget.check(bytes: MemoryBudget.orderRunBytes(run, replications: run.replications, modes: modes.count, threads: common.threads),
                               what: "\(run.replications) replications of \(run.name)")
        let settings = GateSettings(tolerance: tolerance.checked(in: .open), alpha: alpha.checked(in: .open),
                                    quantiles: quantiles.values)
        let k = Gate.comparisonCount(modes: modes.count, settings: settings)
        // Another seed leaves only the statistical layer: refuse before
        // simulating when no comparison could be judged.
        if run.seed != base.seed,
           !Gate.judgeable(baseline: base.replications, now: run.replications, comparisons: k, settings: settings) {
            throw refuseUnjudgeable(base: base, run: run, comparisons: k, settings: settings)
        }
        let started = Date()
        let results = simulate(run, modes: modes)
        let verdict = Gate.judge(baseline: base.samples, now: GateSample.of(results), sameSeed: run.seed == base.seed,
                                 settings: settings)
        // Ties among the values can leave a comparison less able to be
        // significant than the count alone says: judged on the real values.
        if !verdict.judgeable {
            throw refuseUnjudgeable(base: base, run: run, comparisons: k, settings: settings)
        }
        let context = GateContext(scenario: scenario.name, scenarioFile: path, baselineFile: baseline, baseline: base,
                                  musterVersion: MusterVersion.current, scenarioSHA256: sha, seed: run.seed,
                                  replications: run.replications, overrides: scenarioOptions.overrides, modes: modes,
                                  warnings: warnings, otherScenario: other)
        switch outputFormat {
        case .json: print(GateReport.json(verdict, context).serialized())
        case .text: print(GateReport.text(verdict, context), terminator: "")
        case .markdown: print(GateReport.markdown(verdict, context), terminator: "")
        case .junit: print(GateReport.junit(verdict, context, seconds: Date().timeIntervalSince(started)), terminator: "")
        }
        if verdict.outcome.exitCode != 0 { throw ExitWith(code: verdict.outcome.exitCode) }
    }

    /// `--format`, with `--json` as `--format json` (validated not to
    /// contradict it).
    private var outputFormat: CheckFormat { format ?? (common.json ? .json : .text) }

    /// Says on stderr why no comparison can be judged and how many
    /// replications would do; the error to throw (exit 2).
    private func refuseUnjudgeable(base: Baseline, run: Scenario, comparisons k: Int, settings: GateSettings) -> ExitWith {
        let m = base.replications, n = run.replications
        let best = settings.quantiles.map { (q: $0, p: Gate.minimumPValue(baseline: m, now: n, quantile: $0)) }
            .min { $0.p < $1.p }!
        let threshold = settings.alpha / Double(k)
        let alphaText = GateReport.percent(settings.alpha)
        Stderr.write("error: --replications \(n): no comparison can be judged with \(n) replication\(n == 1 ? "" : "s") against the baseline's "
                     + "\(m): the smallest p-value the gate's quantile test can give, whatever the values, is "
                     + "\(String(format: "%.3g", best.p)) (\(GateComparison.quantileName(best.q))), not below α/k = "
                     + "\(alphaText)/\(k) = \(String(format: "%.3g", threshold)) (α = --alpha over \(k) comparisons, Holm), "
                     + "so no change, however large, could fail the gate.\n")
        var advice: [String] = []
        if let needed = Gate.replicationsNeeded(baseline: m, comparisons: k, settings: settings) {
            advice.append("against this baseline, a run needs at least \(needed) replications"
                          + (run.seed == base.seed && needed != m ? " with another --seed (with the baseline's seed, "
                             + "\(m) replications are compared exactly)" : "")
                          + " (--replications \(needed))")
        }
        if let equal = Gate.replicationsNeeded(baseline: nil, comparisons: k, settings: settings), equal > m {
            advice.append("a baseline and run of \(equal) replications each would do (muster check --update --replications \(equal))")
        }
        if advice.isEmpty { advice.append("no number of replications up to a million would do; raise --alpha or compare fewer quantiles") }
        Stderr.write("Needed for α = \(alphaText) over \(k) comparisons of \(settings.quantiles.map(GateComparison.quantileName).joined(separator: ", ")) "
                     + "(the tolerance, \(GateReport.percent(settings.tolerance)), does not enter: it decides which significant "
                     + "changes fail, not which can be significant): " + advice.joined(separator: "; ") + ". Nothing was checked.\n")
        return ExitWith(code: 2)
    }

    private func simulate(_ s: Scenario, modes: [Mode]) -> [Mode: [ReplicationResult]] {
        let bar = ProgressBar(total: s.replications, label: "\(s.name): replications", style: common.progress)
        defer { bar.finish() }
        return Experiment.run(s, modes: modes, replications: 0..<s.replications, threads: common.threads,
                              progress: { bar.update($0) })
    }

    /// The baseline, or exit 2 listing every problem.
    private func readBaseline() throws -> Baseline {
        let data: Data
        switch RegularFile.data(baseline) {
        case .success(let d): data = d
        case .failure(let error):
            let exists = FileManager.default.fileExists(atPath: baseline)
            Stderr.write("error: \(baseline): cannot read baseline file: \(error.reason)"
                         + (exists ? "" : "; write one with --update") + "\n")
            throw ExitWith(code: 2)
        }
        do {
            return try Baseline.read(data, file: baseline)
        } catch {
            ProblemReport.write(error.issues)
            let n = error.issues.count
            Stderr.write("\(baseline): \(n) problem\(n == 1 ? "" : "s") found; nothing was checked. "
                         + "Write a fresh baseline with --update.\n")
            throw ExitWith(code: 2)
        }
    }

    /// `--update` replaces only what Muster wrote: the file must be absent
    /// or a Muster baseline (a regular file whose JSON names the baseline
    /// format), never a symbolic link, a device, a folder, the scenario
    /// itself or another program's file.
    private func refuseForeignBaseline() throws {
        func refuse(_ why: String) -> ExitWith {
            Stderr.write("error: --baseline \(baseline): \(why); --update replaces only a baseline Muster wrote. "
                         + "Choose another file, or remove this one yourself\n")
            return ExitWith(code: 2)
        }
        if baseline.isEmpty { throw refuse("empty file name") }
        var st = stat()
        guard lstat(baseline, &st) == 0 else {
            if errno == ENOENT { return }
            throw refuse("cannot be examined (\(String(cString: strerror(errno))))")
        }
        let resolved = PathResolution.resolved(baseline)
        if resolved == PathResolution.resolved(scenarioOptions.scenario) { throw refuse("it is the scenario being checked") }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFLNK: throw refuse("it is a symbolic link")
        case S_IFDIR: throw refuse("it is a folder; name a file such as \((baseline as NSString).appendingPathComponent("baseline.json"))")
        default: throw refuse("it is not a regular file (a device, pipe or socket)")
        }
        let data: Data
        switch RegularFile.data(baseline) {
        case .success(let d): data = d
        case .failure(let e): throw refuse("cannot be read (\(e.reason))")
        }
        guard let doc = try? JSONDocument(parsing: data), case .object(let members) = doc.value,
              members.contains(where: { $0.0 == "format" && $0.1 == .string(Baseline.format) }) else {
            throw refuse("it is not a Muster baseline (no \"format\": \"\(Baseline.format)\" in a JSON object)")
        }
    }

    private func writeBaseline(scenario: Scenario, sha: String) throws {
        try refuseForeignBaseline()
        // Refreshing a baseline keeps its design unless told otherwise.
        let old: Baseline? = (try? RegularFile.data(baseline).get()).flatMap {
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
            // The system's reason ("Permission denied"), not Foundation's
            // "NSCocoaErrorDomain error 512".
            let ns = error as NSError
            let posix = (ns.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { $0.domain == NSPOSIXErrorDomain ? Int32($0.code) : nil }
            let reason = posix.map { String(cString: strerror($0)) } ?? ns.localizedDescription
            Stderr.write("error: --baseline \(baseline): cannot write: \(reason)\n")
            throw ExitWith(code: 2)
        }
        let modeText = modes.map(\.rawValue).joined(separator: " and ")
        if outputFormat == .json {
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


/// `muster check --format`.
enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown, junit
}
