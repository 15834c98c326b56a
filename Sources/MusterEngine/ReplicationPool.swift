import Foundation
import Synchronization

/// Runs the tasks of an experiment — every replication of a range times
/// every variant (a dispatch mode, say) — on plain threads, and hands the
/// results back in a fixed order, so that results never depend on the
/// number of threads or on which thread ran what.
public enum ReplicationPool {
    /// Runs `body(replication, variant)` for every replication in `range`
    /// and every variant in `0..<variants`, on `threads` threads (≥ 1).
    ///
    /// Returns `out[variant][i]`, the result of replication
    /// `range.lowerBound + i`. `progress` is called (from any thread) with
    /// the number of replications whose variants have all finished.
    public static func run<R: Sendable>(replications range: Range<Int>, variants: Int, threads: Int,
                                        progress: (@Sendable (Int) -> Void)? = nil,
                                        _ body: @escaping @Sendable (_ replication: Int, _ variant: Int) -> R) -> [[R]] {
        precondition(variants >= 1, "at least one variant")
        // One task per replication and variant, so that even a single
        // replication uses two cores.
        let tasks = range.count * variants
        let slots = Mutex([R?](repeating: nil, count: tasks))
        let finished = Mutex([Int](repeating: 0, count: range.count))
        let finishedReplications = Mutex(0)
        let nextTask = Mutex(0)
        // Threads beyond the tasks, or beyond 256, would only be idle stacks.
        let workers = max(1, min(threads, tasks, 256))
        // Tasks are claimed in blocks of one replication per thread, a
        // variant at a time: (r0, v0), (r1, v0), (r0, v1), (r1, v1), (r2, v0)…
        // so threads run different replications at once, and a variant that
        // reuses what its replication's first variant made (the first
        // attempts' draws) finds it made instead of waiting for it.
        @Sendable func task(_ t: Int) -> (i: Int, k: Int) {
            let first = t / (workers * variants) * workers
            let size = min(workers, range.count - first)
            let o = t - first * variants
            return (first + o % size, o / size)
        }
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            // Plain threads: DispatchQueue.concurrentPerform may run every
            // iteration on the calling thread on Linux.
            let thread = Thread {
                // Claim tasks one at a time: variants differ in cost, so a
                // fixed split would leave one core idle at the end.
                while true {
                    let t = nextTask.withLock { n -> Int in defer { n += 1 }; return n }
                    if t >= tasks { break }
                    let (i, k) = task(t)
                    let r = body(range.lowerBound + i, k)
                    slots.withLock { $0[i * variants + k] = r }
                    let complete = finished.withLock { f -> Bool in f[i] += 1; return f[i] == variants }
                    if complete {
                        let n = finishedReplications.withLock { n -> Int in n += 1; return n }
                        progress?(n)
                    }
                }
                group.leave()
            }
            // Deep enough for the simulation's recursion on large trees.
            thread.stackSize = 16 << 20
            thread.start()
        }
        group.wait()
        let all = slots.withLock { $0 }
        return (0..<variants).map { k in (0..<range.count).map { all[$0 * variants + k]! } }
    }
}
