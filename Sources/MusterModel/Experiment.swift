import Foundation
import MusterEngine

/// Which event loop simulates a replication. Both give identical results;
/// `reference` is the straightforward one, kept to prove it.
public enum EngineKind: String, Sendable, CaseIterable {
    /// One event calendar over the whole tree.
    case reference
    /// Relay, then each micro-grid on its own small calendar, then reports.
    case decomposed
}

/// Runs replications of a scenario, in parallel, with common random numbers.
///
/// Replication r draws its layout from its own stream and runs every
/// requested mode on it; each mode's draws come from substreams keyed by
/// (seed, r, entity), so a result does not depend on which thread ran it or
/// on how many threads there were.
public enum Experiment {
    /// Draws replication r's layout (the same for every mode).
    public static func layout(_ compiled: CompiledScenario, replication r: Int) -> Layout {
        let s = compiled.scenario
        let stream = RandomStream.sequential(key: compiled.key(replication: r).child(DrawFamily.layout.rawValue).value)
        return Layout.draw(s.layout, team: s.team, scope: s.scope, stream: stream)
    }

    /// Runs one replication of one mode. `first`, when given, holds the
    /// households' first attempts drawn for this replication and layout;
    /// `attribution` adds the critical path and slacks (`UnitAttribution`)
    /// without changing anything else in the result.
    public static func replicate(_ compiled: CompiledScenario, replication r: Int, mode: Mode,
                                 layout: Layout? = nil, first: FirstAttempts? = nil,
                                 engine: EngineKind = .decomposed, attribution: Bool = false) -> ReplicationResult {
        var run = ReplicationRun(compiled: compiled, layout: layout ?? Self.layout(compiled, replication: r),
                                 mode: mode, replication: r, first: first)
        run.relay.recordsReports = attribution
        var result: ReplicationResult
        switch engine {
        case .reference: result = run.run()
        case .decomposed: result = run.runDecomposed()
        }
        if attribution { result.attribution = run.attribution() }
        return result
    }

    /// Runs one replication of each of `modes` in turn, on one layout and
    /// one draw of the households' first attempts: the same results as
    /// separate `replicate` calls, for less work.
    public static func replicate(_ compiled: CompiledScenario, replication r: Int, modes: [Mode],
                                 layout: Layout? = nil, engine: EngineKind = .decomposed) -> [ReplicationResult] {
        let layout = layout ?? Self.layout(compiled, replication: r)
        let first = FirstAttempts(compiled, replication: r, layout: layout)
        return modes.map { replicate(compiled, replication: r, mode: $0, layout: layout, first: first, engine: engine) }
    }

    /// Runs replications `range` of every mode on `threads` threads (≥ 1)
    /// and returns the results per mode in replication order. `progress` is
    /// called (from any thread) with the number of replications finished.
    public static func run(_ scenario: Scenario, modes: [Mode], replications range: Range<Int>,
                           threads: Int, engine: EngineKind = .decomposed, attribution: Bool = false,
                           progress: (@Sendable (Int) -> Void)? = nil) -> [Mode: [ReplicationResult]] {
        GSLRuntime.configure()
        let compiled = CompiledScenario(scenario)
        // One task per replication and mode: fine-grained enough that the
        // cores finish together, and even one replication uses two. A
        // replication's tasks share its first-attempt draws; each draws its
        // own layout (cheap, and the same numbers).
        let share = SharedFirstAttempts(users: modes.count)
        let results = ReplicationPool.run(replications: range, variants: modes.count, threads: threads,
                                          progress: progress) { r, k in
            let layout = Self.layout(compiled, replication: r)
            let first = share.draws(replication: r) { FirstAttempts(compiled, replication: r, layout: layout) }
            return replicate(compiled, replication: r, mode: modes[k], layout: layout, first: first, engine: engine,
                             attribution: attribution)
        }
        return Dictionary(uniqueKeysWithValues: zip(modes, results))
    }

    /// Runs replications `range` of every mode where replication r
    /// simulates `scenario(r)` (the same for all its modes, so the modes
    /// stay paired): predictions that carry parameter uncertainty, each
    /// replication with its own draw of the parameters.
    public static func run(modes: [Mode], replications range: Range<Int>, threads: Int,
                           engine: EngineKind = .decomposed, progress: (@Sendable (Int) -> Void)? = nil,
                           scenario: @escaping @Sendable (Int) -> Scenario) -> [Mode: [ReplicationResult]] {
        GSLRuntime.configure()
        let share = SharedFirstAttempts(users: modes.count)
        let results = ReplicationPool.run(replications: range, variants: modes.count, threads: threads,
                                          progress: progress) { r, k in
            let compiled = CompiledScenario(scenario(r))
            let layout = Self.layout(compiled, replication: r)
            let first = share.draws(replication: r) { FirstAttempts(compiled, replication: r, layout: layout) }
            return replicate(compiled, replication: r, mode: modes[k], layout: layout, first: first, engine: engine)
        }
        return Dictionary(uniqueKeysWithValues: zip(modes, results))
    }
}
