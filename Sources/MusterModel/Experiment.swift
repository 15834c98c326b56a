import Foundation
import MusterEngine
import Synchronization

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

    /// Runs one replication of one mode.
    public static func replicate(_ compiled: CompiledScenario, replication r: Int, mode: Mode,
                                 layout: Layout? = nil, engine: EngineKind = .decomposed) -> ReplicationResult {
        var run = ReplicationRun(compiled: compiled, layout: layout ?? Self.layout(compiled, replication: r),
                                 mode: mode, replication: r)
        switch engine {
        case .reference: return run.run()
        case .decomposed: return run.runDecomposed()
        }
    }

    /// Runs replications `range` of every mode on `threads` threads (≥ 1)
    /// and returns the results per mode in replication order. `progress` is
    /// called (from any thread) with the number of replications finished.
    public static func run(_ scenario: Scenario, modes: [Mode], replications range: Range<Int>,
                           threads: Int, engine: EngineKind = .decomposed,
                           progress: (@Sendable (Int) -> Void)? = nil) -> [Mode: [ReplicationResult]] {
        GSLRuntime.configure()
        let compiled = CompiledScenario(scenario)
        let perReplication = modes.count
        // One task per replication and mode, so that even a single
        // replication uses two cores; each task redraws its layout (cheap
        // next to the simulation) rather than share it across threads.
        let tasks = range.count * perReplication
        let slots = Mutex([ReplicationResult?](repeating: nil, count: tasks))
        let finished = Mutex([Int](repeating: 0, count: range.count))
        let finishedReplications = Mutex(0)
        let nextTask = Mutex(0)
        let workers = max(1, min(threads, tasks))
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            // Plain threads: DispatchQueue.concurrentPerform may run every
            // iteration on the calling thread on Linux.
            let thread = Thread {
                // Claim tasks one at a time: modes differ in cost, so a
                // fixed split would leave one core idle at the end.
                while true {
                    let t = nextTask.withLock { n -> Int in defer { n += 1 }; return n }
                    if t >= tasks { break }
                    let (i, k) = t.quotientAndRemainder(dividingBy: perReplication)
                    let r = replicate(compiled, replication: range.lowerBound + i, mode: modes[k], engine: engine)
                    slots.withLock { $0[t] = r }
                    let complete = finished.withLock { f -> Bool in f[i] += 1; return f[i] == perReplication }
                    if complete {
                        let n = finishedReplications.withLock { n -> Int in n += 1; return n }
                        progress?(n)
                    }
                }
                group.leave()
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
        group.wait()
        let all = slots.withLock { $0 }
        var out: [Mode: [ReplicationResult]] = [:]
        for (k, mode) in modes.enumerated() {
            out[mode] = (0..<range.count).map { all[$0 * perReplication + k]! }
        }
        return out
    }
}
