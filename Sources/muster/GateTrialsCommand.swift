import ArgumentParser
import Foundation
import MusterEngine
import MusterGate
import MusterModel
import MusterNumerics
import MusterOutput
import MusterScenario

/// `muster gate-trials` (hidden): measures the regression gate's error
/// rates by repeating it on independent samples. Behind
/// `scripts/gate-error-rates.sh` and the figures of docs/statistics.md,
/// "Measured error rates".
struct GateTrialsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate-trials",
        abstract: "Measure the check gate's false-alarm rate and power (slow; release build).",
        discussion: """
        Trial i runs the scenario with seed S+2i as the baseline and with seed \
        S+2i+1 as "now", so every sample is independent of every other. Each trial \
        judges, with the same code as `muster check` (statistical layer, since the \
        seeds differ):
          no change      the scenario again: a regression verdict is a false alarm;
          --scale F      the "now" values multiplied by F (1.10: every quantile 10 % \
        slower): a regression verdict is a hit;
          --change K=V   the scenario with these overrides, e.g. \
        field.visit.mean=6.6m: a regression verdict is a hit.
        Prints counts, rates and Clopper–Pearson 95 % intervals.
        """,
        shouldDisplay: false
    )

    @OptionGroup var scenarioOptions: ScenarioOptions

    @Option(help: "Independent trials.")
    var trials: Int = 200

    @Option(help: "Replications per sample (default: the scenario's).")
    var replications: Int?

    @Option(help: "First seed S (trial i uses S+2i and S+2i+1).")
    var seedBase: UInt64 = 1_000_000

    @Option(help: "Multiply the no-change sample by this factor for a synthetic slowdown (0 to skip).")
    var scale: Double = 1.10

    @Option(name: .customLong("change"), parsing: .singleValue, help: "Override for the changed scenario (repeatable).")
    var change: [String] = []

    @Option(help: "Gate tolerance.")
    var tolerance: Fraction = Fraction("2%")

    @Option(help: "Gate family-wise α.")
    var alpha: Fraction = Fraction("1%")

    @OptionGroup var common: CommonRunOptions

    func validate() throws {
        if trials < 1 { throw ValidationError("--trials must be at least 1") }
        try CommonRunOptions.validateReplications(replications)
        if scale < 0 { throw ValidationError("--scale must be 0 (skip) or positive") }
        _ = try tolerance.value("--tolerance", in: .open)
        _ = try alpha.value("--alpha", in: .open)
    }

    /// One kind of trial and its tally.
    struct Arm {
        let name: String
        var flagged = 0
        var trials = 0
        /// Sum over trials of each comparison's relative change, by name.
        var changeSums: [String: Double] = [:]
    }

    mutating func run() throws {
        try scenarioOptions.resolveDefault(announce: !(common.quiet || common.json))
        var base = try scenarioOptions.load()
        if let r = replications { base.replications = r }
        var changed: Scenario? = nil
        if !change.isEmpty {
            do {
                var c = try ScenarioLoader.load(path: scenarioOptions.scenario, overrides: scenarioOptions.overrides + change)
                c.replications = base.replications
                changed = c
            } catch {
                ProblemReport.write(error.issues)
                throw ExitWith(code: 2)
            }
        }
        let settings = GateSettings(tolerance: tolerance.checked(in: .open), alpha: alpha.checked(in: .open))
        let modes: [Mode] = [.tiered, .p2p]
        var arms = [Arm(name: "no change (another seed)")]
        if scale > 0 { arms.append(Arm(name: "all values × \(GateReport.trim(scale)) (another seed)")) }
        if changed != nil { arms.append(Arm(name: change.map { "--set \($0)" }.joined(separator: " ") + " (another seed)")) }

        let bar = ProgressBar(total: trials, label: "\(base.name): trials", style: common.progress)
        let started = Date()
        for i in 0..<trials {
            func sample(_ s: Scenario, seed: UInt64) -> [Mode: GateSample] {
                var s = s
                s.seed = seed
                return GateSample.of(Experiment.run(s, modes: modes, replications: 0..<s.replications, threads: common.threads))
            }
            let baselineSeed = seedBase &+ UInt64(2 * i), nowSeed = seedBase &+ UInt64(2 * i + 1)
            let x = sample(base, seed: baselineSeed)
            let y = sample(base, seed: nowSeed)
            var arm = 0
            func tally(_ now: [Mode: GateSample]) {
                let v = Gate.judge(baseline: x, now: now, sameSeed: false, settings: settings, intervals: false)
                arms[arm].trials += 1
                if v.outcome == .regression { arms[arm].flagged += 1 }
                for c in v.comparisons { arms[arm].changeSums[c.name, default: 0] += c.test.change }
                arm += 1
            }
            tally(y)
            if scale > 0 {
                tally(y.mapValues { GateSample(orderComplete: $0.orderComplete.map { $0 * scale },
                                               fieldComplete: $0.fieldComplete.map { $0 * scale }) })
            }
            if let changed { tally(sample(changed, seed: nowSeed)) }
            bar.update(i + 1)
        }
        bar.finish()
        let seconds = Date().timeIntervalSince(started)
        let names = GateSettings().quantiles.flatMap { q in
            modes.flatMap { m in GateMetric.allCases.map { "\(m.rawValue) \($0.label) \(GateComparison.quantileName(q))" } }
        }

        if common.json {
            print(JSONValue.object([
                ("scenario", .string(base.name)),
                ("replications", .int(base.replications)),
                ("trials", .int(trials)),
                ("seed_base", .uint(seedBase)),
                ("tolerance", .number(settings.tolerance)),
                ("alpha", .number(settings.alpha)),
                ("seconds", .number(seconds)),
                ("arms", .array(arms.map { a in
                    let ci = ProportionInterval.clopperPearson(a.flagged, of: a.trials)
                    return .object([
                        ("name", .string(a.name)),
                        ("flagged", .int(a.flagged)),
                        ("trials", .int(a.trials)),
                        ("rate", .number(Double(a.flagged) / Double(a.trials))),
                        ("ci95", .array([.number(ci.0), .number(ci.1)])),
                        ("mean_change", .object(names.map { ($0, .number((a.changeSums[$0] ?? .nan) / Double(a.trials))) })),
                    ])
                })),
            ]).serialized())
            return
        }
        print("Gate error rates · scenario \(base.name) · \(base.replications) replications per sample · \(trials) trials")
        print("tolerance \(GateReport.percent(settings.tolerance)), family-wise α \(GateReport.percent(settings.alpha)); "
              + "trial i: baseline seed \(seedBase)+2i, now seed \(seedBase)+2i+1; \(String(format: "%.0f", seconds)) s")
        print("")
        let rows = [["", "regression verdicts", "rate", "95% CI"]] + arms.map { a -> [String] in
            let ci = ProportionInterval.clopperPearson(a.flagged, of: a.trials)
            return [a.name, "\(a.flagged) of \(a.trials)", Self.pct(Double(a.flagged) / Double(a.trials)),
                    Self.pct(ci.0) + " – " + Self.pct(ci.1)]
        }
        for line in GateReport.table(rows, leftAligned: [0]) { print(line) }
        print("")
        print("Mean change of each quantile, per arm:")
        let changeRows = [[""] + arms.map(\.name)] + names.map { n in
            [n] + arms.map { GateReport.signedPercent(($0.changeSums[n] ?? .nan) / Double($0.trials)) }
        }
        for line in GateReport.table(changeRows, leftAligned: [0]) { print(line) }
    }

    static func pct(_ f: Double) -> String { String(format: "%.1f %%", f * 100) }
}
