import Foundation
import Testing
@testable import MusterServe

/// The bounded queue, with jobs held at a gate so that the order of events
/// is fixed, not a matter of timing.
struct RunQueueTests {
    private func job(_ n: Int) -> RunJob {
        RunJob(id: "job\(n)", visitor: "v", kind: .run, folder: URL(fileURLWithPath: "/nonexistent"), total: 10)
    }

    @Test func waitingJobsAreCountedAndAFullQueueRefuses() throws {
        let queue = RunQueue(capacity: 2)
        let gate = DispatchSemaphore(value: 0)
        let running = DispatchSemaphore(value: 0)
        let first = job(1), second = job(2), third = job(3)
        try queue.submit(first) { _ in running.signal(); gate.wait() }
        running.wait()
        #expect(first.current.phase == .running)
        try queue.submit(second) { _ in }
        #expect(second.current.phase == .queued(ahead: 1))
        #expect(throws: RunQueue.Full.self) { try queue.submit(third) { _ in } }
        gate.signal()
        queue.waitUntilIdle()
        #expect(first.current.phase == .done)
        #expect(second.current.phase == .done)
    }

    @Test func aCancelledWaitingJobNeverRuns() throws {
        let queue = RunQueue(capacity: 3)
        let gate = DispatchSemaphore(value: 0)
        let running = DispatchSemaphore(value: 0)
        let ran = RunJob.Flag()
        try queue.submit(job(1)) { _ in running.signal(); gate.wait() }
        running.wait()
        let waiting = job(2)
        try queue.submit(waiting) { _ in ran.set() }
        waiting.cancel()
        #expect(waiting.current.phase == .cancelled)
        gate.signal()
        queue.waitUntilIdle()
        #expect(!ran.isSet)
    }

    @Test func aRunningJobStopsAtTheNextBatch() throws {
        let queue = RunQueue(capacity: 1)
        let j = job(1)
        try queue.submit(j) { job in
            job.cancel()
            if job.isCancelled { throw JobCancelled() }
        }
        queue.waitUntilIdle()
        #expect(j.current.phase == .cancelled)
    }

    @Test func progressNeverGoesBackwardsOrPastTheTotal() {
        let j = job(1)
        j.progress(4); j.progress(2); j.progress(40)
        #expect(j.current.done == 10)
    }
}
