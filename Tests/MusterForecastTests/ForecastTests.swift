import Foundation
import Testing
import MusterEngine
import MusterModel
import MusterDrill
@testable import MusterForecast

/// The forecast's numbers: summaries of hand-made replications, the
/// binomial range, the log and posterior readers, particle draws.
@Suite struct ForecastTests {
    static func setup(now: Double, microgrids: Int) -> ForecastSetup {
        let s = Scenario(name: "t", start: WeekTime.parse("Tue 09:00")!, seed: 1, replications: 1,
                         layout: LayoutSpec(source: .fanout([:]), households: .fixed(1)), team: TeamSpec(),
                         field: FieldSpec(hours: .always, travel: .constant(0), visit: .constant(0), notHome: 0,
                                          revisitAfter: 0, maxAttempts: 1),
                         tiered: TieredSpec(levels: [], perLevel: [:], teamNotify: .constant(0)),
                         p2p: P2PSpec(dutyHours: .always, ackOnDuty: .constant(0), ackOffDuty: .constant(0),
                                      pushFails: 0, teamNotify: .constant(0), sync: .constant(0)))
        return ForecastSetup(scenario: s, mode: .p2p, observation: OrderObservation(now: now, microgrids: microgrids),
                             replications: 1)
    }

    static func replication(_ done: [Double]) -> ForecastReplication {
        let r = ReplicationResult(mode: .p2p, replication: 0, orderComplete: done.max()!, fieldComplete: done.max()!,
                                  notified: done.map { _ in 0 }, microgridDone: done, households: 0, visited: 0,
                                  unreached: 0, attempts: 0, events: 0, busyHoursByLevel: [], coverageTimes: [])
        return ForecastReplication(r, particle: 0, tally: ContinuationTally())
    }

    /// Four replications of three micro-grids, counted by hand.
    @Test func hourlyCountsAndLastUnitsByHand() {
        let runs = [[1.5, 2.5, 3.0], [1.0, 3.5, 2.0], [2.2, 1.2, 0.5], [4.0, 1.0, 1.0]].map(Self.replication)
        let s = ForecastSummary(setup: Self.setup(now: 1, microgrids: 3), runs: runs, ids: ["a", "b", "c"])
        // Hours 1, 2, 3, 4 (the latest done is 4.0).
        #expect(s.hourly.map(\.hour) == [1, 2, 3, 4])
        // Done by hour 1: 0, 1, 1, 2; by 2: 1, 2, 2, 3; by 3: 3, 2, 3, 3; by 4: 3, 3, 3, 3.
        #expect(s.hourly.map(\.mean) == [1, 2, 2.75, 3])
        // Last: c, b, a, a.
        #expect(s.lastUnits.map(\.id) == ["a", "b", "c"])
        #expect(s.lastUnits.map(\.probability) == [0.5, 0.25, 0.25])
        #expect(s.lastDone.p50 == 3.25)
    }

    @Test func quantileIsTypeSeven() {
        #expect(ForecastSummary.quantile([1, 2, 3, 4], 0.5) == 2.5)
        #expect(ForecastSummary.quantile([0, 10], 0.1) == 1)
        #expect(ForecastSummary.countAtOrBefore([1, 2, 2, 3], 2) == 3)
    }

    @Test func clockCountsTheDaysOfTheOrder() {
        let tue9 = WeekTime.parse("Tue 09:00")!
        #expect(ForecastSummary.clock(start: tue9, hours: 6.5) == "Tue 15:30 (day 1)")
        #expect(ForecastSummary.clock(start: tue9, hours: 24) == "Wed 09:00 (day 2)")
        #expect(ForecastSummary.clock(start: WeekTime.parse("Sun 23:00")!, hours: 2) == "Mon 01:00 (day 2)")
    }

    /// Binomial(200, 0.8): P(X ≤ 148) = 0.0236, P(X ≤ 149) = 0.0345,
    /// P(X ≥ 172) = 0.0179, P(X ≥ 171) = 0.0283 (exact sums of the
    /// probabilities), so the central 95 % is 149–171.
    @Test func binomialRangeMatchesTheTables() {
        let (lo, hi) = ForecastCalibration.binomialRange(n: 200, p: 0.8, level: 0.95)
        #expect(lo == 149 && hi == 171)
        let (a, b) = ForecastCalibration.binomialRange(n: 10, p: 0.5, level: 0.95)
        // P(X ≤ 1) = 0.0107, P(X ≤ 2) = 0.0547: 2–8.
        #expect(a == 2 && b == 8)
    }

    @Test func aLogReadAtNowHidesWhatCameLater() {
        let log = DrillLog(microgridIds: ["m1", "m2", "m3"], notified: [0.5, 1, .nan], done: [.nan, 3, .nan])
        let o = log.observation(now: 2)
        #expect(o.notified[0] == 0.5 && o.notified[1] == 1 && o.notified[2].isNaN)
        #expect(o.done.allSatisfy(\.isNaN))
        #expect(log.observation(now: 3).done[1] == 3)
        #expect(log.lastEvent == 3 && !log.isFinished)
    }

    @Test func posteriorKeepsTheLastGeneration() throws {
        let t = try PosteriorTable.parse("field.visit.mean,weight,generation\n5m,1,0\n6m,0.25,1\n7m,0.75,1\n", file: "p")
        #expect(t.paths == ["field.visit.mean"])
        #expect(t.overrides == [["field.visit.mean=6m"], ["field.visit.mean=7m"]])
        #expect(t.weights == [0.25, 0.75])
        #expect(throws: InputProblems.self) { try PosteriorTable.parse("a,b\n1,2\n", file: "p") }
        // As `muster calibrate` writes it: an index, tied paths, units.
        let c = try PosteriorTable.parse("particle,field.visit.mean[m],p2p.ack.on_duty.mean+p2p.ack.off_duty.mean[m],field.not_home,weight,generation\n"
                                         + "0,9.5,20,0.25,1,3\n", file: "p")
        #expect(c.overrides == [["field.visit.mean=9.5m", "p2p.ack.on_duty.mean=20m", "p2p.ack.off_duty.mean=20m", "field.not_home=0.25"]])
    }

    /// Particles are drawn by weight: 1:3 weights give shares near ¼ and ¾.
    @Test func particlesAreDrawnByWeight() {
        let n = 4000
        let second = (0..<n).filter { ForecastRun.particle(for: $0, seed: 5, weights: [1, 3]) == 1 }.count
        let share = Double(second) / Double(n)
        // sd of the share: sqrt(0.75 × 0.25 / 4000) = 0.0068.
        #expect(abs(share - 0.75) < 0.03)
        #expect(ForecastRun.particle(for: 7, seed: 5, weights: [1, 3]) == ForecastRun.particle(for: 7, seed: 5, weights: [1, 3]))
    }
}
