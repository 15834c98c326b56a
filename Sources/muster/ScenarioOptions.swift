import ArgumentParser
import Foundation
import MusterEngine
import MusterModel
import MusterScenario

/// Options shared by commands that read a scenario.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Scenario file (YAML).", valueName: "scenario.yaml"))
    var scenario: String = "scenarios/beilun.yaml"

    @Option(name: .customLong("set"), parsing: .singleValue,
            help: ArgumentHelp("Override one scenario value by its dotted path, e.g. --set layout.fanout.street=12 or --set 'field.visit={dist: constant, value: 5m}'. Repeatable.",
                               valueName: "key=value"))
    var overrides: [String] = []

    /// Loads and validates the scenario; on bad input lists every problem
    /// on stderr and exits with code 2.
    func load() throws -> Scenario {
        try loadDocument().scenario
    }

    /// Loads and validates the whole scenario file: the order's scenario,
    /// the incident streams and what to simulate; exits with code 2 on
    /// bad input, as `load()`.
    func loadDocument() throws -> ScenarioDocument {
        do {
            return try Self.validatedDocument(path: scenario, overrides: overrides)
        } catch {
            let e = error
            ProblemReport.write(e.issues)
            let n = e.issues.count
            Stderr.write("\(scenario): \(n) problem\(n == 1 ? "" : "s") found; nothing was run.\n")
            throw ExitWith(code: 2)
        }
    }

    /// Loads and validates a scenario file, refusing trees too large to
    /// simulate; every problem is in the error.
    static func validated(path: String, overrides: [String]) throws(ScenarioError) -> Scenario {
        try validatedDocument(path: path, overrides: overrides).scenario
    }

    /// The whole scenario file (the order, the incident streams, what to
    /// simulate), refusing trees and incident streams too large to hold
    /// (`ScenarioLimits`).
    static func validatedDocument(path: String, overrides: [String]) throws(ScenarioError) -> ScenarioDocument {
        let d = try ScenarioLoader.loadDocument(path: path, overrides: overrides)
        try ScenarioLimits.check(d, file: path)
        return d
    }
}

/// What a run will hold in memory, estimated before anything is allocated,
/// so a run that cannot fit is refused (exit 2) with the estimate instead
/// of being killed by the system halfway.
enum MemoryBudget {
    /// The most replications any command runs: beyond this, even the
    /// results of the smallest scenario outgrow a workstation.
    static let maxReplications = 10_000_000

    /// The share of physical memory a run may plan to use.
    static let share = 0.75

    /// Bytes of an order run: every replication's result per mode (a done
    /// time and a flag per micro-grid, the coverage curve, fixed parts),
    /// plus each thread's working state (about 64 bytes per household).
    static func orderRunBytes(_ s: Scenario, replications: Int, modes: Int, threads: Int) -> Double {
        let perResult = 1024 + 9 * ScenarioLimits.microgridBound(s) + 8 * Double(ReplicationResult.coveragePoints)
        return Double(replications) * Double(modes) * perResult
            + Double(min(threads, max(replications, 1))) * 64 * ScenarioLimits.householdBound(s)
    }

    /// Refuses (exit 2) a run whose estimate exceeds the memory share.
    static func check(bytes: Double, what: String) throws {
        let physical = Double(ProcessInfo.processInfo.physicalMemory)
        guard !(bytes <= physical * share) else { return }
        Stderr.write("error: \(what) would need about \(gigabytes(bytes)) of memory; this machine has \(gigabytes(physical)) "
                     + "and a run may use \(Int(share * 100)) % of it. Use fewer replications or a smaller layout.\n")
        throw ExitWith(code: 2)
    }

    static func gigabytes(_ bytes: Double) -> String {
        bytes >= 1e15 ? CountText.format(bytes / 1e9) + " GB" : String(format: "%.1f GB", bytes / 1e9)
    }
}
