import MusterEngine
import MusterModel
import Testing
@testable import MusterDrill

/// A small fixed tree: two grids of two micro-grids under one community.
enum DrillFixture {
    static let units: [FixedUnit] = [
        FixedUnit(id: "city", level: .city, parent: -1),
        FixedUnit(id: "c1", level: .community, parent: 0),
        FixedUnit(id: "g1", level: .grid, parent: 1),
        FixedUnit(id: "g2", level: .grid, parent: 1),
        FixedUnit(id: "m1", level: .microgrid, parent: 2),
        FixedUnit(id: "m2", level: .microgrid, parent: 2),
        FixedUnit(id: "m3", level: .microgrid, parent: 3),
        FixedUnit(id: "m4", level: .microgrid, parent: 3),
    ]
    static let layout = try! DrillLayout(units: units)
    static let tuesday9 = WeekTime.parse("Tue 09:00")!

    static func parse(_ text: String, _ options: DrillLogOptions = DrillLogOptions()) throws(DrillLogError) -> DrillLog {
        try DrillLogReader.parse(text, file: "log.csv", layout: layout, start: tuesday9, options: options)
    }

    /// The issues of a log that must fail.
    static func issues(_ text: String, _ options: DrillLogOptions = DrillLogOptions()) -> [InputIssue] {
        do {
            _ = try parse(text, options)
            Issue.record("the log was accepted")
            return []
        } catch {
            return error.issues
        }
    }
}

@Suite struct DrillLogReaderTests {
    @Test func readsHoursInLayoutOrderWhateverTheRowOrder() throws {
        let log = try DrillFixture.parse("""
        unit_id,notified_hours,done_hours
        m3,1.5,4
        m1,0.25,2.75
        m4,,6
        m2,0.5,
        """)
        #expect(log.microgridIds == ["m1", "m2", "m3", "m4"])
        #expect(log.notified[0] == 0.25 && log.notified[2] == 1.5 && log.notified[3].isNaN)
        #expect(log.done[0] == 2.75 && log.done[1].isNaN && log.done[3] == 6)
        #expect(log.doneObservation(1) == .unknown)
        #expect(log.notifiedObservation(3) == .unknown)
    }

    @Test func acceptsBOMCRLFQuotesSpacesAndColumnOrder() throws {
        let log = try DrillFixture.parse("\u{FEFF}done_hours, Unit_ID\r\n2,\"m1\"\r\n3, m2 \r\n\r\n4,m3\r\n5,\"m4\"\r\n")
        #expect(log.done == [2, 3, 4, 5])
        #expect(!log.hasNotified && log.hasDone)
        #expect(log.notifiedObservation(0) == .unknown)
    }

    @Test func observedUntilCensorsMissingDoneTimes() throws {
        let log = try DrillFixture.parse("unit_id,notified_hours,done_hours\nm1,1,2\nm2,1,\nm3,,\nm4,3,9\n",
                                         DrillLogOptions(observedUntil: 10))
        #expect(log.doneObservation(0) == .at(2))
        #expect(log.doneObservation(1) == .notBy(10))
        #expect(log.doneObservation(2) == .notBy(10))
        // Neither time by the end: not notified by then either.
        #expect(log.notifiedObservation(2) == .notBy(10))
        #expect(log.notifiedObservation(1) == .at(1))
    }

    @Test func everyProblemIsReportedWithLineAndColumn() {
        let issues = DrillFixture.issues("""
        unit_id,notified_hours,done_hours
        m1,1,0.5
        g1,1,2
        nowhere,1,2
        m2,-1,2
        m2,1,2
        m3,abc,inf
        m4,1
        """)
        let found = issues.map { "\($0.line.map(String.init) ?? "-") \($0.key)" }
        #expect(found == ["2 done_hours", "3 unit_id", "4 unit_id", "5 notified_hours", "6 unit_id",
                          "7 notified_hours", "7 done_hours", "8 row", "- unit_id"])
        #expect(issues[0].message.contains("before notified"))
        #expect(issues[1].message.contains("is a grid of the layout, not a micro-grid"))
        #expect(issues[2].message.contains("not a micro-grid of the scenario's layout"))
        #expect(issues[4].message.contains("duplicate unit_id 'm2' (first on line 5)"))
        #expect(issues[8].message.contains("1 micro-grid of the layout has no row (m4)"))
        #expect(issues.allSatisfy { $0.file == "log.csv" })
    }

    @Test func timesAfterTheLogsEndAreErrors() {
        let issues = DrillFixture.issues("unit_id,done_hours\nm1,2\nm2,12\nm3,3\nm4,4\n", DrillLogOptions(observedUntil: 10))
        #expect(issues.count == 1 && issues[0].line == 3 && issues[0].message.contains("--observed-until 10 h"))
        let bad = DrillFixture.issues("unit_id,done_hours\nm1,2\nm2,1\nm3,3\nm4,4\n", DrillLogOptions(observedUntil: -1))
        #expect(bad.map(\.file) == ["--observed-until"])
    }

    @Test func headerProblems() {
        #expect(DrillFixture.issues("").first?.message.contains("empty") == true)
        #expect(DrillFixture.issues("unit_id,done_hours\n").first?.message.contains("no rows") == true)
        let unknown = DrillFixture.issues("unit_id,done_hours,remarks\nm1,1,x\n")
        #expect(unknown.count == 1 && unknown[0].key == "remarks" && unknown[0].message.contains("allowed: unit_id"))
        #expect(DrillFixture.issues("unit_id\nm1\n").first?.message.contains("no time column") == true)
        #expect(DrillFixture.issues("done_hours\n1\n").first?.key == "unit_id")
        #expect(DrillFixture.issues("unit_id,done_hours,done_at\nm1,1,\n").contains { $0.message.contains("not both") })
        #expect(DrillFixture.issues("unit_id,done_hours,done_hours\nm1,1,1\n").contains { $0.message.contains("twice") })
        #expect(DrillFixture.issues("unit_id,done_at\nm1,2026-03-10T10:00\n").contains { $0.message.contains("--issued") })
        #expect(DrillFixture.issues("unit_id,done_hours\nm1,1\nm2,1\nm3,1\nm4,1\n",
                                    DrillLogOptions(issued: "2026-03-10T09:00")).map(\.file) == ["--issued"])
        #expect(DrillFixture.issues("unit_id,done_hours\n\"m1,1\n").first?.message.contains("not closed") == true)
    }

    @Test func dateTimesBecomeHoursSinceIssue() throws {
        // 2026-03-10 is a Tuesday; the order runs over a day and a month end.
        let log = try DrillFixture.parse("""
        unit_id,notified_at,done_at
        m1,2026-03-10T09:30,2026-03-10 12:00:00
        m2,2026-03-10T10:00:30,2026-03-11T09:00
        m3,,2026-03-10T09:00:00.5
        m4,2026-03-10T09:45,
        """, DrillLogOptions(issued: "2026-03-10T09:00"))
        #expect(log.notified[0] == 0.5)
        #expect(log.done[0] == 3)
        #expect(abs(log.notified[1] - (1 + 30.0 / 3600)) < 1e-12)
        #expect(log.done[1] == 24)
        #expect(abs(log.done[2] - 0.5 / 3600) < 1e-12)
    }

    @Test func issuedMustAgreeWithTheScenarioStart() {
        // 2026-03-11 is a Wednesday.
        let issues = DrillFixture.issues("unit_id,done_at\nm1,2026-03-11T10:00\nm2,\nm3,\nm4,\n",
                                         DrillLogOptions(issued: "2026-03-11T09:00"))
        #expect(issues.count == 1 && issues[0].file == "--issued")
        #expect(issues[0].message.contains("Wed 09:00") && issues[0].message.contains("Tue 09:00"))
        let early = DrillFixture.issues("unit_id,done_at\nm1,2026-03-10T08:00\nm2,\nm3,\nm4,\n",
                                        DrillLogOptions(issued: "2026-03-10T09:00"))
        #expect(early.count == 1 && early[0].line == 2 && early[0].message.contains("before the order was issued"))
    }
}

@Suite struct DrillDateTimeTests {
    @Test func weekdaysAndDaysAgreeWithTheCalendar() throws {
        // Known weekdays: 1970-01-01 Thursday, 2000-01-01 Saturday, 2000-02-29 Tuesday.
        let thu = try DrillDateTime.parse("1970-01-01T00:00").get()
        #expect(thu.day == 0 && thu.weekSeconds == 3 * 86_400)
        #expect(try DrillDateTime.parse("2000-01-01T12:00").get().weekSeconds == 5 * 86_400 + 43_200)
        #expect(try DrillDateTime.parse("2000-02-29T00:00").get().weekSeconds == 86_400)
        #expect(try DrillDateTime.parse("2000-03-01T00:00").get().hours(since: try DrillDateTime.parse("2000-02-28T00:00").get()) == 48)
        for day in stride(from: -800_000, through: 800_000, by: 997) {
            let (y, m, d) = DrillDateTime.civil(fromDays: day)
            #expect(DrillDateTime.daysFromCivil(y, m, d) == day)
        }
        #expect(try DrillDateTime.parse("2026-03-10T09:05:07").get().description == "2026-03-10T09:05:07")
    }

    @Test func rejectsWhatIsNotALocalDateTime() {
        for bad in ["2026-02-29T09:00", "2026-13-01T09:00", "2026-03-10T24:00", "2026-03-10", "10/03/2026 09:00",
                    "2026-03-10T09:00Z", "2026-03-10T09:00+08:00", "2026-03-10T09:00:00.", "2026-03-10T09:00x"] {
            if case .success = DrillDateTime.parse(bad) { Issue.record("accepted \(bad)") }
        }
        if case .failure(let f) = DrillDateTime.parse("2026-03-10T09:00+08:00") {
            #expect(f.reason.contains("time zone"))
        }
    }
}

@Suite struct DrillLayoutTests {
    @Test func microgridsInLayoutOrderWithTheirGroups() {
        let l = DrillFixture.layout
        #expect(l.microgridIds == ["m1", "m2", "m3", "m4"])
        #expect(l.otherUnits["g2"] == .grid)
        #expect(l.ancestors[.grid] == DrillLayout.Groups(index: [0, 0, 1, 1], count: 2))
        #expect(l.ancestors[.community] == DrillLayout.Groups(index: [0, 0, 0, 0], count: 1))
        #expect(l.ancestors[.street] == nil)
    }

    @Test func aDrawnLayoutHasNoIds() {
        #expect(throws: DrillLayout.Problem.drawnLayout) { try DrillLayout(SimulatedLogTests.scenario(fixed: false)) }
    }
}

/// A fuzzed log (`make fuzz`, class drill) with a time beyond 2^53
/// ten-thousandths of an hour trapped in the hours formatter; it is a
/// located error now.
@Test func aHugeTimeIsReportedNotTrapped() {
    #expect(hoursText(1e20) == "1e+20")
    #expect(hoursText(-.infinity) == "-inf")
    #expect(hoursText(2.5) == "2.5")
    #expect(hoursText(-0.1234) == "-0.1234")
}
