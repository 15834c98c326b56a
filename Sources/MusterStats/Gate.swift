import MusterModel

/// How the regression gate judges a statistical difference.
public struct GateSettings: Sendable, Equatable {
    /// The smallest relative change worth failing CI for (0.02 = 2 %).
    public var tolerance: Double
    /// Family-wise false-alarm rate over all comparisons (Holm).
    public var alpha: Double
    /// Quantiles compared, 0…1 (p50 and p95 by default).
    public var quantiles: [Double]
    public var metrics: [GateMetric]

    /// The defaults of `muster check`: 2 % tolerance (README, "Regression
    /// gate": a 10 % longer visit moves Beilun's point-to-point median by
    /// about 2.6 %), 1 % family-wise, p50 and p95 of order and field
    /// completion.
    public init(tolerance: Double = 0.02, alpha: Double = 0.01, quantiles: [Double] = [0.5, 0.95],
                metrics: [GateMetric] = GateMetric.allCases) {
        self.tolerance = tolerance; self.alpha = alpha; self.quantiles = quantiles; self.metrics = metrics
    }
}

/// One mode, measure and quantile, baseline against now.
public struct GateComparison: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        /// Significantly higher, by more than the tolerance: fails the gate.
        case regression
        /// Significantly lower, by more than the tolerance: reported.
        case improvement
        /// Significant, but the change is within the tolerance.
        case withinTolerance = "within_tolerance"
        /// Not significant after the multiplicity adjustment.
        case notSignificant = "not_significant"
    }

    public var mode: Mode
    public var metric: GateMetric
    public var test: QuantileComparison
    /// Holm-adjusted p-value over every comparison of the check.
    public var pAdjusted: Double
    public var significant: Bool
    public var beyondTolerance: Bool
    /// False when even the most extreme data could not be significant with
    /// these sample sizes (the smallest p-value they allow exceeds α / k).
    public var canBeSignificant: Bool
    public var outcome: Outcome

    /// "p2p order complete p50".
    public var name: String { "\(mode.rawValue) \(metric.label) \(GateComparison.quantileName(test.quantile))" }

    /// "p50", "p95", "p99.9".
    public static func quantileName(_ q: Double) -> String {
        let pct = q * 100
        return "p" + (pct == pct.rounded() ? String(Int(pct)) : String(pct))
    }
}

/// What the gate decided.
public struct GateVerdict: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        /// Exact layer: every replication value equals the baseline's.
        case unchanged
        /// Values differ; nothing rose significantly beyond the tolerance,
        /// nothing fell so either.
        case pass
        /// Something fell significantly beyond the tolerance, nothing rose.
        case improvement
        /// Something rose significantly beyond the tolerance.
        case regression

        /// 0 for every outcome but a regression (1).
        public var exitCode: Int32 { self == .regression ? 1 : 0 }
    }

    public enum Layer: String, Sendable {
        case exact, statistical
    }

    public var outcome: Outcome
    public var layer: Layer
    /// Whether the run could reproduce the baseline exactly: same seed,
    /// replications and modes.
    public var sameDesign: Bool
    /// With `sameDesign`, replications whose order or field completion
    /// differs from the baseline's, per mode.
    public var differingReplications: [Mode: Int]
    /// Empty in the exact layer.
    public var comparisons: [GateComparison]
    public var settings: GateSettings
}

/// The regression gate of `muster check`, in two layers.
///
/// 1. **Exact.** The simulator is deterministic: with the baseline's seed,
///    replications and modes, an unchanged model and scenario reproduce
///    every replication value bit for bit. Identical values mean
///    "unchanged" — no statistics, no false alarm possible.
/// 2. **Statistical.** Otherwise (a change on purpose, or another seed)
///    every mode × measure × quantile is compared with `QuantileComparison`
///    (exact two-sample quantile test, unpaired). The p-values are adjusted
///    by Holm's method so the chance of any false alarm, over all k
///    comparisons, is at most α. A comparison is a **regression** when it
///    is significant after adjustment, the new quantile is higher, and it
///    rose by more than the tolerance: a significant but tiny shift does
///    not fail CI. Falls of the same kind are **improvements**, reported,
///    never failed.
///
/// Unpaired on purpose: a new run with the baseline's seed shares common
/// random numbers with it, and its values are positively correlated with
/// the baseline's, which makes an unpaired test conservative (it sees more
/// noise than there is), never too eager; with another seed, the samples
/// are independent and the test is exact.
public enum Gate {
    /// Judges `now` against `baseline` (the modes they share). `sameDesign`:
    /// same seed, replications and modes, so the exact layer applies.
    /// `intervals: false` leaves the intervals of the changes out (NaN); they
    /// do not enter the decision, and error-rate trials need only decisions.
    public static func judge(baseline: [Mode: GateSample], now: [Mode: GateSample], sameDesign: Bool,
                             settings: GateSettings = GateSettings(), intervals: Bool = true) -> GateVerdict {
        let modes = Mode.allCases.filter { baseline[$0] != nil && now[$0] != nil }
        var differing: [Mode: Int] = [:]
        if sameDesign {
            for mode in modes {
                let b = baseline[mode]!, n = now[mode]!
                differing[mode] = zip(zip(b.orderComplete, b.fieldComplete), zip(n.orderComplete, n.fieldComplete))
                    .count { $0.0 != $1.0 || $0.1 != $1.1 }
                    + abs(b.count - n.count)
            }
            if differing.values.allSatisfy({ $0 == 0 }) {
                return GateVerdict(outcome: .unchanged, layer: .exact, sameDesign: true,
                                   differingReplications: differing, comparisons: [], settings: settings)
            }
        }
        var tests: [(Mode, GateMetric, QuantileComparison)] = []
        for mode in modes {
            for metric in settings.metrics {
                let b = baseline[mode]![metric], n = now[mode]![metric]
                guard !b.isEmpty, !n.isEmpty else { continue }
                for q in settings.quantiles {
                    tests.append((mode, metric, QuantileComparison(baseline: b, now: n, quantile: q, interval: intervals)))
                }
            }
        }
        let adjusted = holm(tests.map(\.2.pValue))
        let k = Double(max(1, tests.count))
        let comparisons = zip(tests, adjusted).map { t, p in
            let test = t.2
            let significant = p < settings.alpha
            let up = Double(test.above) > test.aboveExpected
            let beyond = test.change.isNaN ? false : abs(test.change) > settings.tolerance
            let outcome: GateComparison.Outcome
            if !significant {
                outcome = .notSignificant
            } else if !beyond {
                outcome = .withinTolerance
            } else if up && test.change > 0 {
                outcome = .regression
            } else if !up && test.change < 0 {
                outcome = .improvement
            } else {
                // The test and the point estimate disagree on the direction
                // (possible only with heavy ties): no verdict either way.
                outcome = .withinTolerance
            }
            return GateComparison(mode: t.0, metric: t.1, test: test, pAdjusted: p, significant: significant,
                                  beyondTolerance: beyond, canBeSignificant: test.minimumPValue < settings.alpha / k,
                                  outcome: outcome)
        }
        let overall: GateVerdict.Outcome =
            comparisons.contains { $0.outcome == .regression } ? .regression
            : comparisons.contains { $0.outcome == .improvement } ? .improvement : .pass
        return GateVerdict(outcome: overall, layer: .statistical, sameDesign: sameDesign,
                           differingReplications: differing, comparisons: comparisons, settings: settings)
    }

    /// Holm's step-down adjustment (Holm 1979): the i-th smallest of k
    /// p-values is multiplied by k − i + 1, made non-decreasing in that
    /// order, and capped at 1. Rejecting where the adjusted p-value is below
    /// α keeps the family-wise error rate at most α under any dependence
    /// between the tests.
    public static func holm(_ p: [Double]) -> [Double] {
        let k = p.count
        let order = p.indices.sorted { (p[$0], $0) < (p[$1], $1) }
        var adjusted = [Double](repeating: 1, count: k)
        var running = 0.0
        for (i, index) in order.enumerated() {
            running = max(running, min(1, Double(k - i) * p[index]))
            adjusted[index] = running
        }
        return adjusted
    }
}
