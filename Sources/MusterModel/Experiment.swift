import Dispatch
import Foundation
import MusterEngine

/// Runs replications of a scenario, in parallel, with common random numbers.
///
/// Replication r draws its layout once and runs every requested mode on it;
/// each mode's draws come from substreams keyed by (seed, r, entity), so the
/// result of a replication does not depend on which thread ran it or on how
/// many threads there were.
public enum Experiment {
    /// Runs one replication of the given modes.
    public static func replicate(_ compiled: CompiledScenario, replication r: Int, modes: [Mode]) -> [ReplicationResult] {
        let s = compiled.scenario
        let layoutStream = RandomStream.sequential(key: compiled.key(replication: r).child(DrawFamily.layout.rawValue).value)
        let layout = Layout.draw(s.layout, team: s.team, scope: s.scope, stream: layoutStream)
        return modes.map { mode in
            var run = ReplicationRun(compiled: compiled, layout: layout, mode: mode, replication: r)
            return run.run()
        }
    }

    /// Runs replications `range` on `threads` threads (≥ 1) and returns the
    /// results per mode in replication order. `progress` is called (from any
    /// thread) with the number of replications finished so far.
    public static func run(_ scenario: Scenario, modes: [Mode], replications range: Range<Int>,
                           threads: Int, progress: (@Sendable (Int) -> Void)? = nil) -> [Mode: [ReplicationResult]] {
        GSLRuntime.configure()
        let compiled = CompiledScenario(scenario)
        let slots = ResultSlots(count: range.count)
        let workers = max(1, min(threads, range.count))
        let counter = Counter()
        let done = DispatchGroup()
        // Plain threads rather than concurrentPerform, which on Linux may run
        // every iteration on the calling thread. Each worker takes a fixed
        // stride of replications: no shared state on the event path, one
        // write per replication.
        for w in 0..<workers {
            done.enter()
            let thread = Thread {
                var i = w
                while i < range.count {
                    slots.store(i, replicate(compiled, replication: range.lowerBound + i, modes: modes))
                    progress?(counter.increment())
                    i += workers
                }
                done.leave()
            }
            // Deep event loops and big arrays: give workers room.
            thread.stackSize = 16 << 20
            thread.start()
        }
        done.wait()
        var out: [Mode: [ReplicationResult]] = [:]
        for (k, mode) in modes.enumerated() {
            out[mode] = slots.values.map { $0[k] }
        }
        return out
    }
}

/// Write-once slots filled by concurrent workers, each at its own index.
private final class ResultSlots: @unchecked Sendable {
    private var storage: [[ReplicationResult]]
    private let lock = NSLockLike()
    init(count: Int) { storage = Array(repeating: [], count: count) }
    func store(_ i: Int, _ r: [ReplicationResult]) { lock.withLock { storage[i] = r } }
    var values: [[ReplicationResult]] { lock.withLock { storage } }
}

private final class Counter: @unchecked Sendable {
    private var n = 0
    private let lock = NSLockLike()
    func increment() -> Int { lock.withLock { n += 1; return n } }
}

/// A mutex from Dispatch, used once per replication (never per event).
private final class NSLockLike: @unchecked Sendable {
    private let sem = DispatchSemaphore(value: 1)
    func withLock<T>(_ body: () -> T) -> T {
        sem.wait(); defer { sem.signal() }
        return body()
    }
}
