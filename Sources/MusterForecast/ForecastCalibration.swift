import Foundation
import MusterEngine
import MusterModel
import MusterNumerics

/// Are the forecast's 80 % intervals right? Orders simulated from the
/// scenario stand in for real ones: each is cut where a share of its
/// micro-grids is done, forecast from that log, and its 10–90 % interval
/// checked against the order's true completion (docs/validation.md).
public enum ForecastCalibration {
    /// One synthetic order cut at one share done.
    public struct Case: Sendable, Equatable {
        public var order: Int
        public var fraction: Double
        public var now: Double
        public var trueLastDone: Double
        public var trueOrderComplete: Double
        public var lastDone: ForecastSummary.Quantiles
        public var orderComplete: ForecastSummary.Quantiles

        public var coversLastDone: Bool { lastDone.p10 <= trueLastDone && trueLastDone <= lastDone.p90 }
        public var coversOrderComplete: Bool { orderComplete.p10 <= trueOrderComplete && trueOrderComplete <= orderComplete.p90 }
    }

    /// Coverage at one share done.
    public struct Row: Sendable, Equatable {
        public var fraction: Double
        public var cases: Int
        public var coveredLastDone: Int
        public var coveredOrderComplete: Int
        /// Counts consistent with 80 % coverage: the central 95 % of
        /// Binomial(cases, 0.8).
        public var acceptLow: Int
        public var acceptHigh: Int
        public var medianWidthLastDone: Double
        public var medianWidthOrderComplete: Double

        public var lastDoneConsistent: Bool { (acceptLow...acceptHigh).contains(coveredLastDone) }
        public var orderCompleteConsistent: Bool { (acceptLow...acceptHigh).contains(coveredOrderComplete) }
    }

    /// The seed the synthetic orders are drawn with: not the forecast's.
    public static func truthSeed(_ seed: UInt64) -> UInt64 { StreamKey(seed: seed).child(0x7407).value }

    /// Simulates `orders` orders of `scenario` in `mode`, cuts each at
    /// every share of `fractions`, and forecasts each cut with
    /// `replications` replications.
    public static func run(scenario: Scenario, mode: Mode, orders: Int, replications: Int,
                           fractions: [Double] = [0.25, 0.5, 0.75], maxTries: Int = 100, threads: Int,
                           progress: (@Sendable (Int) -> Void)? = nil) -> [Case] {
        GSLRuntime.configure()
        var truthScenario = scenario
        truthScenario.seed = truthSeed(scenario.seed)
        let truthCompiled = CompiledScenario(truthScenario)
        var cases: [Case] = []
        for i in 0..<orders {
            let truth = Experiment.replicate(truthCompiled, replication: i, mode: mode)
            let sorted = truth.microgridDone.sorted()
            for f in fractions {
                let k = max(1, Int((f * Double(sorted.count)).rounded(.up)))
                let now = sorted[k - 1]
                var s = scenario
                s.seed = scenario.seed &+ UInt64(i)
                let setup = ForecastSetup(scenario: s, mode: mode, observation: OrderObservation(truth, at: now),
                                          replications: replications, maxTries: maxTries)
                let runs = ForecastRun.run(setup, threads: threads)
                cases.append(Case(order: i, fraction: f, now: now, trueLastDone: sorted.last ?? 0,
                                  trueOrderComplete: truth.orderComplete,
                                  lastDone: .init(runs.map(\.lastDone)), orderComplete: .init(runs.map(\.orderComplete))))
            }
            progress?(i + 1)
        }
        return cases
    }

    /// Coverage and median width per share done.
    public static func rows(_ cases: [Case]) -> [Row] {
        let fractions = Array(Set(cases.map(\.fraction))).sorted()
        return fractions.map { f in
            let c = cases.filter { $0.fraction == f }
            let (lo, hi) = binomialRange(n: c.count, p: 0.8, level: 0.95)
            return Row(fraction: f, cases: c.count,
                       coveredLastDone: c.filter(\.coversLastDone).count,
                       coveredOrderComplete: c.filter(\.coversOrderComplete).count,
                       acceptLow: lo, acceptHigh: hi,
                       medianWidthLastDone: median(c.map { $0.lastDone.p90 - $0.lastDone.p10 }),
                       medianWidthOrderComplete: median(c.map { $0.orderComplete.p90 - $0.orderComplete.p10 }))
        }
    }

    static func median(_ x: [Double]) -> Double {
        let s = x.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// The central `level` range of Binomial(n, p): the least `low` and
    /// the greatest `high` with P(X < low) ≤ (1 − level)/2 and
    /// P(X > high) ≤ (1 − level)/2.
    public static func binomialRange(n: Int, p: Double, level: Double) -> (Int, Int) {
        guard n > 0 else { return (0, 0) }
        let tail = (1 - level) / 2
        let pmf = (0...n).map { k -> Double in
            exp(lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
                + Double(k) * log(p) + Double(n - k) * log1p(-p))
        }
        var low = 0, below = 0.0
        while low < n && below + pmf[low] <= tail { below += pmf[low]; low += 1 }
        var high = n, above = 0.0
        while high > 0 && above + pmf[high] <= tail { above += pmf[high]; high -= 1 }
        return (low, high)
    }

    /// `coverage.csv`: one line per case.
    public static func csv(_ cases: [Case]) -> String {
        var s = "order,fraction,now_hours,true_last_done,last_done_p10,last_done_p50,last_done_p90,true_order_complete,order_complete_p10,order_complete_p50,order_complete_p90\n"
        for c in cases {
            let v: [Double] = [c.fraction, c.now, c.trueLastDone, c.lastDone.p10, c.lastDone.p50, c.lastDone.p90,
                               c.trueOrderComplete, c.orderComplete.p10, c.orderComplete.p50, c.orderComplete.p90]
            s += "\(c.order)," + v.map { "\($0)" }.joined(separator: ",") + "\n"
        }
        return s
    }

    /// The coverage table as Markdown (docs/validation.md).
    public static func table(_ rows: [Row], mode: Mode) -> String {
        func pct(_ k: Int, _ n: Int) -> String { String(format: "%.1f %%", 100 * Double(k) / Double(max(n, 1))) }
        var s = "| mode | done at cut | orders | last done covered | order complete covered | consistent with 80 % (95 % binomial range) | median 80 % width, last done (h) | median width, order complete (h) |\n"
        s += "|---|---|---|---|---|---|---|---|\n"
        for r in rows {
            s += "| \(mode.rawValue) | \(Int((100 * r.fraction).rounded())) % | \(r.cases) "
            s += "| \(r.coveredLastDone) (\(pct(r.coveredLastDone, r.cases))) \(r.lastDoneConsistent ? "✓" : "✗") "
            s += "| \(r.coveredOrderComplete) (\(pct(r.coveredOrderComplete, r.cases))) \(r.orderCompleteConsistent ? "✓" : "✗") "
            s += "| \(r.acceptLow)–\(r.acceptHigh) "
            s += String(format: "| %.2f | %.2f |\n", r.medianWidthLastDone, r.medianWidthOrderComplete)
        }
        return s
    }
}
