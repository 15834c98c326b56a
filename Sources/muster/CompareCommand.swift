import ArgumentParser
import Foundation
import MusterCompare
import MusterModel
import MusterOutput
import MusterPipeline
import MusterReport
import MusterScenario
import MusterStats

/// `muster compare`: several scenarios with the same seed and
/// replications, side by side, each against the first.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run scenarios with the same seed and replications and compare them side by side.",
        discussion: """
        Every scenario runs with the first scenario's seed and replications (or \
        --seed/--replications), so replication r of each is drawn from the same \
        stream. When two scenarios draw their layout from the same settings \
        (layout, volunteers, scope), replication r of both has the same tree and the \
        same household and person draws — common random numbers — and the paired \
        difference isolates the parameter that changed. When layouts differ (say, \
        basic grids against micro-grids) the pairs share only seed and index.

        The table has a column per scenario and mode: order completion (mean ± 95 % \
        CI, p50, p90, p95), field completion, households unreached; then each \
        scenario against the first (paired differences with t-intervals) and a \
        one-line verdict per pair and mode. Significant means the 95 % interval of \
        the paired order-completion difference excludes zero.

        A --variant adds a column: the first scenario with one more override, the \
        quickest what-if. --set applies to every scenario.

        Examples:
          muster compare scenarios/beilun-2019.yaml scenarios/beilun.yaml
          muster compare scenarios/beilun.yaml --variant p2p.adoption=0.7 --mode p2p
          muster compare a.yaml b.yaml --replications 50 --json > comparison.json
          muster compare a.yaml b.yaml --out results/a-vs-b
        """
    )

    @Argument(help: ArgumentHelp("Scenario files (YAML); the first is the baseline.", valueName: "scenario.yaml"))
    var scenarios: [String] = []

    @Option(name: .customLong("variant"), parsing: .singleValue,
            help: ArgumentHelp("Add the first scenario with this override as one more column, e.g. --variant p2p.rebalance=grid. Repeatable.",
                               valueName: "key=value"))
    var variants: [String] = []

    @Option(name: .customLong("set"), parsing: .singleValue,
            help: ArgumentHelp("Override a value in every scenario, as for `run`. Repeatable.", valueName: "key=value"))
    var setOptions: [String] = []

    /// Every `--set`, in command-line order (`CommandLineHabits.manySets`).
    var overrides: [String] { CommandLineHabits.earlierSets + setOptions }

    @Option(help: "Dispatch mode: tiered, p2p or both.")
    var mode: ModeOption = .both

    @Option(help: "Replications per scenario (default: the first scenario's `replications`).")
    var replications: Int?

    @Option(help: "Random seed for every scenario (default: the first scenario's `seed`).")
    var seed: UInt64?

    @OptionGroup var common: CommonRunOptions

    @Option(help: ArgumentHelp("Also write summary.json, replications.csv, completion_cdf.csv, differences.csv and manifest.json to this folder (replaced atomically).", valueName: "dir"))
    var out: String?

    func validate() throws {
        if scenarios.isEmpty { throw ValidationError("give at least one scenario file, and a second one or a --variant to compare it with") }
        if scenarios.count + variants.count < 2 {
            throw ValidationError("nothing to compare: give a second scenario file or a --variant KEY=VALUE")
        }
        try CommonRunOptions.validateReplications(replications)
    }

    /// One column group to run: a file with its overrides.
    private struct Entry {
        var file: String
        var overrides: [String]
        var variant: String?
    }

    func run() throws {
        let entries = scenarios.map { Entry(file: $0, overrides: overrides, variant: nil) }
            + variants.map { Entry(file: scenarios[0], overrides: overrides + [$0], variant: $0) }
        var loaded: [Scenario] = []
        var problems = 0
        var all: [ScenarioIssue] = []
        for e in entries {
            do {
                loaded.append(try ScenarioOptions.validated(path: e.file, overrides: e.overrides))
            } catch {
                for var issue in error.issues {
                    if let v = e.variant, issue.file == "--set", Self.belongs(issue.key, to: v) {
                        issue.file = "--variant"
                    }
                    all.append(issue)
                }
                problems += error.issues.count
            }
        }
        ProblemReport.write(all)
        if problems > 0 {
            Stderr.write("\(problems) problem\(problems == 1 ? "" : "s") found; nothing was run.\n")
            throw ExitWith(code: 2)
        }

        try OutputWriting.preflight(out, inputs: scenarios)
        let seed = self.seed ?? loaded[0].seed
        let reps = replications ?? loaded[0].replications
        let modes = mode.modes
        let labels = Self.labels(loaded.map(\.name), variants: entries.map(\.variant))
        try MemoryBudget.check(bytes: loaded.reduce(0) { $0 + MemoryBudget.orderRunBytes($1, replications: reps, modes: modes.count, threads: common.threads) },
                               what: "\(reps) replications of \(loaded.count) scenarios")
        let bar = ProgressBar(total: reps * loaded.count, label: "compare: replications", style: common.progress)
        let variants = loaded.enumerated().map { i, s in
            ComparisonRun.Variant(label: labels[i], scenario: s, file: entries[i].file,
                                  fileBytes: (try? Data(contentsOf: URL(fileURLWithPath: entries[i].file))) ?? Data(),
                                  overrides: entries[i].overrides)
        }
        let comparison = ComparisonRun.run(variants, seed: seed, replications: reps, modes: modes,
                                           version: MusterVersion.current) { s, before in
            Experiment.run(s, modes: modes, replications: 0..<reps, threads: common.threads,
                           progress: { bar.update(before + $0) })
        }
        bar.finish()
        if let out {
            try write(comparison, variants: variants, to: out)
        }
        if common.json {
            print(comparison.json.serialized())
        } else {
            print(ComparisonReport.render(comparison), terminator: "")
            if let out { print("\nWrote \(out)/: " + Self.outputFiles.joined(separator: ", ")) }
        }
    }

    /// Whether a problem at `key` comes from the override `text` (the
    /// variant, applied last, wins over a `--set` of the same key).
    static func belongs(_ key: String, to text: String) -> Bool {
        let own = text.split(separator: "=", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? text
        return key == text || key == own || key.hasPrefix(own + ".") || own.hasPrefix(key + ".")
    }

    /// Column labels: the scenario names, "NAME with KEY=VALUE" for a
    /// variant, and a number after any label that repeats.
    static func labels(_ names: [String], variants: [String?]) -> [String] {
        let raw = zip(names, variants).map { name, variant in variant.map { "\(name) with \($0)" } ?? name }
        var seen: [String: Int] = [:]
        return raw.map { label in
            let n = (seen[label] ?? 0) + 1
            seen[label] = n
            return n == 1 ? label : "\(label) (\(n))"
        }
    }

    static let outputFiles = ["summary.json", "replications.csv", "completion_cdf.csv", "differences.csv", "manifest.json"]

    private func write(_ c: Comparison, variants: [ComparisonRun.Variant], to dir: String) throws {
        try OutputWriting.write(ComparisonRun.files(c, variants: variants, threads: common.threads,
                                                    commandLine: CommandLine.arguments),
                                to: dir, inputs: c.scenarios.map(\.file))
    }
}
