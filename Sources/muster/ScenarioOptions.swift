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
    /// simulate), refusing trees and incident streams too large to hold.
    static func validatedDocument(path: String, overrides: [String]) throws(ScenarioError) -> ScenarioDocument {
        let d = try ScenarioLoader.loadDocument(path: path, overrides: overrides)
        try checkSize(d.scenario, file: path)
        if let incidents = d.incidents { try checkIncidents(incidents, in: d.scenario, file: path) }
        return d
    }

    /// Households a replication can hold at most before memory runs out on
    /// a laptop (~40 bytes each): 20× the whole of Ningbo.
    static let maxHouseholds = 50_000_000.0

    /// The most households the layout can draw: fan-out ranges at their
    /// maxima, a Poisson count at its mean plus ten sd; a layout file's
    /// micro-grids without a count at the scenario's mean.
    static func householdBound(_ s: Scenario) -> Double {
        func upper(_ d: CountDistribution) -> Double {
            switch d {
            case .fixed(let n): Double(n)
            case .range(_, let b): Double(b)
            case .poisson(let m): m + 10 * m.squareRoot() + 10
            }
        }
        switch s.layout.source {
        case .fanout(let fanout):
            return Level.allCases.dropFirst().reduce(1.0) { $0 * upper(fanout[$1] ?? .fixed(1)) }
                * upper(s.layout.households)
        case .units(let units):
            let drawn = units.filter { $0.level == .microgrid && $0.households == nil }.count
            let fixed = units.compactMap(\.households).reduce(0, +)
            return Double(fixed) + Double(drawn) * Double(max(s.layout.households.mean, 1))
        }
    }

    /// Refuses trees too large to simulate, before any memory is spent.
    /// A fan-out's product is computed in `Double`, so it cannot overflow;
    /// the same limit holds for a layout file's micro-grids.
    private static func checkSize(_ s: Scenario, file scenario: String) throws(ScenarioError) {
        let households = householdBound(s)
        if households < 1 {
            let key: String
            if case .fanout = s.layout.source { key = "layout.fanout" } else { key = "layout.file" }
            throw ScenarioError(issues: [ScenarioIssue(
                file: scenario, line: nil, key: key,
                message: "the layout can hold no households (a fan-out or household count of 0, or a file without micro-grids); every level needs at least one unit and micro-grids need households")])
        }
        if !(households <= Self.maxHouseholds) {
            let key: String
            if case .fanout = s.layout.source { key = "layout.fanout" } else { key = "layout.file" }
            throw ScenarioError(issues: [ScenarioIssue(
                file: scenario, line: nil, key: key,
                message: "the tree could hold \(CountText.format(households)) households; at most \(CountText.format(Self.maxHouseholds)) are allowed")])
        }
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

    /// The most micro-grids the layout can draw.
    static func microgridBound(_ s: Scenario) -> Double {
        func upper(_ d: CountDistribution) -> Double {
            switch d {
            case .fixed(let n): Double(n)
            case .range(_, let b): Double(b)
            case .poisson(let m): m + 10 * m.squareRoot() + 10
            }
        }
        switch s.layout.source {
        case .fanout(let fanout):
            return Level.allCases.dropFirst().reduce(1.0) { $0 * upper(fanout[$1] ?? .fixed(1)) }
        case .units(let units):
            return Double(units.filter { $0.level == .microgrid }.count)
        }
    }

    /// Bytes of an order run: every replication's result per mode (a done
    /// time and a flag per micro-grid, the coverage curve, fixed parts),
    /// plus each thread's working state (about 64 bytes per household).
    static func orderRunBytes(_ s: Scenario, replications: Int, modes: Int, threads: Int) -> Double {
        let perResult = 1024 + 9 * microgridBound(s) + 8 * Double(ReplicationResult.coveragePoints)
        return Double(replications) * Double(modes) * perResult
            + Double(min(threads, max(replications, 1))) * 64 * ScenarioOptions.householdBound(s)
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
