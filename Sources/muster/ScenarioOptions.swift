import ArgumentParser
import Foundation
import MusterEngine
import MusterModel
import MusterScenario

/// Options shared by commands that read a scenario.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Scenario file (YAML). Without one: scenarios/beilun.yaml in the current directory, "
                                 + "else the installed one (<bin>/../share/muster/scenarios/beilun.yaml).",
                                 valueName: "scenario.yaml"))
    var givenScenario: String?

    /// The scenario file: the one given, else the default that
    /// `resolveDefault(announce:)` found (or its relative path before that).
    var scenario: String { givenScenario ?? DefaultScenario.relativePath }

    /// When no scenario was given, finds the default one (`DefaultScenario`)
    /// and, if `announce`, says on stderr which was used; exits with code 2
    /// saying where it looked when there is none. A given path is never searched for.
    mutating func resolveDefault(announce: Bool) throws {
        guard givenScenario == nil else { return }
        let candidates = DefaultScenario.candidates()
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            Stderr.write("error: no scenario given and no default scenario found; looked for "
                         + candidates.joined(separator: " and ") + ". Give a scenario file (docs/how-to/install.md).\n")
            throw ExitWith(code: 2)
        }
        if announce { Stderr.write("using the default scenario \(found)\n") }
        givenScenario = found
    }

    @Option(name: .customLong("set"), parsing: .singleValue,
            help: ArgumentHelp("Override one scenario value by its dotted path, e.g. --set layout.fanout.street=12 or --set 'field.visit={dist: constant, value: 5m}'. Repeatable.",
                               valueName: "key=value"))
    var setOptions: [String] = []

    /// Every `--set`, in command-line order (`CommandLineHabits.manySets`).
    var overrides: [String] { CommandLineHabits.earlierSets + setOptions }

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

/// Where the default scenario is looked for when none is given: the
/// current directory's `scenarios/beilun.yaml`, then the installed copy
/// beside the executable, `<bin>/../share/muster/scenarios/beilun.yaml`
/// (`make install`; docs/how-to/install.md).
enum DefaultScenario {
    static let relativePath = "scenarios/beilun.yaml"

    /// The places looked at, in order.
    static func candidates() -> [String] {
        var paths = [relativePath]
        if let exe = executablePath() {
            let bin = URL(fileURLWithPath: exe).deletingLastPathComponent()
            let installed = bin.deletingLastPathComponent()
                .appendingPathComponent("share/muster/scenarios/beilun.yaml").standardizedFileURL.path
            paths.append(installed)
        }
        return paths
    }

    /// The folder of the shipped scenarios: `scenarios` in the current
    /// directory when it has one, else the installed copy beside the
    /// executable (`make install` puts `muster bench`'s queue cases there too),
    /// else `scenarios` (whose absence the caller reports).
    static func folder() -> String {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: "scenarios", isDirectory: &isDir), isDir.boolValue { return "scenarios" }
        if let exe = executablePath() {
            let installed = URL(fileURLWithPath: exe).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("share/muster/scenarios").standardizedFileURL.path
            if fm.fileExists(atPath: installed, isDirectory: &isDir), isDir.boolValue { return installed }
        }
        return "scenarios"
    }

    /// This executable's path with symlinks resolved: /proc/self/exe where
    /// there is one, else the first argument (searched on PATH when bare).
    static func executablePath() -> String? {
        let fm = FileManager.default
        if let p = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return p }
        guard let arg0 = CommandLine.arguments.first, !arg0.isEmpty else { return nil }
        var path = arg0
        if !arg0.contains("/") {
            let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            guard let hit = dirs.map({ "\($0)/\(arg0)" }).first(where: { fm.isExecutableFile(atPath: $0) }) else { return nil }
            path = hit
        }
        return URL(fileURLWithPath: path).resolvingSymlinksInPath().path
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
    /// and a notified time and a flag per micro-grid, the coverage curve,
    /// fixed parts), plus the working state of the tasks in progress (one
    /// replication of one mode each, one per thread; `RunMemory`) and the
    /// first attempts their replications share. Layout sizes are bounds.
    static func orderRunBytes(_ s: Scenario, replications: Int, modes: Int, threads: Int) -> Double {
        let microgrids = ScenarioLimits.microgridBound(s)
        let households = ScenarioLimits.householdBound(s)
        let perResult = 1024 + Double(RunMemory.resultMicrogridBytes) * microgrids + 8 * Double(ReplicationResult.coveragePoints)
        let tasks = Double(min(threads, max(replications * modes, 1)))
        let sharing = min(tasks, Double(max(replications, 1)))
        let task = RunMemory.taskBytes(households: households, microgrids: microgrids,
                                       persons: ScenarioLimits.personBound(s),
                                       largestPart: ScenarioLimits.largestPartBound(s))
        return Double(replications) * Double(modes) * perResult + tasks * task
            + sharing * Double(RunMemory.firstAttemptBytes) * households
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
