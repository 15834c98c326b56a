import ArgumentParser
import Foundation
import MusterDrill
import MusterEngine
import MusterModel

/// `muster drill`: simulate one drill of a scenario and print the log it
/// would leave (docs/reference/drill-log.md) — the synthetic logs that
/// calibration is checked on.
struct DrillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drill",
        abstract: "Simulate one drill of a scenario and print its drill log (CSV) on stdout.",
        discussion: """
        One replication of one mode, on the scenario's layout CSV (a drill log \
        names micro-grids by their ids, so the layout must be fixed), printed \
        as the drill-log CSV that `muster calibrate --observed` reads: \
        unit_id,notified_hours,done_hours, one row per micro-grid in layout \
        order. --observed-until cuts the log as a drill that stopped recording \
        then (later times are left empty). Use --set to simulate with chosen \
        values; the same values, seed and replication give the same log.

        Examples:
          muster drill scenarios/drill/district.yaml --mode p2p > my-drill.csv
          muster drill scenarios/drill/district.yaml --mode tiered \\
            --observed-until 48 --set field.visit.mean=9m --seed 7 > tiered.csv
        """
    )

    @OptionGroup var scenarioOptions: ScenarioOptions

    @Option(help: ArgumentHelp("How the order travels in the drill.", valueName: "tiered|p2p"))
    var mode: DrillMode

    @Option(help: "Random seed (default: the scenario's `seed`).")
    var seed: UInt64?

    @Option(help: "Which replication of the seed to simulate.")
    var replication: Int = 0

    @Option(help: ArgumentHelp("Hours after issue when the log stops: later times are left empty.", valueName: "hours"))
    var observedUntil: Double?

    @Option(help: ArgumentHelp("Columns of the log: both (notified and done) or done (done times only).", valueName: "both|done"))
    var columns: DrillColumns = .both

    enum DrillMode: String, ExpressibleByArgument, CaseIterable {
        case tiered, p2p
        var mode: Mode { self == .tiered ? .tiered : .p2p }
    }

    enum DrillColumns: String, ExpressibleByArgument, CaseIterable { case both, done }

    func validate() throws {
        if replication < 0 || replication > 1_000_000_000 { throw ValidationError("--replication must be from 0 to 1000000000") }
        if let h = observedUntil, !(h.isFinite && h > 0) { throw ValidationError("--observed-until must be a number of hours > 0") }
    }

    func run() throws {
        var scenario = try scenarioOptions.load()
        if let seed { scenario.seed = seed }
        let layout: DrillLayout
        do { layout = try DrillLayout(scenario) } catch {
            Stderr.write("error: \(scenarioOptions.scenario): layout: \(error)\n")
            throw ExitWith(code: 2)
        }
        let compiled = CompiledScenario(scenario)
        let result = Experiment.replicate(compiled, replication: replication, mode: mode.mode)
        var log = DrillLog(simulated: result, layout: layout, observedUntil: observedUntil)
        log.hasNotified = columns == .both
        FileHandle.standardOutput.write(Data(log.csv().utf8))
    }
}
