import MusterEngine
import MusterModel
import Testing
@testable import MusterDrill

/// The log a simulated replication writes is its per-micro-grid times, and
/// reads back as the same log.
@Suite struct SimulatedLogTests {
    static func scenario(fixed: Bool = true) -> Scenario {
        let m = 60.0, h = 3600.0
        let units = [LayoutUnit(id: "city", parent: "", level: .city, households: nil),
                     LayoutUnit(id: "s", parent: "city", level: .street, households: nil),
                     LayoutUnit(id: "g1", parent: "s", level: .grid, households: nil),
                     LayoutUnit(id: "g2", parent: "s", level: .grid, households: nil)]
            + (1...6).map { LayoutUnit(id: "m\($0)", parent: $0 <= 3 ? "g1" : "g2", level: .microgrid, households: 20 + $0) }
        var perLevel: [Level: RelayLevelSpec] = [:]
        for l in Level.relayLevels {
            perLevel[l] = RelayLevelSpec(handlers: 1, officeHours: .always, forward: .sequential, handle: .exponential(mean: 1 * h),
                                         notify: .exponential(mean: 10 * m), aggregate: .constant(0), transmit: .constant(0))
        }
        return Scenario(
            name: "t", start: WeekTime.parse("Tue 09:00")!, seed: 3, replications: 1,
            layout: LayoutSpec(source: fixed ? .units(units) : .fanout([.street: .fixed(1), .grid: .fixed(2), .microgrid: .fixed(3)]),
                               households: .fixed(20)),
            team: TeamSpec(heads: 1, members: 2, volunteers: .fixed(0), volunteerSpeed: 1),
            field: FieldSpec(hours: .always, travel: .constant(1 * m), visit: .exponential(mean: 6 * m),
                             notHome: 0.1, revisitAfter: 1 * h, maxAttempts: 2),
            tiered: TieredSpec(levels: [.city, .street, .grid], perLevel: perLevel, teamNotify: .exponential(mean: 10 * m)),
            p2p: P2PSpec(dutyHours: .always, ackOnDuty: .exponential(mean: 10 * m), ackOffDuty: .exponential(mean: 1 * h),
                         pushFails: 0, teamNotify: .exponential(mean: 10 * m), sync: .constant(0)))
    }

    @Test func simulatedLogHoldsTheReplicationsTimesAndReadsBack() throws {
        let s = Self.scenario()
        let layout = try DrillLayout(s)
        #expect(layout.microgridIds == ["m1", "m2", "m3", "m4", "m5", "m6"])
        let result = Experiment.replicate(CompiledScenario(s), replication: 0, mode: .tiered)
        let log = DrillLog(simulated: result, layout: layout)
        #expect(log.notified == result.notified && log.done == result.microgridDone)
        #expect(zip(log.notified, log.done).allSatisfy { $0 > 0 && $1 >= $0 })
        let back = try DrillLogReader.parse(log.csv(), file: "sim.csv", layout: layout, start: s.start, options: DrillLogOptions())
        for g in 0..<6 {
            #expect(abs(back.notified[g] - log.notified[g]) <= 0.5e-4)
            #expect(abs(back.done[g] - log.done[g]) <= 0.5e-4)
        }
    }

    @Test func cuttingAtTheLogsEndLeavesLaterTimesEmpty() throws {
        let s = Self.scenario()
        let layout = try DrillLayout(s)
        let result = Experiment.replicate(CompiledScenario(s), replication: 0, mode: .tiered)
        let sorted = result.microgridDone.sorted()
        let end = (sorted[2] + sorted[3]) / 2
        let log = DrillLog(simulated: result, layout: layout, observedUntil: end)
        #expect(log.done.filter { !$0.isNaN }.count == 3)
        #expect((0..<6).filter { log.doneObservation($0) == .notBy(end) }.count == 3)
        let back = try DrillLogReader.parse(log.csv(), file: "sim.csv", layout: layout, start: s.start,
                                            options: DrillLogOptions(observedUntil: end))
        #expect(back.done.map(\.isNaN) == log.done.map(\.isNaN))
    }

    @Test func hoursTextRoundsToFourDecimals() {
        #expect(hoursText(2.5) == "2.5")
        #expect(hoursText(3) == "3")
        #expect(hoursText(0.12344) == "0.1234")
        #expect(hoursText(0.00005) == "0.0001")
        #expect(hoursText(12.0301) == "12.0301")
    }
}
