import MusterModel
import MusterNumerics

/// How the regression gate judges a statistical difference.
public struct GateSettings: Sendable, Equatable {
    /// The smallest relative change worth failing CI for (0.02 = 2 %).
    public var tolerance: Double
    /// Family-wise false-alarm rate over all comparisons (Holm).
    public var alpha: Double
    /// Quantiles compared, 0…1 (p50 and p95 by default).
    public var quantiles: [Double]
    public var metrics: [GateMetric]

    /// The defaults of `muster check`: 2 % tolerance (docs/statistics.md,
    /// "The regression gate": a 10 % longer visit moves Beilun's point-to-point median by
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
    /// The interval of the relative change that inverts the same test at
    /// the level Holm's procedure tested this comparison at (see
    /// `Gate.intervalLevels`): it excludes 0 exactly when `significant`.
    /// NaN for an end the data cannot bound, or when not computed.
    public var intervalLow: Double = .nan
    public var intervalHigh: Double = .nan
    /// That level, e.g. 0.99875 for α = 1 % and 8 comparisons.
    public var intervalLevel: Double = .nan

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

        /// Exact layer, with the baseline's seed but another number of
        /// replications: a replication both ran differs from the
        /// baseline's. The values of the replications they share cannot be
        /// compared as independent samples, so this is a change, not judged
        /// statistically: exit 1.
        case changed

        /// 0 for every outcome but a regression or a change (1).
        public var exitCode: Int32 { self == .regression || self == .changed ? 1 : 0 }
    }

    public enum Layer: String, Sendable {
        case exact, statistical
    }

    public var outcome: Outcome
    public var layer: Layer
    /// Whether the run used the baseline's seed, so that replication i of
    /// both should be bit-identical if nothing changed.
    public var sameSeed: Bool
    /// With `sameSeed`: the replications both ran (the first n), per mode.
    public var sharedReplications: [Mode: Int] = [:]
    /// With `sameSeed`, replications among the shared ones whose order or
    /// field completion differs from the baseline's, per mode.
    public var differingReplications: [Mode: Int]
    /// With `sameSeed`, every shared value that differs, in mode,
    /// replication and measure order.
    public var differences: [GateDifference] = []
    /// Empty in the exact layer.
    public var comparisons: [GateComparison]
    public var settings: GateSettings

    /// Whether the baseline and the run have the same number of replications
    /// in every mode as well as the same seed: the design the statistical
    /// layer compares when values differ.
    public var sameDesign: Bool

    /// Statistical layer: whether any comparison could be significant with
    /// these sample sizes at all. When none could, the verdict says nothing
    /// and `muster check` refuses it (exit 2).
    public var judgeable: Bool { layer == .exact || comparisons.contains { $0.canBeSignificant } }
}

/// One value of a shared replication that differs from the baseline's.
public struct GateDifference: Sendable, Equatable {
    public var mode: Mode
    /// 0-based.
    public var replication: Int
    public var metric: GateMetric
    public var baseline: Double
    public var now: Double
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
    /// Judges `now` against `baseline` (the modes they share). `sameSeed`:
    /// the run used the baseline's seed, so the exact layer applies to the
    /// replications both ran (the first n of each). `intervals: false`
    /// leaves the intervals of the changes out (NaN); they do not enter the
    /// decision, and error-rate trials need only decisions.
    ///
    /// With the baseline's seed: if every shared value is identical, the
    /// verdict is `unchanged`. If one differs and the run has another number
    /// of replications than the baseline, the verdict is `changed` (exit 1):
    /// the shared replications are the same random draws, so testing them
    /// as independent samples would be wrong. With the same number, the
    /// statistical layer judges the change (unpaired: conservative).
    public static func judge(baseline: [Mode: GateSample], now: [Mode: GateSample], sameSeed: Bool,
                             settings: GateSettings = GateSettings(), intervals: Bool = true) -> GateVerdict {
        let modes = Mode.allCases.filter { baseline[$0] != nil && now[$0] != nil }
        let sameCounts = modes.allSatisfy { baseline[$0]!.count == now[$0]!.count }
        var differing: [Mode: Int] = [:], shared: [Mode: Int] = [:]
        var differences: [GateDifference] = []
        if sameSeed {
            for mode in modes {
                let b = baseline[mode]!, n = now[mode]!
                let count = min(b.count, n.count)
                shared[mode] = count
                var rows = 0
                for i in 0..<count {
                    var differs = false
                    for metric in GateMetric.allCases where b[metric][i].bitPattern != n[metric][i].bitPattern {
                        differences.append(GateDifference(mode: mode, replication: i, metric: metric,
                                                          baseline: b[metric][i], now: n[metric][i]))
                        differs = true
                    }
                    if differs { rows += 1 }
                }
                differing[mode] = rows
            }
            if differences.isEmpty || !sameCounts {
                return GateVerdict(outcome: differences.isEmpty ? .unchanged : .changed, layer: .exact, sameSeed: true,
                                   sharedReplications: shared, differingReplications: differing,
                                   differences: differences, comparisons: [], settings: settings,
                                   sameDesign: sameCounts)
            }
        }
        var tests: [(Mode, GateMetric, QuantileComparison)] = []
        for mode in modes {
            for metric in settings.metrics {
                let b = baseline[mode]![metric], n = now[mode]![metric]
                guard !b.isEmpty, !n.isEmpty else { continue }
                for q in settings.quantiles {
                    tests.append((mode, metric, QuantileComparison(baseline: b, now: n, quantile: q, interval: false)))
                }
            }
        }
        let adjusted = holm(tests.map(\.2.pValue))
        let levels = intervalLevels(tests.map(\.2.pValue), alpha: settings.alpha)
        let k = Double(max(1, tests.count))
        let comparisons = zip(tests.indices, zip(tests, adjusted)).map { index, pair in
            let (t, p) = pair
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
            var c = GateComparison(mode: t.0, metric: t.1, test: test, pAdjusted: p, significant: significant,
                                   beyondTolerance: beyond, canBeSignificant: test.minimumPValue < settings.alpha / k,
                                   outcome: outcome)
            c.intervalLevel = levels[index]
            if intervals {
                (c.intervalLow, c.intervalHigh) = QuantileComparison.changeInterval(
                    baseline: baseline[t.0]![t.1], now: now[t.0]![t.1], quantile: test.quantile, level: levels[index])
            }
            return c
        }
        let overall: GateVerdict.Outcome =
            comparisons.contains { $0.outcome == .regression } ? .regression
            : comparisons.contains { $0.outcome == .improvement } ? .improvement : .pass
        return GateVerdict(outcome: overall, layer: .statistical, sameSeed: sameSeed, sharedReplications: shared,
                           differingReplications: differing, differences: differences, comparisons: comparisons,
                           settings: settings, sameDesign: sameSeed && sameCounts)
    }

    /// The confidence level of each comparison's interval, matched to
    /// Holm's step-down procedure so that an interval excludes 0 exactly
    /// when its Holm-adjusted p-value is below α. Holm tests the i-th
    /// smallest p-value (i = 1…k) at α / (k − i + 1) and stops at the first
    /// it cannot reject, r + 1 say; the i-th rejected comparison gets the
    /// level 1 − α / (k − i + 1), and every comparison not rejected the
    /// level 1 − α / (k − r), the one its rejection would have needed at
    /// the least. (Same order as `holm`: ties by position.)
    public static func intervalLevels(_ p: [Double], alpha: Double) -> [Double] {
        let k = p.count
        let order = p.indices.sorted { (p[$0], $0) < (p[$1], $1) }
        let adjusted = holm(p)
        let rejected = adjusted.filter { $0 < alpha }.count
        var levels = [Double](repeating: 1 - alpha / Double(max(1, k - rejected)), count: k)
        for (i, index) in order.enumerated() where i < rejected {
            levels[index] = 1 - alpha / Double(k - i)
        }
        return levels
    }

    /// The smallest two-sided p-value the gate's quantile test can give with
    /// `baseline` and `now` values at `quantile`, whatever the values (no
    /// ties assumed; ties can only raise it). What decides whether a
    /// comparison can be judged: it must be below α / k.
    public static func minimumPValue(baseline m: Int, now n: Int, quantile q: Double) -> Double {
        QuantileComparison.minimumPValue(baseline: m, now: n, quantile: q)
    }

    /// The number of comparisons a check makes: modes × measures × quantiles.
    public static func comparisonCount(modes: Int, settings: GateSettings) -> Int {
        modes * settings.metrics.count * settings.quantiles.count
    }

    /// Whether any comparison can be significant with `baseline` and `now`
    /// replications and `comparisons` comparisons (no ties assumed).
    public static func judgeable(baseline m: Int, now n: Int, comparisons k: Int, settings: GateSettings) -> Bool {
        guard m >= 1, n >= 1, k >= 1 else { return false }
        return settings.quantiles.contains { minimumPValue(baseline: m, now: n, quantile: $0) < settings.alpha / Double(k) }
    }

    /// The fewest replications a run needs against a baseline of `baseline`
    /// replications for at least one comparison to be judgeable (`sameSize`:
    /// the fewest for a baseline and a run of equal size); nil if none up to
    /// `limit` is enough.
    public static func replicationsNeeded(baseline m: Int?, comparisons k: Int, settings: GateSettings,
                                          limit: Int = 1_000_000) -> Int? {
        func ok(_ n: Int) -> Bool { judgeable(baseline: m ?? n, now: n, comparisons: k, settings: settings) }
        // Double until enough, then the first enough between the last two
        // tries (the smallest p-value falls with n, not always strictly).
        var hi = 1
        while !ok(hi) {
            if hi >= limit { return nil }
            hi = min(limit, hi * 2)
        }
        var n = hi / 2 + 1
        while n < hi && !ok(n) { n += 1 }
        return min(n, hi)
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
