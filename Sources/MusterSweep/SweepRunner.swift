import Foundation
import MusterEngine
import MusterModel
import MusterNumerics
import MusterScenario

/// What a sweep run did.
public struct SweepOutcome: Sendable, Equatable {
    /// Replications (all modes of one point) simulated by this run.
    public var simulated: Int
    /// Replications of this shard found already stored (`--resume`).
    public var alreadyStored: Int
    /// Rows in the store at the end.
    public var rows: Int
    /// True when stopped before the end (Ctrl-C); stored rows are kept.
    public var interrupted: Bool
}

/// Runs a sweep's (point, replication) tasks on worker threads and stores
/// their results from the calling thread, the store's only writer.
///
/// Replication r of every point runs with the sweep's seed and index r, so
/// it draws the same random numbers at every point (common random
/// numbers) and its result depends on nothing but (point, r): not on the
/// threads, the shard or what was stored before.
public final class SweepRunner {
    public let plan: SweepPlan
    public let store: SweepStore
    public let threads: Int
    private var shard: Shard { store.shard ?? .all }
    private var header: SweepHeader { plan.header }

    public init(plan: SweepPlan, store: SweepStore, threads: Int) {
        precondition(plan.header.definitionSHA256 == store.header.definitionSHA256, "the store holds another sweep")
        self.plan = plan; self.store = store; self.threads = max(1, threads)
    }

    /// Replication-level progress: `done` of at most `total` for this shard.
    public typealias Progress = (_ done: Int, _ total: Int) -> Void

    /// Runs what the store does not hold yet.
    ///
    /// - Parameters:
    ///   - shouldStop: polled by the writer a few times a second; once it
    ///     returns true no new replication starts, those running finish and
    ///     are stored, and the run returns with `interrupted`.
    ///   - progress: called on this thread after each stored batch.
    public func run(shouldStop: () -> Bool = { false }, progress: Progress? = nil) throws -> SweepOutcome {
        GSLRuntime.configure()
        var work = try Bookkeeping(header: header, shard: shard, store: store)
        let queue = WorkQueue()
        queue.add(work.initialTasks())
        let compiled = CompiledPoints(plan: plan, needed: work.pointsWithWork)
        let modes = header.modes, measures = header.measures
        let alreadyStored = work.alreadyStored
        progress?(work.done, work.total)

        let group = DispatchGroup()
        // More threads than tasks would only be idle stacks (a mistyped
        // --threads 100000 must not exhaust memory).
        for _ in 0..<max(1, min(threads, 256)) {
            group.enter()
            // Plain threads, as in Experiment.run: Dispatch may serialise
            // concurrentPerform on Linux.
            let thread = Thread {
                while let task = queue.claim() {
                    let c = compiled[task.point]
                    let rows = Experiment.replicate(c, replication: task.replication, modes: modes).map {
                        ResultRow(point: task.point, result: $0, measures: measures)
                    }
                    queue.deliver(.init(task: task, rows: rows))
                }
                group.leave()
            }
            thread.stackSize = 16 << 20
            thread.start()
        }

        var interrupted = false
        var simulated = 0
        var failure: Error?
        while true {
            if !interrupted && shouldStop() {
                interrupted = true
                queue.dropQueued()
            }
            let (done, queued, running) = queue.take(timeout: 0.2)
            if !done.isEmpty && failure == nil {
                let (more, summarise) = work.record(done)
                do {
                    try store.append(done.flatMap(\.rows), summarise: summarise)
                    simulated += done.count
                    if !interrupted { queue.add(more) }
                    progress?(work.done, work.total)
                } catch {
                    // Stop cleanly: what is stored stays stored.
                    failure = error
                    queue.dropQueued()
                }
            }
            // Nothing queued, running or just handed in: every decision
            // has been made and every result stored.
            if queued == 0 && running == 0 && done.isEmpty { break }
        }
        queue.close()
        group.wait()
        if let failure { throw failure }
        // Points left part-done (interrupted, or a shard's share of a point)
        // get a summary of what is stored.
        try store.refreshSummaries(work.touchedWithoutSummary)
        return SweepOutcome(simulated: simulated, alreadyStored: alreadyStored, rows: try store.resultCount(),
                            interrupted: interrupted || work.remaining > 0)
    }
}

/// Compiled scenarios of the points that have work, shared read-only.
private struct CompiledPoints: Sendable {
    private let byPoint: [Int: CompiledScenario]
    init(plan: SweepPlan, needed: Set<Int>) {
        var d: [Int: CompiledScenario] = [:]
        for p in needed { d[p] = CompiledScenario(plan.scenarios[p]) }
        byPoint = d
    }
    subscript(p: Int) -> CompiledScenario { byPoint[p]! }
}

/// The writer's view of which replications are stored, running and still
/// to do, per point; the precision rule's decisions.
private struct Bookkeeping {
    let header: SweepHeader
    let shard: Shard
    private(set) var done = 0
    private(set) var total = 0
    private(set) var alreadyStored = 0
    /// Points with replications to run now.
    private(set) var pointsWithWork = Set<Int>()
    /// Replications still owed per point (fixed plan: of this shard's
    /// units; precision: of the current batch).
    private var owed: [Int: Int] = [:]
    /// Precision: per point, per mode, order completion by replication.
    private var orderComplete: [Int: [[Double]]] = [:]
    private var stored: [Int: Set<Int>] = [:]
    private var pending: [Int: Range<Int>] = [:]
    private var touched = Set<Int>()
    private var summarised = Set<Int>()

    /// Replications owed and not yet stored at the end of a run.
    var remaining: Int { owed.values.reduce(0, +) }
    var touchedWithoutSummary: [Int] { touched.subtracting(summarised).sorted() }

    init(header: SweepHeader, shard: Shard, store: SweepStore) throws {
        self.header = header
        self.shard = shard
        // What is stored, by point and replication; a replication missing a
        // mode (impossible with one transaction per batch) is run again.
        var modesStored: [Int: [Int: Int]] = [:]
        let rows = try store.results()
        let orderIndex = header.measures.firstIndex(of: .orderComplete)!
        let maxReps = header.plan.upperBound
        for row in rows {
            modesStored[row.point, default: [:]][row.replication, default: 0] += 1
            if case .precision = header.plan, row.replication < maxReps {
                let m = header.modes.firstIndex(of: row.mode)!
                var oc = orderComplete[row.point] ?? Array(repeating: Array(repeating: .nan, count: maxReps), count: header.modes.count)
                oc[m][row.replication] = row.values[orderIndex]
                orderComplete[row.point] = oc
            }
        }
        for (p, reps) in modesStored {
            let partial = reps.filter { $0.value != header.modes.count }.map(\.key)
            if !partial.isEmpty { try store.delete(point: p, replications: partial) }
            stored[p] = Set(reps.filter { $0.value == header.modes.count }.map(\.key))
        }
    }

    /// The tasks to start with.
    mutating func initialTasks() -> [WorkQueue.Task] {
        var tasks: [WorkQueue.Task] = []
        switch header.plan {
        case .fixed(let n):
            for p in header.points.map(\.id) {
                for r in 0..<n where shard.owns(point: p, replication: r, plan: header.plan) {
                    total += 1
                    if stored[p]?.contains(r) == true {
                        done += 1
                        alreadyStored += 1
                    } else {
                        tasks.append(.init(point: p, replication: r))
                        owed[p, default: 0] += 1
                        pointsWithWork.insert(p)
                    }
                }
            }
        case .precision(_, _, let max):
            for p in header.points.map(\.id) where shard.owns(point: p, replication: 0, plan: header.plan) {
                total += max
                let have = stored[p]?.count ?? 0
                alreadyStored += have
                done += have
                if let next = decide(p) {
                    tasks += next.filter { stored[p]?.contains($0) != true }.map { .init(point: p, replication: $0) }
                    pointsWithWork.insert(p)
                } else {
                    done += max - have
                }
            }
        }
        return tasks
    }

    /// The next batch of a precision point (setting what it owes), or nil
    /// when it is done.
    private mutating func decide(_ p: Int) -> Range<Int>? {
        guard case .precision(let target, let batch, let max) = header.plan else { return nil }
        let oc = orderComplete[p] ?? Array(repeating: Array(repeating: .nan, count: max), count: header.modes.count)
        let have = stored[p] ?? []
        guard let next = PrecisionRule.next(stored: have, orderComplete: oc, batch: batch, max: max, target: target) else {
            owed[p] = nil
            pending[p] = nil
            return nil
        }
        owed[p] = next.filter { !have.contains($0) }.count
        pending[p] = next
        return next
    }

    /// Records finished tasks; returns new tasks (the next batches of
    /// precision points) and the points whose summary to refresh now.
    mutating func record(_ finished: [WorkQueue.Done]) -> ([WorkQueue.Task], Set<Int>) {
        let orderIndex = header.measures.firstIndex(of: .orderComplete)!
        var check = Set<Int>()
        for d in finished {
            let p = d.task.point, r = d.task.replication
            stored[p, default: []].insert(r)
            owed[p, default: 0] -= 1
            touched.insert(p)
            done += 1
            if case .precision(_, _, let max) = header.plan {
                var oc = orderComplete[p] ?? Array(repeating: Array(repeating: .nan, count: max), count: header.modes.count)
                for row in d.rows {
                    oc[header.modes.firstIndex(of: row.mode)!][r] = row.values[orderIndex]
                }
                orderComplete[p] = oc
            }
            if owed[p] == 0 { check.insert(p) }
        }
        var tasks: [WorkQueue.Task] = []
        var summarise = Set<Int>()
        for p in check.sorted() {
            if case .precision(_, _, let max) = header.plan {
                if let next = decide(p) {
                    tasks += next.filter { stored[p]?.contains($0) != true }.map { .init(point: p, replication: $0) }
                    continue
                }
                done += max - (stored[p]?.count ?? 0)
            }
            owed[p] = nil
            summarise.insert(p)
        }
        summarised.formUnion(summarise)
        return (tasks, summarise)
    }
}
