import Foundation
import Testing
import MusterModel
import MusterTestSupport
@testable import MusterStats

@Suite struct ReportTests {
    static let results: [Mode: [ReplicationResult]] = [
        .tiered: [result(.tiered, 0, order: 50, notified: [1, 2, 9]), result(.tiered, 1, order: 54)],
        .p2p: [result(.p2p, 1, order: 25), result(.p2p, 0, order: 20, notified: [0.25, 0.75])],
    ]

    @Test func replicationsCSVHasHeaderAndOneRowPerReplicationAndMode() {
        let csv = CSVReports.replications(Self.results)
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "replication,mode,order_complete_hours,field_complete_hours,notified_p50_hours,microgrid_done_p50_hours,households,visited,unreached,attempts,events")
        #expect(lines.count == 1 + 4 + 1)   // header, four rows, empty after the last newline
        #expect(lines.last == "")
        // Replication order, tiered before p2p; the notified median is per replication.
        #expect(lines[1] == "0,tiered,50,1,2,1,10,9,1,12,100")
        #expect(lines[2] == "0,p2p,20,1,0.5,1,10,9,1,12,100")
        #expect(lines[3].hasPrefix("1,tiered,54,"))
        #expect(lines[4].hasPrefix("1,p2p,25,"))
    }

    @Test func replicationsCSVWritesNonFiniteAsInfOrEmpty() {
        let csv = CSVReports.replications([.p2p: [result(.p2p, 0, order: .infinity, notified: [])]])
        #expect(csv.split(separator: "\n")[1] == "0,p2p,inf,1,,1,10,9,1,12,100")
    }

    @Test func coverageCSV() {
        let s = RunSummary(scenario: "t", seed: 1, version: "0", results: Self.results)
        let lines = CSVReports.coverage(s).split(separator: "\n")
        #expect(lines.first == "hour,mode,p10,p50,p90")
        #expect(lines.count == 1 + 2 * CoverageCurve.defaultPoints)
        // Every curve covers [0, 1] and reaches 100 % at 1 h.
        #expect(lines[1] == "0,tiered,0,0,0")
        #expect(lines[CoverageCurve.defaultPoints] == "1,tiered,1,1,1")
        #expect(lines[CoverageCurve.defaultPoints + 1] == "0,p2p,0,0,0")
        #expect(lines[2] == "0.005,tiered,0,0,0")
    }

    @Test func textReportShowsBothModesAndTheComparison() {
        let s = RunSummary(scenario: "beilun", seed: 7, version: "0.1.0", results: Self.results)
        let text = TextReport.render(s)
        #expect(text.contains("tiered") && text.contains("p2p"))
        #expect(text.contains("Order complete (h)") && text.contains("Field complete (h)"))
        // Tiered median 52, p2p 22.5.
        #expect(text.contains("tiered 52.0 h (2.2 d)"))
        #expect(text.contains("p2p 22.5 h"))
        // Paired diffs 30 and 29: mean 29.5; ratios 2.5 and 2.16: mean 2.33.
        #expect(text.contains("Tiered − p2p, order complete: 29.5 h"))
        #expect(text.contains("Tiered / p2p, order complete: 2.33×"))
        #expect(!text.contains("\u{1B}["))
        #expect(TextReport.render(s, color: true).contains("\u{1B}[1m"))
    }

    @Test func hoursForPeople() {
        #expect(TextReport.formatHours(52.3) == "52.3 h (2.2 d)")
        #expect(TextReport.formatHours(5.24) == "5.2 h")
        #expect(TextReport.formatHours(0.5) == "30 min")
        #expect(TextReport.formatHours(.infinity) == "never")
        #expect(TextReport.formatHours(.nan) == "n/a")
    }
}
