import Foundation
import Testing
import MusterEngine
import MusterModel
@testable import MusterStats

/// The gate's decisions on synthetic samples whose truth is known.
@Suite struct GateTests {
    /// Replication values of both modes: lognormal around `order` hours
    /// (field at 90 % of it), relative sd `spread`, times `factor`.
    static func samples(_ stream: RandomStream, n: Int, factor: Double = 1, spread: Double = 0.05) -> [Mode: GateSample] {
        var out: [Mode: GateSample] = [:]
        for (mode, order) in [(Mode.tiered, 54.0), (.p2p, 8.0)] {
            let d = Distribution.lognormal(mean: order, sd: spread * order).sampler
            let o = (0..<n).map { _ in d.sample(stream) * factor }
            out[mode] = GateSample(orderComplete: o, fieldComplete: o.map { $0 * 0.9 })
        }
        return out
    }

    @Test func identicalValuesPassThroughTheExactLayer() {
        let s = Self.samples(RandomStream.sequential(key: 1), n: 50)
        let v = Gate.judge(baseline: s, now: s, sameDesign: true)
        #expect(v.outcome == .unchanged && v.layer == .exact)
        #expect(v.comparisons.isEmpty && v.outcome.exitCode == 0)
        #expect(v.differingReplications == [.tiered: 0, .p2p: 0])
    }

    /// The same values under another design (another seed) cannot be judged
    /// exactly; the statistical layer finds nothing.
    @Test func identicalValuesOfAnotherDesignPassStatistically() {
        let s = Self.samples(RandomStream.sequential(key: 2), n: 50)
        let v = Gate.judge(baseline: s, now: s, sameDesign: false)
        #expect(v.outcome == .pass && v.layer == .statistical)
        #expect(v.comparisons.count == 8)
        #expect(v.comparisons.allSatisfy { $0.test.pValue == 1 && $0.outcome == .notSignificant })
    }

    @Test func oneChangedReplicationLeavesTheExactLayer() {
        let s = Self.samples(RandomStream.sequential(key: 3), n: 50)
        var t = s
        t[.p2p]!.fieldComplete[7] += 1e-9
        let v = Gate.judge(baseline: s, now: t, sameDesign: true)
        #expect(v.layer == .statistical && v.outcome == .pass)
        #expect(v.differingReplications == [.tiered: 0, .p2p: 1])
    }

    /// A 10 % slowdown, 200 replications each: a regression, exit 1, in
    /// every comparison (all quantiles shift 10 %).
    @Test func tenPercentSlowerIsARegression() {
        let stream = RandomStream.sequential(key: 4)
        let base = Self.samples(stream, n: 200), now = Self.samples(stream, n: 200, factor: 1.1)
        let v = Gate.judge(baseline: base, now: now, sameDesign: false)
        #expect(v.outcome == .regression && v.outcome.exitCode == 1)
        #expect(v.comparisons.allSatisfy { $0.outcome == .regression })
        for c in v.comparisons { #expect(abs(c.test.change - 0.1) < 0.03, "\(c.name) \(c.test.change)") }
    }

    /// A 1 % slowdown with little noise is significant but within a 5 %
    /// tolerance: the gate passes and says so.
    @Test func smallSignificantShiftWithinTolerancePasses() {
        let stream = RandomStream.sequential(key: 5)
        let base = Self.samples(stream, n: 200, spread: 0.005)
        let now = Self.samples(stream, n: 200, factor: 1.01, spread: 0.005)
        let v = Gate.judge(baseline: base, now: now, sameDesign: false, settings: GateSettings(tolerance: 0.05))
        #expect(v.outcome == .pass)
        let p50 = v.comparisons.filter { $0.test.quantile == 0.5 }
        #expect(p50.allSatisfy { $0.significant && $0.outcome == .withinTolerance })
        // With no tolerance the same data fail the gate.
        let strict = Gate.judge(baseline: base, now: now, sameDesign: false, settings: GateSettings(tolerance: 0))
        #expect(strict.outcome == .regression)
    }

    @Test func tenPercentFasterIsAnImprovementNotAFailure() {
        let stream = RandomStream.sequential(key: 6)
        let base = Self.samples(stream, n: 200), now = Self.samples(stream, n: 200, factor: 0.9)
        let v = Gate.judge(baseline: base, now: now, sameDesign: false)
        #expect(v.outcome == .improvement && v.outcome.exitCode == 0)
    }

    /// Orders that never complete in the new run are the worst regression.
    @Test func neverCompletingIsARegression() {
        let stream = RandomStream.sequential(key: 7)
        let base = Self.samples(stream, n: 100)
        var now = Self.samples(stream, n: 100)
        for i in 0..<60 { now[.p2p]!.orderComplete[i] = .infinity }
        let v = Gate.judge(baseline: base, now: now, sameDesign: false)
        #expect(v.outcome == .regression)
        let bad = v.comparisons.first { $0.mode == .p2p && $0.metric == .orderComplete && $0.test.quantile == 0.5 }!
        #expect(bad.outcome == .regression && bad.test.now == .infinity)
    }

    /// No change, different seeds, no tolerance at all: the family-wise
    /// false-alarm rate over the 8 comparisons is at most α (here 5 %, so a
    /// few hundred trials can show it), within 4 binomial standard errors.
    @Test func familyWiseFalseAlarmsStayBelowAlpha() {
        let stream = RandomStream.sequential(key: 8)
        let settings = GateSettings(tolerance: 0, alpha: 0.05)
        let trials = 400
        var alarms = 0
        for _ in 0..<trials {
            let v = Gate.judge(baseline: Self.samples(stream, n: 40), now: Self.samples(stream, n: 40),
                               sameDesign: false, settings: settings, intervals: false)
            if v.outcome == .regression || v.outcome == .improvement { alarms += 1 }
        }
        let se = (0.05 * 0.95 / Double(trials)).squareRoot()
        #expect(Double(alarms) / Double(trials) <= 0.05 + 4 * se, "\(alarms) of \(trials)")
    }

    /// Holm by hand: sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 =
    /// 0.02, 0.03, 0.06, 0.04, then non-decreasing: 0.02, 0.03, 0.06, 0.06.
    @Test func holmAdjustment() {
        let a = Gate.holm([0.01, 0.04, 0.03, 0.005])
        for (x, y) in zip(a, [0.03, 0.06, 0.06, 0.02]) { #expect(close(x, y, 1e-15)) }
        #expect(Gate.holm([0.5, 0.9]) == [1, 1])
        #expect(Gate.holm([]) == [])
    }

    @Test func reportNamesTheRegressionAndItsEvidence() throws {
        let stream = RandomStream.sequential(key: 9)
        let base = Self.samples(stream, n: 200), now = Self.samples(stream, n: 200, factor: 1.1)
        let v = Gate.judge(baseline: base, now: now, sameDesign: true)
        let b = Baseline(musterVersion: "0.1.0", scenario: "s", scenarioFile: "s.yaml", scenarioSHA256: String(repeating: "a", count: 64),
                         seed: 1, replications: 200, overrides: [], samples: base)
        let c = GateContext(scenario: "s", scenarioFile: "s.yaml", baselineFile: "b.json", baseline: b, musterVersion: "0.1.0",
                            scenarioSHA256: String(repeating: "b", count: 64), seed: 1, replications: 200, overrides: [],
                            modes: [.tiered, .p2p], warnings: [])
        let text = GateReport.text(v, c)
        #expect(text.contains("REGRESSION: tiered order complete p50 rose"))
        #expect(text.contains("Exit code 1."))
        #expect(text.contains("p (Holm)"))
        let json = GateReport.json(v, c)
        #expect(json["verdict"] == .string("regression") && json["exit_code"] == .int(1))
        #expect(json["scenario_changed"] == .bool(true))
        guard case .array(let rows)? = json["comparisons"] else { Issue.record("no comparisons"); return }
        #expect(rows.count == 8)
        #expect(rows[0].keys == ["mode", "metric", "quantile", "baseline", "now", "change", "change_ci95", "above",
                                 "above_expected", "z", "p_value", "p_adjusted", "min_p_value", "significant",
                                 "beyond_tolerance", "can_be_significant", "outcome"])
    }
}
