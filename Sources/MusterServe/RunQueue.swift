import Dispatch
import Foundation
import Synchronization

/// Jobs run one at a time (each uses every core), first come first
/// served; at most `capacity` wait or run, so a crowd gets a clear
/// "busy" instead of an ever longer wait.
final class RunQueue: Sendable {
    let capacity: Int
    private let worker = DispatchQueue(label: "muster.serve.runs")
    private let pending = Mutex<[RunJob]>([])
    private let jobs = Mutex<[String: RunJob]>([:])

    init(capacity: Int) { self.capacity = capacity }

    struct Full: Error {}

    /// Queues `job`; `work` runs on the worker thread unless the job was
    /// cancelled while it waited.
    func submit(_ job: RunJob, work: @escaping @Sendable (RunJob) throws -> Void) throws(Full) {
        let accepted = pending.withLock { list -> Bool in
            guard list.count < capacity else { return false }
            list.append(job)
            return true
        }
        guard accepted else { throw Full() }
        jobs.withLock { $0[job.id] = job }
        renumber()
        worker.async { [self] in
            defer { finish(job) }
            guard !job.isCancelled else { return }
            job.update { $0.phase = .running }
            renumber()
            do {
                try work(job)
                job.update { $0.phase = .done; $0.done = $0.total }
            } catch is JobCancelled {
                job.update { $0.phase = .cancelled }
            } catch {
                job.update { $0.phase = .failed(String(describing: error)) }
            }
        }
    }

    func job(_ id: String) -> RunJob? { jobs.withLock { $0[id] } }

    /// Returns when every job submitted so far has finished.
    func waitUntilIdle() { worker.sync {} }

    /// Waits for the jobs submitted so far, until `timeout` at most; false if they are still running.
    func waitUntilIdle(timeout: DispatchTime) -> Bool {
        let done = DispatchSemaphore(value: 0)
        worker.async { done.signal() }
        return done.wait(timeout: timeout) == .success
    }

    /// Cancels everything (shutdown); with `wait`, until the worker stopped.
    func cancelAll(wait: Bool = true) {
        for j in jobs.withLock({ Array($0.values) }) { j.cancel() }
        if wait { worker.sync {} }
    }

    private func finish(_ job: RunJob) {
        pending.withLock { $0.removeAll { $0 === job } }
        job.update { if !$0.phase.isFinal { $0.phase = .cancelled } }
        renumber()
    }

    /// Tells each waiting job how many are ahead of it.
    private func renumber() {
        let list = pending.withLock { $0 }
        for (i, j) in list.enumerated() {
            j.update { if case .queued = $0.phase { $0.phase = .queued(ahead: i) } }
        }
    }
}
