import Testing
import MusterModel
import MusterTestSupport
@testable import MusterStats

@Suite struct RunSummaryTests {
    @Test func comparisonIsPairedByReplication() {
        // Tiered 10, 20, 40 against p2p 5, 10, 10: diffs 5, 10, 30; ratios 2, 2, 4.
        // p2p is handed over out of order: pairing by position would give
        // ratios 1, 4, 4 (mean 3) and diffs with sd 15 instead of √175.
        let tiered = [result(.tiered, 0, order: 10), result(.tiered, 1, order: 20), result(.tiered, 2, order: 40)]
        let p2p = [result(.p2p, 2, order: 10), result(.p2p, 0, order: 5), result(.p2p, 1, order: 10)]
        let s = RunSummary(scenario: "t", seed: 1, version: "0.0.0", results: [.tiered: tiered, .p2p: p2p])
        let c = try! #require(s.comparison)
        #expect(close(c.orderCompleteDiff.mean, 15))
        #expect(close(c.orderCompleteRatio.mean, 8.0 / 3))
        // diffs 5, 10, 30: sd = √175 (Σ(d − 15)² = 350, / 2); t(0.975, 2) = 4.302653.
        let half = 4.302653 * 175.0.squareRoot() / 3.0.squareRoot()
        #expect(close(c.orderCompleteDiff.ci95High, 15 + half, 1e-4))
        // ratios 2, 2, 4: Σ(r − 8/3)² = 8/3, / 2 → sd² = 4/3.
        let rHalf = 4.302653 * (4.0 / 3).squareRoot() / 3.0.squareRoot()
        #expect(close(c.orderCompleteRatio.ci95Low, 8.0 / 3 - rHalf, 1e-4))
        #expect(c.orderCompleteDiff.count == 3)
    }

    @Test func comparisonOnlyWhenBothModesRan() {
        let s = RunSummary(scenario: "t", seed: 1, version: "0", results: [.p2p: [result(.p2p, 0, order: 3)]])
        #expect(s.comparison == nil)
        #expect(s.modesRun == [.p2p])
        #expect(s.modes[.tiered] == nil)
    }

    @Test func modeFiguresAreMeansPerReplication() {
        let runs = [
            result(.tiered, 0, order: 10, field: 8, notified: [1, 3], done: [4, 6], households: 100, visited: 90,
                   unreached: 10, attempts: 120, events: 1000, busy: [1, 2, 3, 4, 5]),
            result(.tiered, 1, order: 14, field: 12, notified: [2, 4, 6], done: [5, 7, 9], households: 110,
                   visited: 95, unreached: 15, attempts: 130, events: 3000, busy: [3, 2, 1, 0, 5]),
        ]
        let s = RunSummary(scenario: "t", seed: 1, version: "0", results: [.tiered: runs])
        let m = try! #require(s.modes[.tiered])
        #expect(m.replications == 2)
        #expect(m.orderComplete.mean == 12 && m.fieldComplete.mean == 10)
        #expect(m.households == HouseholdMeans(total: 105, visited: 92.5, unreached: 12.5, attempts: 125))
        #expect(m.events == 2000)
        #expect(m.busyHoursByLevel[.city] == 2 && m.busyHoursByLevel[.community] == 2 && m.busyHoursByLevel[.grid] == 5)
        // Pooled over five micro-grids: 1, 2, 3, 4, 6 → mean 3.2, median 3.
        #expect(m.notified.count == 5)
        #expect(close(m.notified.mean, 3.2) && m.notified.p50 == 3)
        // Interval over replication means 2 and 4 → centred on 3, not 3.2.
        #expect(close((m.notified.ci95Low + m.notified.ci95High) / 2, 3))
        #expect(m.microgridDone.max == 9)
    }

    @Test func coverageMedianAndBandOnHandBuiltCurves() {
        // Three curves of three points (0 %, 50 %, 100 %), reaching 100 % at 2, 4, 6 h.
        let runs = [result(.p2p, 0, order: 1, coverage: [0, 1, 2]),
                    result(.p2p, 1, order: 1, coverage: [0, 2, 4]),
                    result(.p2p, 2, order: 1, coverage: [0, 3, 6])]
        let curve = CoverageCurve(results: runs, endHour: 6, points: 7)
        #expect(curve.hours == [0, 1, 2, 3, 4, 5, 6])
        // At 2 h the shares are 1, 0.5 and 0.
        #expect(curve.median[2] == 0.5)
        #expect(close(curve.p10[2], 0.1) && close(curve.p90[2], 0.9))
        // At 1 h: 0.5, 0, 0 → median 0; at 6 h everyone is done.
        #expect(curve.median[1] == 0)
        #expect(curve.median[6] == 1 && curve.p10[6] == 1)
        #expect(CoverageCurve.endHour(of: runs) == 6)
    }

    @Test func modesShareOneCoverageGridEndingAtTheLatestFiniteTime() {
        let tiered = [result(.tiered, 0, order: 1, coverage: [0, 3, 9, .infinity])]
        let p2p = [result(.p2p, 0, order: 1, coverage: [0, 1, 2, 5])]
        let s = RunSummary(scenario: "t", seed: 1, version: "0", results: [.tiered: tiered, .p2p: p2p])
        let a = try! #require(s.modes[.tiered]?.coverage), b = try! #require(s.modes[.p2p]?.coverage)
        #expect(a.hours == b.hours)
        #expect(a.hours.count == CoverageCurve.defaultPoints)
        #expect(a.hours.first == 0 && a.hours.last == 9)
        // Tiered never reaches 100 %: two thirds at the end.
        #expect(close(a.median.last!, 2.0 / 3) && b.median.last == 1)
    }

    @Test func emptyModeDoesNotCrash() {
        let s = RunSummary(scenario: "t", seed: 1, version: "0", results: [.tiered: [], .p2p: []])
        #expect(s.replications == 0)
        #expect(s.modes[.tiered]?.orderComplete.mean.isNaN == true)
        #expect(s.comparison?.orderCompleteDiff.count == 0)
        _ = TextReport.render(s)
        _ = s.json.serialized()
    }
}
