import Testing
import MusterModel
import MusterTestSupport
@testable import MusterStats

/// A mixed point-to-point run reports the teams on the app and those off
/// it apart, as well as the whole.
@Suite struct ChannelSummaryTests {
    static func mixed() -> [ReplicationResult] {
        var a = result(.p2p, 0, order: 6, notified: [0.1, 1.0, 0.2], done: [2, 5, 3])
        a.appTeam = [true, false, true]
        a.reassignments = 4
        var b = result(.p2p, 1, order: 7, notified: [0.3, 2.0], done: [4, 6])
        b.appTeam = [true, false]
        return [a, b]
    }

    @Test func groupsByHand() {
        let m = ModeSummary(mode: .p2p, results: Self.mixed(), coverageEnd: 1)
        let app = try! #require(m.channels[.app]), relay = try! #require(m.channels[.relay])
        #expect(app.microgrids == 1.5 && relay.microgrids == 1)
        #expect(close(app.notified.p50, 0.2) && app.notified.count == 3)
        #expect(app.microgridDone.min == 2 && app.microgridDone.max == 4)
        // The group's last micro-grid per replication: 3 and 4; relay 5 and 6.
        #expect(app.complete.mean == 3.5 && relay.complete.mean == 5.5)
        #expect(relay.notified.mean == 1.5)
        #expect(m.isMixed)
        #expect(m.reassignments == 2)
        // The whole is still every micro-grid.
        #expect(m.microgridDone.count == 5)
    }

    /// Results without the per-team flag fall back on the mode: every team
    /// of tiered relay got the order by relay.
    @Test func tieredIsAllRelay() {
        let m = ModeSummary(mode: .tiered, results: [result(.tiered, 0, order: 9, done: [1, 2])], coverageEnd: 1)
        #expect(m.channels[.relay]!.microgrids == 2 && m.channels[.app]!.microgrids == 0)
        #expect(m.channels[.app]!.complete.count == 0)
        #expect(!m.isMixed)
    }

    @Test func jsonAndTableShowBothGroups() {
        let s = RunSummary(scenario: "t", seed: 1, version: "0",
                           results: [.p2p: Self.mixed(), .tiered: [result(.tiered, 0, order: 9)]])
        let p2p = s.json["modes"]!["p2p"]!
        #expect(p2p["channels"]!.keys == ["app", "relay"])
        #expect(p2p["channels"]!["app"]!.keys == ["microgrids", "notified_hours", "microgrid_done_hours", "complete_hours"])
        #expect(p2p["reassignments"] == .number(2))
        let table = TextReport.render(s)
        #expect(table.contains("Teams on the app\n") && table.contains("Teams off the app (relay)\n"))
        #expect(table.contains("moves per replication"))
        // A plain run shows neither block.
        let plain = TextReport.render(RunSummary(scenario: "t", seed: 1, version: "0",
                                                 results: [.p2p: [result(.p2p, 0, order: 1)]]))
        #expect(!plain.contains("Teams on the app") && !plain.contains("Rebalancing"))
    }
}
