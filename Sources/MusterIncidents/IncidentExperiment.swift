import Foundation
import MusterEngine
import MusterModel

/// Runs replications of a scenario's incident streams, in parallel, with
/// common random numbers.
///
/// Replication r draws the scenario's layout exactly as the order model
/// does (the same households), then its incidents from substreams keyed by
/// (seed, r, kind, day) and each incident's durations from (seed, r, kind,
/// day, ordinal, draw). Both modes therefore see the same incidents with the
/// same discovery, disposal and confirmation times, and a result depends on
/// nothing but (scenario, seed, r) — not on the thread that ran it.
public enum IncidentExperiment {
    /// Draws replication r's incidents on its layout.
    public static func incidents(_ ci: CompiledIncidents, scenario: Scenario, layout: Layout,
                                 replication r: Int) -> IncidentList {
        IncidentList.draw(ci, layout: layout, key: key(scenario, replication: r), rng: RandomStream.keyed())
    }

    /// Runs one replication of one mode; `keepEach` keeps every counted
    /// incident's close time in the result (`each`).
    public static func replicate(_ ci: CompiledIncidents, scenario: Scenario, replication r: Int, mode: Mode,
                                 layout: Layout? = nil, keepEach: Bool = false) -> IncidentReplicationResult {
        let layout = layout ?? Experiment.layout(CompiledScenario(scenario), replication: r)
        let list = incidents(ci, scenario: scenario, layout: layout, replication: r)
        return replicate(ci, layout: layout, incidents: list, mode: mode, replication: r, keepEach: keepEach)
    }

    /// Runs one mode on a given incident list (tests hand-build lists to
    /// check the model against hand computations).
    public static func replicate(_ ci: CompiledIncidents, layout: Layout, incidents list: IncidentList,
                                 mode: Mode, replication r: Int, keepEach: Bool = true) -> IncidentReplicationResult {
        var run = IncidentRun(ci, layout: layout, list: list, mode: mode, replication: r, keepEach: keepEach)
        return run.run()
    }

    /// Runs replications `range` of every mode on `threads` threads (≥ 1)
    /// and returns the results per mode in replication order. `progress` is
    /// called (from any thread) with the number of replications finished.
    /// `keepEach` keeps every counted incident's close time (tests only: it
    /// makes memory grow with replications × incidents).
    public static func run(_ scenario: Scenario, incidents spec: IncidentSpec, modes: [Mode],
                           replications range: Range<Int>, threads: Int, keepEach: Bool = false,
                           progress: (@Sendable (Int) -> Void)? = nil) -> [Mode: [IncidentReplicationResult]] {
        GSLRuntime.configure()
        let compiled = CompiledScenario(scenario)
        let ci = CompiledIncidents(spec, start: scenario.start)
        let results = ReplicationPool.run(replications: range, variants: modes.count, threads: threads,
                                          progress: progress) { r, k in
            replicate(ci, scenario: scenario, replication: r, mode: modes[k],
                      layout: Experiment.layout(compiled, replication: r), keepEach: keepEach)
        }
        return Dictionary(uniqueKeysWithValues: zip(modes, results))
    }

    /// Root key of replication r: the order model's (seed, r).
    static func key(_ scenario: Scenario, replication r: Int) -> StreamKey {
        StreamKey(seed: scenario.seed).child(UInt64(r))
    }
}
