import Foundation
import Testing
import MusterEngine
import MusterModel
import MusterStats
import MusterTestSupport
@testable import MusterCompare

@Suite struct ComparisonTests {
    static func scenario(_ label: String, _ results: [Mode: [ReplicationResult]],
                         layout: LayoutSpec = LayoutSpec(source: .fanout([:]), households: .fixed(5))) -> ComparedScenario {
        var key = LayoutKey(CompareFixture.scenario)
        key.layout = layout
        return ComparedScenario(label: label, file: "\(label).yaml", overrides: [], layoutKey: key,
                                summary: RunSummary(scenario: label, seed: 1, version: "0", results: results),
                                results: results)
    }

    /// Baseline 10, 12, 14, 16 h against 8, 9, 11, 12 h: differences −2,
    /// −3, −3, −4 (mean −3, sd √(2/3)), t(0.975, 3) = 3.182446 → half-width
    /// 3.182446·√(2/3)/2 = 1.299228. The scenario's results are handed over
    /// out of order and with an extra replication the baseline lacks.
    @Test func pairedDifferenceByHand() {
        let base = [10.0, 12, 14, 16].enumerated().map { result(.p2p, $0.offset, order: $0.element, unreached: 2) }
        var other = [8.0, 9, 11, 12].enumerated().map { result(.p2p, $0.offset, order: $0.element, unreached: 3) }
        other.reverse()
        other.append(result(.p2p, 9, order: 1))
        let d = PairedDifference(scenario: "b", baseline: "a", mode: .p2p, pairing: .commonRandomNumbers,
                                 scenarioResults: other, baselineResults: base)
        #expect(d.orderCompleteDiff.count == 4)
        #expect(close(d.orderCompleteDiff.mean, -3))
        let half = 3.182446 * (2.0 / 3).squareRoot() / 2
        #expect(close(d.orderCompleteDiff.ci95Low, -3 - half, 1e-5))
        #expect(close(d.orderCompleteDiff.ci95High, -3 + half, 1e-5))
        #expect(close(d.orderCompleteRatio.mean, (0.8 + 0.75 + 11.0 / 14 + 0.75) / 4))
        #expect(close(d.unreachedDiff.mean, 1) && close(d.unreachedDiff.ci95Low, 1))
        #expect(d.significant == true)
        #expect(d.verdict.hasPrefix("b vs a (p2p): order completion 22.9 % shorter (95 % CI "))
        #expect(d.verdict.contains("-3.0 h (95 % CI -4.3 to -1.7 h), significant"))
    }

    @Test func verdictsSayWhatTheIntervalsSay() {
        func verdict(_ base: [Double], _ other: [Double]) -> String {
            PairedDifference(scenario: "b", baseline: "a", mode: .tiered, pairing: .replicationIndex,
                             scenarioResults: other.enumerated().map { result(.tiered, $0.offset, order: $0.element) },
                             baselineResults: base.enumerated().map { result(.tiered, $0.offset, order: $0.element) }).verdict
        }
        // Differences +1, −1, +2, −1.5: the interval straddles zero.
        let mixed = verdict([10, 10, 10, 10], [11, 9, 12, 8.5])
        #expect(mixed.hasSuffix("not significant"), "\(mixed)")
        #expect(mixed.contains("% shorter to "), "\(mixed)")
        // Longer by about 50 % every time: differences 5, 5.1, 5.4.
        let longer = verdict([10, 10.5, 11], [15, 15.6, 16.4])
        #expect(longer.contains("% longer (95 % CI ") && longer.hasSuffix(", significant"), "\(longer)")
        #expect(verdict([3, 4], [3, 4]) == "b vs a (tiered): order completion identical in every replication")
        #expect(verdict([3], [4]).contains("one replication, no interval"))
        // Under an hour the difference is told in minutes: −0.5 h = −30 min.
        let minutes = verdict([2, 2.1, 2.2], [1.5, 1.6, 1.7])
        #expect(minutes.contains("-30.0 min (95 % CI "), "\(minutes)")
    }

    /// Every scenario after the first against it, in each mode; pairing
    /// named by whether the layouts are drawn alike.
    @Test func differencesCoverEveryPairAndMode() {
        let r: (Double) -> [Mode: [ReplicationResult]] = { x in
            [.tiered: [result(.tiered, 0, order: 40 * x), result(.tiered, 1, order: 50 * x)],
             .p2p: [result(.p2p, 0, order: 8 * x), result(.p2p, 1, order: 9 * x)]]
        }
        let other = LayoutSpec(source: .fanout([:]), households: .fixed(6))
        let c = Comparison(version: "0", seed: 5, replications: 2, modes: [.tiered, .p2p],
                           scenarios: [Self.scenario("a", r(1)), Self.scenario("b", r(0.5)),
                                       Self.scenario("c", r(2), layout: other)])
        #expect(c.differences.map { "\($0.scenario) \($0.mode.rawValue)" } == ["b tiered", "b p2p", "c tiered", "c p2p"])
        #expect(c.difference(of: "b", mode: .p2p)!.pairing == .commonRandomNumbers)
        #expect(c.difference(of: "c", mode: .p2p)!.pairing == .replicationIndex)
        #expect(close(c.difference(of: "b", mode: .tiered)!.orderCompleteRatio.mean, 0.5))
        #expect(c.difference(of: "a", mode: .p2p) == nil)
        let json = c.json
        #expect(json.keys == ["muster_version", "seed", "replications", "modes", "baseline", "scenarios", "differences"])
        #expect(json["baseline"] == .string("a"))
        guard case .array(let diffs) = json["differences"]!, case .array(let scenarios) = json["scenarios"]! else {
            Issue.record("arrays expected"); return
        }
        #expect(diffs.count == 4 && scenarios.count == 3)
        #expect(diffs[0].keys == ["scenario", "baseline", "mode", "pairing", "order_complete_diff_hours",
                                  "order_complete_ratio", "field_complete_diff_hours", "unreached_diff",
                                  "significant", "verdict"])
        #expect(scenarios[1]["summary"]?["modes"]?["p2p"]?["order_complete_hours"]?["mean"] == .number(4.25))
        let table = ComparisonReport.render(c)
        #expect(table.contains("A tiered") && table.contains("C p2p"))
        #expect(table.contains("c and a draw different layouts"))
    }

    /// The CDF file: each finite completion once, ascending, with i/n —
    /// n counting a replication that never completed.
    @Test func cdfAndReplicationFiles() {
        let runs: [Mode: [ReplicationResult]] = [.p2p: [result(.p2p, 0, order: 3), result(.p2p, 1, order: .infinity),
                                                       result(.p2p, 2, order: 1), result(.p2p, 3, order: 2)]]
        let c = Comparison(version: "0", seed: 5, replications: 4, modes: [.p2p],
                           scenarios: [Self.scenario("base, v1", runs), Self.scenario("b", runs)])
        let cdf = ComparisonCSV.completionCDF(c).split(separator: "\n").map(String.init)
        #expect(cdf[0] == "scenario,mode,order_complete_hours,share")
        #expect(Array(cdf[1...3]) == ["\"base, v1\",p2p,1,0.25", "\"base, v1\",p2p,2,0.5", "\"base, v1\",p2p,3,0.75"])
        #expect(cdf.count == 7)
        let reps = ComparisonCSV.replications(c).split(separator: "\n").map(String.init)
        #expect(reps[0] == "scenario," + CSVReports.replicationsHeader)
        #expect(reps.count == 9)
        #expect(reps[1].hasPrefix("\"base, v1\",0,p2p,3,"))
        #expect(reps[8].hasPrefix("b,3,p2p,2,"))
        let diffs = ComparisonCSV.differences(c).split(separator: "\n").map(String.init)
        #expect(diffs.count == 2)
        #expect(diffs[1].hasPrefix("b,\"base, v1\",p2p,common_random_numbers,0,0,0,1,1,1,"))
    }
}

/// A valid scenario value for `LayoutKey` (only its layout fields matter).
enum CompareFixture {
    static let scenario = Scenario(
        name: "x", start: WeekTime.parse("Mon 09:00")!, seed: 1, replications: 1,
        layout: LayoutSpec(source: .fanout([:]), households: .fixed(5)),
        team: TeamSpec(), field: FieldSpec(hours: .always, travel: .constant(0), visit: .constant(0),
                                           notHome: 0, revisitAfter: 0, maxAttempts: 1),
        tiered: TieredSpec(levels: [], perLevel: [:], teamNotify: .constant(0)),
        p2p: P2PSpec(dutyHours: .always, ackOnDuty: .constant(0), ackOffDuty: .constant(0),
                     pushFails: 0, teamNotify: .constant(0), sync: .constant(0)))
}
