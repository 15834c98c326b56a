import ArgumentParser
import Foundation
import MusterBench
import MusterModel
import MusterOutput
import MusterScenario

/// `muster bench`: engine throughput, memory and scaling on the shipped
/// scenarios, with the project's performance targets.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure engine throughput, memory and multi-core scaling on the shipped scenarios.",
        discussion: """
        Build in release mode first (`swift build -c release`): debug builds are \
        10–50× slower. Prints, per scenario and mode, one replication on one core \
        (wall seconds, events/s, household attempts/s); the speed-up of Beilun's \
        replications from 1 thread to all cores; the whole-city run and Beilun's \
        200 replications against their targets; peak memory; and the engine's \
        core operations in ns. The incident section runs the textbook queues of \
        scenarios/queues/ (M/M/4, a 3-station tandem, 2-class priority; the \
        cases scripts/ciw-compare.py runs in Ciw): customers/s on one core, the \
        speed-up to all cores, and peak memory after 200 replications of M/M/4 \
        (run `--section incidents` alone for that figure to be its own). Figures \
        are noisy on a shared machine: compare ratios measured in one run. Every \
        timed part is run `--repeats` times (the 200 replications at most twice) \
        and the fastest run reported. Takes about two minutes.

        Examples:
          muster bench --quick
          muster bench --section incidents --json > bench.json
        """
    )

    @Option(name: .customLong("scenarios"),
            help: ArgumentHelp("Folder holding beilun.yaml, lingfeng.yaml, ningbo.yaml and queues/. Without one: scenarios/ "
                               + "in the current directory, else the installed one (<bin>/../share/muster/scenarios).",
                               valueName: "scenarios"))
    var givenScenarios: String?

    /// `--scenarios`, else the shipped scenarios here or installed (`DefaultScenario.folder()`).
    var scenarios: String { givenScenarios ?? DefaultScenario.folder() }

    @Option(name: .customLong("threads"),
            help: ArgumentHelp("Threads for the multi-core figures (default: all cores).", valueName: "threads"))
    var requestedThreads: Int?

    /// `--threads`, or every core. Timings depend on it, unlike results,
    /// which is why bench declares it apart from `CommonRunOptions`.
    var threads: Int { requestedThreads ?? CommonRunOptions.allCores }

    @Option(help: ArgumentHelp("Runs of each timed part (at most 2 of the 200 replications); the fastest is reported.",
                               discussion: "Other work on the machine only ever adds time, so the fastest run is the least disturbed."))
    var repeats: Int = 3

    @Flag(help: "Skip the 200-replication runs (the longest parts); 2 replications per queue case.")
    var quick = false

    /// Which parts to run.
    enum Section: String, ExpressibleByArgument, CaseIterable {
        case all, orders, incidents
    }

    @Option(help: "Which parts to run: all, orders or incidents.")
    var section: Section = .all

    @OptionGroup var output: JSONOutput

    func validate() throws {
        try CommonRunOptions.validateThreads(requestedThreads)
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1, got \(repeats).") }
    }

    func run() throws {
        func note(_ s: String) { if !output.json { Stderr.write(s) } }
        // Incidents first, so the peak memory read after them is theirs.
        let incidents = section == .orders ? nil : try measureIncidents(note: note)
        if section == .incidents, let incidents {
            let targets = incidentTargets(incidents)
            if output.json {
                print(JSONValue.object([
                    ("muster_version", .string(MusterVersion.current)),
                    ("cores", .int(ProcessInfo.processInfo.activeProcessorCount)),
                    ("threads", .int(threads)),
                    ("repeats", .int(repeats)),
                    ("incidents", incidentJSON(incidents)),
                    ("targets", targetsJSON(targets)),
                ]).serialized())
            } else {
                printIncidents(incidents)
                printTargets(targets)
            }
            return
        }
        func load(_ name: String) throws -> Scenario {
            do {
                return try ScenarioLoader.load(path: "\(scenarios)/\(name).yaml")
            } catch {
                ProblemReport.write(error.issues)
                throw ExitWith(code: 2)
            }
        }
        let beilun = try load("beilun"), lingfeng = try load("lingfeng"), ningbo = try load("ningbo")

        note("engine operations…\n")
        let ops = EngineOps.measureAll()
        var perScenario: [(String, [ScenarioBench.ModeFigures])] = []
        for s in [lingfeng, beilun, ningbo] {
            note("\(s.name): one replication per mode on one core…\n")
            perScenario.append((s.name, ScenarioBench.singleCore(s, repeats: repeats)))
        }
        // Enough replications that the last one to finish leaves the other
        // cores idle only briefly: each is a task of both modes.
        let scaling = 48
        note("beilun: \(scaling) replications on 1 and \(threads) threads, best of \(repeats)…\n")
        let (one, all) = ScenarioBench.scaling(beilun, replications: scaling, threads: threads, repeats: repeats)
        note("ningbo: 1 replication, both modes, \(threads) threads…\n")
        let ningboWall = (0..<repeats).map { _ in ScenarioBench.wall(ningbo, replications: 1, threads: threads) }.min()!
        var beilun200: Double? = nil
        if !quick {
            // The longest part: at most two runs.
            let runs = min(repeats, 2)
            note("beilun: 200 replications, both modes, \(threads) threads, best of \(runs)…\n")
            beilun200 = (0..<runs).map { _ in ScenarioBench.wall(beilun, replications: 200, threads: threads) }.min()!
        }
        let peak = ScenarioBench.peakResidentMiB()
        let ningboAttempts = perScenario.last!.1.map(\.attemptsPerSecond).min() ?? 0

        let targets: [(String, Double, String, Bool)] = [
            ("household attempts/s per core, ningbo (slower mode)", ningboAttempts, "≥ 5,000,000", ningboAttempts >= 5e6),
            ("ningbo, 1 replication, both modes: wall s", ningboWall, "< 1.5", ningboWall < 1.5),
            ("peak memory, MiB", peak, "< 1024", peak < 1024),
            ("speed-up 1 → \(threads) threads, beilun", one / all, "≥ 1.8 on 2 cores", one / all >= 1.8),
        ] + (beilun200.map { [("beilun, 200 replications, both modes: wall s", $0, "< 10", $0 < 10)] } ?? [])
            + (incidents.map(incidentTargets) ?? [])

        if output.json {
            let value = JSONValue.object([
                ("muster_version", .string(MusterVersion.current)),
                ("cores", .int(ProcessInfo.processInfo.activeProcessorCount)),
                ("threads", .int(threads)),
                ("repeats", .int(repeats)),
                ("engine_ops_ns", .object(ops.map { ($0.name, .number($0.nanosecondsPerOp)) })),
                ("scenarios", .object(perScenario.map { name, figs in
                    (name, .object(figs.map { f in
                        (f.mode.rawValue, .object([
                            ("wall_seconds", .number(f.wallSeconds)),
                            ("events", .int(f.events)),
                            ("attempts", .int(f.attempts)),
                            ("events_per_second", .number(f.eventsPerSecond)),
                            ("attempts_per_second", .number(f.attemptsPerSecond)),
                        ]))
                    }))
                })),
                ("beilun_scaling_wall_seconds", .object([("replications", .int(scaling)),
                                                         ("threads_1", .number(one)), ("threads_all", .number(all))])),
                ("speedup", .number(one / all)),
                ("ningbo_1_replication_wall_seconds", .number(ningboWall)),
                ("beilun_200_replications_wall_seconds", beilun200.map { .number($0) } ?? .null),
                ("peak_resident_mib", .number(peak)),
                ("incidents", incidents.map(incidentJSON) ?? .null),
                ("targets", targetsJSON(targets)),
            ])
            print(value.serialized())
            return
        }
        print("Engine operations (ns per operation)")
        for r in ops { print(String(format: "  %8.1f  ", r.nanosecondsPerOp) + r.name) }
        print("\nOne replication per mode on one core (fastest of \(repeats))")
        print("  scenario   mode     wall s    events/s   attempts/s")
        for (name, figs) in perScenario {
            for f in figs {
                print("  " + pad(name, 9) + "  " + pad(f.mode.rawValue, 6)
                      + String(format: " %7.3f  %10.0f  %11.0f", f.wallSeconds, f.eventsPerSecond, f.attemptsPerSecond))
            }
        }
        print(String(format: "\nBeilun, %d replications × 2 modes: %.2f s on 1 thread, %.2f s on %d: speed-up %.2f×",
                     scaling, one, all, threads, one / all))
        if let incidents {
            print("")
            printIncidents(incidents)
        }
        printTargets(targets)
    }

    func printTargets(_ targets: [(String, Double, String, Bool)]) {
        print("\nTargets")
        for (name, value, target, pass) in targets {
            print("  \(pass ? "✓" : "✗")  " + pad(name, 54) + String(format: "%12.2f", value) + "  (target \(target))")
        }
    }

    func targetsJSON(_ targets: [(String, Double, String, Bool)]) -> JSONValue {
        .array(targets.map { name, value, target, pass in
            .object([("name", .string(name)), ("value", .number(value)), ("target", .string(target)), ("pass", .bool(pass))])
        })
    }

    func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}
