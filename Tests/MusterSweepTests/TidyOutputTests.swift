import Foundation
import GRDB
import MusterModel
import MusterScenario
import Testing
@testable import MusterSweep

/// One name per thing and tidy tables: deprecated measure names, the sweep
/// folder's replications.csv, numeric axis columns in the views, and the
/// store format check.
@Suite struct TidyOutputTests {
    @Test func deprecatedMeasureNamesAreReadWithAWarning() throws {
        let path = try Fixture.sweep("scenario: small.yaml\naxes: {team.volunteers: [1]}\n"
                                     + "measures: [order_complete, field_complete, notified_p50, microgrid_done_p50, visited]\n")
        let file = try SweepFileReader.load(path: path)
        #expect(file.measures == [.orderComplete, .fieldComplete, .notifiedP50, .microgridDoneP50, .visited])
        // Four old names, four warnings on line 3, each naming the new name.
        #expect(file.warnings.count == 4)
        #expect(file.warnings.allSatisfy { $0.line == 3 && $0.key == "measures" && $0.message.contains("_hours'") })
        let renamed = try SweepFileReader.load(path: try Fixture.sweep(
            "scenario: small.yaml\naxes: {team.volunteers: [1]}\n"
            + "measures: [order_complete_hours, field_complete_hours, notified_p50_hours, microgrid_done_p50_hours, visited]\n"))
        #expect(renamed.measures == file.measures && renamed.warnings.isEmpty)
    }

    @Test func anOldAndANewNameForOneMeasureIsListedTwice() throws {
        let issues = try Fixture.issues("scenario: small.yaml\naxes: {team.volunteers: [1]}\n"
                                        + "measures: [field_complete_hours, field_complete]\n")
        #expect(issues.map(\.key) == ["measures"] && issues[0].message.contains("listed twice"), "\(issues)")
    }

    private static let twoAxes = """
        scenario: small.yaml
        axes:
          team.volunteers: [0, 3]
          field.revisit_after: {values: [2, 4.5], unit: h}
          tiered.levels: [[city, grid], [city, street, grid]]
        replications: 3
        measures: [order_complete_hours, unreached]

        """

    /// One row per point × replication × mode, axis values as numbers (in
    /// the unit the column names), measures as the store holds them.
    @Test func sweepReplicationsCSVIsTidy() throws {
        let plan = try Fixture.plan(Self.twoAxes)
        let store = try Fixture.run(plan)
        let rows = try store.results()
        let text = ReplicationsCSV.render(header: store.header, rows: rows)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "point,team.volunteers,field.revisit_after_hours,tiered.levels,replication,mode,order_complete_hours,unreached")
        // 2 × 2 × 2 points, 3 replications, 2 modes.
        #expect(lines.count == 1 + 8 * 3 * 2)
        var seen = Set<String>()
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(f.count >= 9, "\(line)")  // the levels list is one quoted field holding commas
            let point = try #require(Int(f[0]))
            let values = store.header.points[point].values
            #expect(Double(f[1]) == values[0]?.number && Double(f[2]) == values[1]?.number)
            #expect(seen.insert("\(f[0])/\(f[f.count - 4])/\(f[f.count - 3])").inserted)
            let row = try #require(rows.first { $0.point == point && $0.replication == Int(f[f.count - 4])! && $0.mode.rawValue == f[f.count - 3] })
            #expect(Double(f[f.count - 2]) == row.values[0] && Double(f[f.count - 1]) == row.values[1])
        }
        // Within a replication, modes in the sweep's order (tiered first).
        #expect(lines[1].contains(",0,tiered,") && lines[2].contains(",0,p2p,"))
    }

    @Test func viewAxisColumnsAreNumbers() throws {
        let plan = try Fixture.plan(Self.twoAxes)
        let store = try Fixture.run(plan)
        let path = store.path
        try store.close()
        let db = try DatabaseQueue(path: path)
        let types = try db.read { db in
            try Row.fetchAll(db, sql: """
                SELECT DISTINCT typeof("team.volunteers"), typeof("field.revisit_after_hours"), typeof("tiered.levels")
                FROM point_result
                """).map { [$0[0] as String, $0[1] as String, $0[2] as String] }
        }
        #expect(types == [["integer", "real", "text"]])
        let summaryTypes = try db.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT typeof(\"field.revisit_after_hours\") FROM point_summary")
        }
        #expect(summaryTypes == ["real"])
        let results = try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM point_result") }
        #expect(results == 8 * 3 * 2)
    }

    @Test func aStoreOfTheOldFormatIsRefusedWithTheReason() throws {
        let plan = try Fixture.plan(Self.twoAxes)
        let store = try Fixture.run(plan)
        let path = store.path
        try store.close()
        let db = try DatabaseQueue(path: path)
        try db.writeWithoutTransaction { try $0.execute(sql: "PRAGMA user_version = 1") }
        try db.close()
        do {
            _ = try SweepStore.open(at: path)
            Issue.record("a format-1 store was opened")
        } catch let error as SweepStoreError {
            #expect(error.message.contains("older Muster") && error.message.contains("Muster 0.2"), "\(error)")
        }
    }
}
