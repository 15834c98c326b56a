import Testing
import MusterEngine
@testable import MusterModel

@Suite struct DeterminismTests {
    @Test func threadCountDoesNotChangeResults() {
        let s = Fixture.beilunLike()
        let one = Experiment.run(s, modes: [.tiered, .p2p], replications: 0..<6, threads: 1)
        let two = Experiment.run(s, modes: [.tiered, .p2p], replications: 0..<6, threads: 2)
        let four = Experiment.run(s, modes: [.tiered, .p2p], replications: 0..<6, threads: 4)
        #expect(one == two)
        #expect(one == four)
    }

    @Test func seedsMatterAndRepeat() {
        let a = Experiment.run(Fixture.beilunLike(seed: 1), modes: [.tiered, .p2p], replications: 0..<3, threads: 2)
        let b = Experiment.run(Fixture.beilunLike(seed: 1), modes: [.tiered, .p2p], replications: 0..<3, threads: 2)
        let c = Experiment.run(Fixture.beilunLike(seed: 2), modes: [.tiered, .p2p], replications: 0..<3, threads: 2)
        #expect(a == b)
        #expect(a[.tiered]!.map(\.orderComplete) != c[.tiered]!.map(\.orderComplete))
        #expect(a[.p2p]!.map(\.fieldComplete) != c[.p2p]!.map(\.fieldComplete))
    }

    /// A replication's result does not depend on which others ran with it.
    @Test func replicationsAreIndependentOfTheBatch() {
        let s = Fixture.beilunLike()
        let all = Experiment.run(s, modes: [.p2p], replications: 0..<5, threads: 2)[.p2p]!
        let tail = Experiment.run(s, modes: [.p2p], replications: 3..<5, threads: 1)[.p2p]!
        #expect(Array(all[3..<5]) == tail)
    }

    /// Common random numbers: with every relay, call and acknowledgement
    /// instant and calendars always open, tiered and point-to-point field
    /// work is identical replication by replication (docs/model.md, "Ties between workers").
    @Test func commonRandomNumbersAcrossModes() {
        var s = Fixture.beilunLike()
        s.tiered.perLevel = Fixture.relay()
        s.tiered.teamNotify = .constant(0)
        s.p2p = P2PSpec(dutyHours: .always, ackOnDuty: .constant(0), ackOffDuty: .constant(0),
                        pushFails: 0, teamNotify: .constant(0), sync: .constant(0))
        let r = Experiment.run(s, modes: [.tiered, .p2p], replications: 0..<5, threads: 2)
        for (t, p) in zip(r[.tiered]!, r[.p2p]!) {
            #expect(t.fieldComplete == p.fieldComplete)
            #expect(t.microgridDone == p.microgridDone)
            #expect(t.attempts == p.attempts)
            #expect(t.visited == p.visited)
            #expect(t.coverageTimes == p.coverageTimes)
            #expect(t.orderComplete == p.orderComplete)
        }
        // And the modes do differ once the relay takes time.
        let d = Experiment.run(Fixture.beilunLike(), modes: [.tiered, .p2p], replications: 0..<2, threads: 2)
        #expect(d[.tiered]![0].fieldComplete != d[.p2p]![0].fieldComplete)
    }

    /// The household draws are shared even when the modes differ: the
    /// number of attempts depends only on not-home draws, which CRN fixes.
    @Test func attemptsAreSharedWhenTimingDiffers() {
        let r = Experiment.run(Fixture.beilunLike(), modes: [.tiered, .p2p], replications: 0..<3, threads: 2)
        for (t, p) in zip(r[.tiered]!, r[.p2p]!) {
            #expect(t.attempts == p.attempts)
            #expect(t.unreached == p.unreached)
        }
    }
}

/// Households' first attempts are drawn once per replication and shared by
/// the modes; sharing them, or not, must not change a number.
@Suite struct SharedDrawsTests {
    @Test func sharedAndSeparateDrawsGiveTheSameResults() {
        var s = Fixture.beilunLike(seed: 12)
        s.field.notHome = 0.35
        let compiled = CompiledScenario(s)
        for r in 0..<3 {
            let shared = Experiment.replicate(compiled, replication: r, modes: [.tiered, .p2p])
            let separate = [Mode.tiered, .p2p].map { Experiment.replicate(compiled, replication: r, mode: $0) }
            #expect(shared == separate)
        }
        // An experiment's tasks (one per replication and mode) share each
        // replication's draws between threads: the same results again.
        for threads in [1, 2, 3] {
            let run = Experiment.run(s, modes: [.tiered, .p2p], replications: 0..<3, threads: threads)
            for r in 0..<3 {
                let alone = [Mode.tiered, .p2p].map { Experiment.replicate(compiled, replication: r, mode: $0) }
                #expect([run[.tiered]![r], run[.p2p]![r]] == alone, "threads \(threads), replication \(r)")
            }
        }
    }

    /// A not-home attempt with zero travel is an outcome of −0: the sign,
    /// not the value, marks it, so it must still count as nobody home.
    @Test func zeroTravelNotHomeIsStillNotHome() {
        var s = Fixture.beilunLike(seed: 13)
        s.field.travel = .constant(0)
        s.field.notHome = 1
        s.field.maxAttempts = 2
        let r = Experiment.run(s, modes: [.tiered, .p2p], replications: 0..<2, threads: 2)
        for result in r[.tiered]! + r[.p2p]! {
            #expect(result.visited == 0)
            #expect(result.unreached == result.households)
            #expect(result.attempts == 2 * result.households)
        }
    }
}
