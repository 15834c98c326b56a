import Foundation
import MusterABC
import MusterDrill
import MusterEngine
import MusterModel
import MusterScenario
import Testing
@testable import MusterCalibrate

enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let district = root.appendingPathComponent("scenarios/drill/district.yaml").path

    static func load(_ overrides: [String] = []) -> Result<Scenario, CalibrationInputError> {
        do throws(ScenarioError) { return .success(try ScenarioLoader.load(path: district, overrides: overrides)) } catch {
            return .failure(CalibrationInputError(error.description))
        }
    }
}

@Suite struct CalibrationParameterTests {
    @Test func rangesLawsAndTiedPaths() throws {
        let a = try CalibrationParameter.parse("field.visit.mean=3..15m").get()
        #expect(a.paths == ["field.visit.mean"] && a.unit == "m" && a.prior == Prior(.uniform(low: 3, high: 15)))
        #expect(a.column == "field.visit.mean[m]" && a.text(9.5) == "9.5m")
        let b = try CalibrationParameter.parse("p2p.ack.on_duty.mean,p2p.ack.off_duty.mean={dist: lognormal, mean: 20, sd: 10, min: 5, max: 60, unit: m}").get()
        #expect(b.paths.count == 2 && b.prior == Prior(.lognormal(mean: 20, sd: 10), lower: 5, upper: 60))
        #expect(try CalibrationParameter.parse("field.not_home=0.05..0.45").get().unit == nil)
        for bad in ["field.visit.mean", "field.visit.mean=15..3m", "x=1m..2h", "a,,b=1..2", "a={dist: normal, mean: 1, sd: 1}",
                    "a={dist: weird, min: 1, max: 2}", "a={dist: uniform, min: 1}", "a={dist: uniform, min: 1, max: 2, colour: red}", "a,a=1..2"] {
            if case .success = CalibrationParameter.parse(bad) { Issue.record("accepted \(bad)") }
        }
    }
}

@Suite struct ScenarioKnobTests {
    @Test func aKnobSetsWhatSetWouldSet() throws {
        let base = try Repo.load().get()
        for (text, value, override) in [("field.visit.mean=3..15m", 9.25, "field.visit.mean=9.25m"),
                                         ("field.not_home=0.05..0.45", 0.3, "field.not_home=0.3"),
                                         ("tiered.default.handle.mean=1..5h", 2.5, "tiered.default.handle.mean=2.5h"),
                                         ("p2p.ack.on_duty.sd=1..30m", 7, "p2p.ack.on_duty.sd=7m")] {
            let p = try CalibrationParameter.parse(text).get()
            let knob = try ScenarioKnob.make(path: p.paths[0], parameter: p, base: base, load: { Repo.load($0) }).get()
            var mine = base
            knob.apply(value, to: &mine)
            let theirs = try Repo.load([override]).get()
            #expect(ScenarioKnob.close(mine, theirs, knob), "\(text)")
        }
    }

    @Test func refusedPathsSayWhy() throws {
        let base = try Repo.load().get()
        for text in ["field.hours=1..2", "field.not_home=0.5..1.5", "nosuch.key=1..2"] {
            let p = try CalibrationParameter.parse(text).get()
            if case .success = ScenarioKnob.make(path: p.paths[0], parameter: p, base: base, load: { Repo.load($0) }) {
                Issue.record("accepted \(text)")
            }
        }
    }
}

@Suite struct DrillSummariesTests {
    @Test func quantilesCensoringAndBreakdownByHand() throws {
        let units = [FixedUnit(id: "city", level: .city, parent: -1), FixedUnit(id: "s1", level: .street, parent: 0),
                     FixedUnit(id: "s2", level: .street, parent: 0)]
            + (0..<5).map { FixedUnit(id: "m\($0)", level: .microgrid, parent: $0 < 3 ? 1 : 2) }
        let layout = try DrillLayout(units: units)
        // Done at 1, 2, 3, 4 and one not done by hour 10.
        let log = DrillLog(microgridIds: layout.microgridIds, notified: [0.5, 0.5, 1, 1, 2], done: [1, 2, 3, 4, .nan],
                           observedUntil: 10)
        let s = DrillSummaries(observed: log, layout: layout)
        #expect(s.names == ["done_q10", "done_q25", "done_q50", "done_q75", "done_q90",
                            "notified_q10", "notified_q25", "notified_q50", "notified_q75", "notified_q90",
                            "field_q50", "field_q90", "share_done", "street_1_done_q50", "street_2_done_q50"])
        // Type-7 quantiles of (1, 2, 3, 4, ∞): h = 4p; the 90 % falls among
        // the not-done, so it is the log's end.
        #expect(Array(s.observed[0..<5]) == [1.4, 2, 3, 4, 10])
        #expect(Array(s.observed[5..<10]) == [0.5, 0.5, 1, 1, 1.6])
        // Field times 0.5, 1.5, 2, 3: median 1.75, 90 % 2.7.
        #expect(abs(s.observed[10] - 1.75) < 1e-12 && abs(s.observed[11] - 2.7) < 1e-12)
        #expect(s.observed[12] == 0.8)
        // Street 1: 1, 2, 3 → 2; street 2: 4, ∞ → halfway is the end.
        #expect(s.observed[13] == 2 && s.observed[14] == 10)
    }
}

/// Recovery on a simulated drill: the district of scenarios/drill, its
/// p2p log simulated with a known visit time, calibrated on that one
/// parameter.
@Suite struct RecoveryTests {
    @Test func visitTimeIsRecoveredWithANarrowInterval() throws {
        var base = try Repo.load().get()
        base.seed = 99
        let layout = try DrillLayout(base)
        let p = try CalibrationParameter.parse("field.visit.mean=3..15m").get()
        let knob = try ScenarioKnob.make(path: p.paths[0], parameter: p, base: base, load: { Repo.load($0) }).get()
        let truth = 9.0
        var truthScenario = base
        knob.apply(truth, to: &truthScenario)
        let log = DrillLog(simulated: Experiment.replicate(CompiledScenario(truthScenario), replication: 0, mode: .p2p), layout: layout)
        let problem = CalibrationProblem(base: base, mode: .p2p, parameters: [p], knobs: [[knob]], layout: layout, observed: log)
        let state = problem.abc(ABCSettings(populationSize: 100, maxGenerations: 7, seed: 3))
            .run(threads: 2) { problem.simulatedSummaries($0, seed: $1) }
        let post = state.populations.last!
        let lo = post.quantile(0, 0.025), hi = post.quantile(0, 0.975)
        #expect(lo <= truth && truth <= hi, "95 % interval \(lo)–\(hi)")
        #expect(hi - lo <= (15 - 3) / 3.0, "interval \(lo)–\(hi) wider than a third of the prior's")
    }
}
