import Foundation

/// Hands (point, replication) tasks to worker threads and their results
/// back to the single writer.
///
/// The lock is taken only to claim a task and to hand in its result, once
/// per replication — never while simulating.
final class WorkQueue: @unchecked Sendable {
    struct Task: Sendable { let point: Int; let replication: Int }
    struct Done: Sendable { let task: Task; let rows: [ResultRow] }

    private let condition = NSCondition()
    private var tasks: [Task] = []
    private var head = 0
    private var results: [Done] = []
    private var inFlight = 0
    private var closed = false

    /// Adds tasks at the end of the queue.
    func add(_ more: [Task]) {
        guard !more.isEmpty else { return }
        condition.lock()
        tasks += more
        condition.broadcast()
        condition.unlock()
    }

    /// The next task; waits while the queue is empty but open. Nil once
    /// the queue is closed and empty: the worker may end.
    func claim() -> Task? {
        condition.lock()
        defer { condition.unlock() }
        while head == tasks.count && !closed { condition.wait() }
        guard head < tasks.count else { return nil }
        let t = tasks[head]
        head += 1
        if head > 4096 && head * 2 > tasks.count {
            tasks.removeFirst(head)
            head = 0
        }
        inFlight += 1
        return t
    }

    /// Hands in a finished task.
    func deliver(_ done: Done) {
        condition.lock()
        results.append(done)
        inFlight -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Finished tasks since the last call, waiting up to `timeout` seconds
    /// for one; with the number of tasks still queued and running.
    func take(timeout: TimeInterval) -> (done: [Done], queued: Int, running: Int) {
        condition.lock()
        defer { condition.unlock() }
        if results.isEmpty && (inFlight > 0 || head < tasks.count) {
            _ = condition.wait(until: Date(timeIntervalSinceNow: timeout))
        }
        let out = results
        results = []
        return (out, tasks.count - head, inFlight)
    }

    /// Drops the tasks nobody has claimed (on interruption).
    func dropQueued() {
        condition.lock()
        tasks = []
        head = 0
        condition.unlock()
    }

    /// No task will be added any more: idle workers end.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
