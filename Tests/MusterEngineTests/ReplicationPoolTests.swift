import MusterEngine
import Synchronization
import Testing

@Suite("ReplicationPool")
struct ReplicationPoolTests {
    /// Every (replication, variant) runs exactly once and lands in its slot,
    /// whatever the number of threads.
    @Test(arguments: [1, 2, 3, 4, 7, 30])
    func resultsAreInFixedOrder(threads: Int) {
        let calls = Mutex([Int]())
        let out = ReplicationPool.run(replications: 5..<12, variants: 3, threads: threads) { r, k in
            calls.withLock { $0.append(r * 10 + k) }
            return r * 10 + k
        }
        // Each pair once (blocks of replications, the last one partial).
        #expect(calls.withLock { $0 }.sorted() == (5..<12).flatMap { r in (0..<3).map { r * 10 + $0 } })
        #expect(out.count == 3)
        for k in 0..<3 { #expect(out[k] == (5..<12).map { $0 * 10 + k }) }
    }

    /// Progress counts replications whose variants have all finished: it
    /// ends at the number of replications and never exceeds it.
    @Test func progressCountsWholeReplications() {
        let seen = Mutex([Int]())
        _ = ReplicationPool.run(replications: 0..<4, variants: 2, threads: 2, progress: { n in
            seen.withLock { $0.append(n) }
        }) { r, k in r + k }
        let s = seen.withLock { $0 }.sorted()
        #expect(s == [1, 2, 3, 4])
    }

    @Test func emptyRangeGivesEmptyColumns() {
        let out = ReplicationPool.run(replications: 3..<3, variants: 2, threads: 2) { r, _ in r }
        #expect(out == [[], []])
    }
}
