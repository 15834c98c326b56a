import Foundation
import MusterModel
import MusterNumerics
import MusterScenario
import Testing
@testable import MusterSweep

/// Determinism across scales (issue item 5): whatever the shards and
/// threads, the merged store equals a single run's row for row.
@Suite struct SweepDeterminismTests {
    static let fixedSweep = """
    scenario: small.yaml
    axes:
      team.volunteers: [0, 3]
      field.not_home: [0.1, 0.3]
    replications: 5
    """

    static let precisionSweep = """
    scenario: small.yaml
    axes:
      team.volunteers: [0, 2, 4]
    precision: {target: 0.03, batch: 3, max: 12}
    measures: [order_complete_hours, visited]
    """

    private func assertSame(_ a: SweepStore, _ b: SweepStore) throws {
        let ra = try a.results(), rb = try b.results()
        #expect(ra.count == rb.count)
        #expect(zip(ra, rb).allSatisfy { $0.sameValues(as: $1) })
        #expect(try a.summaries() == b.summaries())
        #expect(try a.contentDigest() == b.contentDigest())
    }

    private func shardedAndMerged(_ plan: SweepPlan, shards n: Int, threads: Int) throws -> SweepStore {
        let parts = try (1...n).map { try Fixture.run(plan, shard: Shard(index: $0, count: n), threads: threads).path }
        let out = try Fixture.tempDir().appendingPathComponent("sweep.sqlite").path
        _ = try SweepMerge.merge(parts, into: out, version: "test")
        return try SweepStore.open(at: out)
    }

    @Test(arguments: [(1, 1), (2, 1), (3, 2)])
    func mergedShardsEqualASingleRun(shards: Int, threads: Int) throws {
        let plan = try Fixture.plan(Self.fixedSweep)
        let single = try Fixture.run(plan, threads: 2)
        #expect(try single.resultCount() == 4 * 5 * 2)
        try assertSame(try shardedAndMerged(plan, shards: shards, threads: threads), single)
    }

    @Test func precisionTargetIsTheSameWhateverTheShardsAndThreads() throws {
        let plan = try Fixture.plan(Self.precisionSweep)
        let single = try Fixture.run(plan, threads: 1)
        let rows = try single.results()
        // Each point stops at a batch boundary, at or below the maximum,
        // and stops as soon as the rule is met (checked independently).
        for p in 0..<3 {
            let ofPoint = rows.filter { $0.point == p }
            let n = ofPoint.count / 2
            #expect(n % 3 == 0 && n >= 3 && n <= 12)
            let byMode = [Mode.tiered, .p2p].map { m in ofPoint.filter { $0.mode == m }.sorted { $0.replication < $1.replication }.map { $0.values[0] } }
            if n < 12 { #expect(PrecisionRule.reached(orderComplete: byMode, target: 0.03)) }
            for earlier in stride(from: 3, to: n, by: 3) {
                #expect(!PrecisionRule.reached(orderComplete: byMode.map { Array($0.prefix(earlier)) }, target: 0.03))
            }
        }
        try assertSame(try shardedAndMerged(plan, shards: 2, threads: 2), single)
    }

    /// Replication r of every point draws the same numbers: with the
    /// volunteers axis at its value 0 in both, two points differing only in
    /// a value that does not touch field work (the p2p sync delay of the
    /// centre) have identical field completion replication by replication.
    @Test func replicationsArePairedAcrossPoints() throws {
        let plan = try Fixture.plan("""
        scenario: small.yaml
        axes:
          p2p.sync: [0s, 30m]
        mode: p2p
        replications: 4
        measures: [order_complete_hours, field_complete_hours]
        """)
        let rows = try Fixture.run(plan).results()
        let a = rows.filter { $0.point == 0 }, b = rows.filter { $0.point == 1 }
        #expect(a.count == 4 && b.count == 4)
        #expect(zip(a, b).allSatisfy { $0.values[1] == $1.values[1] })
        #expect(zip(a, b).allSatisfy { $0.values[0] < $1.values[0] })
    }

    @Test func interruptedRunResumesToTheSameContent() throws {
        let plan = try Fixture.plan(Self.fixedSweep)
        let whole = try Fixture.run(plan)
        let path = try Fixture.tempDir().appendingPathComponent("sweep.sqlite").path
        let store = try SweepStore.create(at: path, header: plan.header, shard: nil, version: "test")
        var calls = 0
        let first = try SweepRunner(plan: plan, store: store, threads: 2).run(shouldStop: { calls += 1; return calls > 2 })
        #expect(first.interrupted)
        #expect(first.rows < 40)
        let second = try SweepRunner(plan: plan, store: store, threads: 1).run()
        #expect(!second.interrupted && second.alreadyStored * 2 == first.rows)
        #expect(second.simulated + second.alreadyStored == 20)
        try assertSame(store, whole)
    }

    @Test func mergeRefusesMissingRowsOtherSweepsAndDisagreements() throws {
        let plan = try Fixture.plan(Self.fixedSweep)
        let one = try Fixture.run(plan, shard: Shard(index: 1, count: 2))
        let out = try Fixture.tempDir().appendingPathComponent("m.sqlite").path
        do {
            _ = try SweepMerge.merge([one.path], into: out, version: "test")
            Issue.record("merged an incomplete sweep")
        } catch let e as SweepMergeError {
            #expect(e.problems[0].contains("10 replications missing in 4 points"))
            #expect(e.problems.dropFirst().allSatisfy { $0.contains("(shard 2/2)") })
        }
        #expect(!FileManager.default.fileExists(atPath: out))

        var otherFile = try SweepFileReader.load(path: try Fixture.sweep(Self.fixedSweep))
        otherFile.seed = 1
        let other = try Fixture.run(try SweepPlan.make(otherFile), shard: Shard(index: 2, count: 2))
        #expect(throws: SweepMergeError.self) { try SweepMerge.merge([one.path, other.path], into: out, version: "test") }

        // The same replication with another value in a second store.
        let two = try Fixture.run(plan, shard: Shard(index: 2, count: 2))
        let forged = try SweepStore.create(at: try Fixture.tempDir().appendingPathComponent("f.sqlite").path,
                                           header: plan.header, shard: nil, version: "test")
        var row = try one.results()[0]
        row.values[0] += 1
        try forged.append([row])
        do {
            _ = try SweepMerge.merge([one.path, two.path, forged.path], into: out, version: "test")
            Issue.record("merged disagreeing duplicates")
        } catch let e as SweepMergeError {
            #expect(e.problems.count == 1 && e.problems[0].contains("differs"))
        }
        // Equal duplicates are fine.
        let report = try SweepMerge.merge([one.path, two.path, one.path], into: out, version: "test")
        #expect(report.rows == 40 && report.duplicates == 20)
    }
}
