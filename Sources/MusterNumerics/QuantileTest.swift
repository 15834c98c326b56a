import CGSL
import Foundation
import MusterEngine

/// Two independent samples compared at one quantile: the relative change,
/// an exact distribution-free test, and the interval that test implies.
///
/// **The test** (Mood's median test generalised to any quantile q; Mood
/// 1950, Conover "Practical Nonparametric Statistics" §4.3): pool the N = n
/// + m values, take the pooled value of rank ⌈qN⌉ as a threshold, and count
/// A, the values of the new sample above it. If nothing changed, both
/// samples are independent draws from one distribution, every split of the
/// pooled values into n and m is equally likely, and A is hypergeometric:
/// K values above the threshold, N − K below, m drawn. The p-value is
/// exact for any distribution, any sample size and ties included (the
/// threshold depends only on the pooled values), and needs no resampling:
/// the same values always give the same answer. It asks about the quantile
/// itself, so a p95 that moves while the p50 stays is seen as such.
///
/// **The interval** of the relative change ρ (new = (1 + ρ) × baseline, a
/// change of scale, natural for durations) inverts the same test: every ρ
/// for which the new values divided by 1 + ρ pass it at the 5 % level.
/// Hence a change significant at 5 % or less always has an interval that
/// excludes 0. A is monotone in the scale, so the ends are found by
/// bisection. Durations must be positive for a scale; otherwise the
/// interval is NaN.
///
/// Non-finite values (an order that never completed) count as +infinity:
/// above every finite value.
public struct QuantileComparison: Sendable, Equatable {
    /// The quantile compared, 0…1.
    public var quantile: Double
    /// Sample quantiles (linear interpolation, as in the summary).
    @Figure public var baseline: Double
    @Figure public var now: Double
    /// now / baseline − 1.
    @Figure public var change: Double
    /// 95 % interval of the relative change; NaN for an end the data cannot
    /// bound (too few values) or when values are not all positive.
    @Figure public var ci95Low: Double
    @Figure public var ci95High: Double
    /// A: new values above the pooled threshold.
    public var above: Int
    /// E[A] if nothing changed: mK/N.
    @Figure public var aboveExpected: Double
    /// (A − E[A]) / sd(A); 0 when A cannot vary.
    @Figure public var z: Double
    /// Two-sided exact p-value: twice the smaller tail, at most 1.
    @Figure public var pValue: Double
    /// The smallest two-sided p-value these sample sizes allow at this
    /// quantile (the 95th percentile of 20 values cannot be significant at
    /// 1 %, whatever the data).
    @Figure public var minimumPValue: Double

    /// Compares `baseline` and `now` (replication-level values; at least one
    /// each) at `quantile` in (0, 1). `interval: false` skips the interval
    /// (NaN), the costly part, when only the test is wanted.
    public init(baseline: [Double], now: [Double], quantile q: Double, interval: Bool = true) {
        precondition(!baseline.isEmpty && !now.isEmpty && q > 0 && q < 1)
        GSLRuntime.configure()
        let x = baseline.map(Self.ordered).sorted(), y = now.map(Self.ordered).sorted()
        quantile = q
        let before = Self.quantile(x, q), after = Self.quantile(y, q)
        self.baseline = before
        self.now = after
        change = Self.relativeChange(from: before, to: after)
        let count = Self.count(x, y, scale: 1, q)
        let h = Hypergeometric(above: count.pooledAbove, total: x.count + y.count, drawn: y.count)
        above = count.newAbove
        aboveExpected = h.mean
        z = h.sd > 0 ? (Double(count.newAbove) - h.mean) / h.sd : 0
        pValue = h.twoSided(count.newAbove)
        minimumPValue = min(h.twoSided(h.lowest), h.twoSided(h.highest))
        (ci95Low, ci95High) = interval ? Self.interval(x, y, q, level: 0.95) : (.nan, .nan)
    }

    /// The test-inversion interval of the relative change at `level` (0.95
    /// for the 95 % interval the initialiser gives): every ρ for which the
    /// new values divided by 1 + ρ pass the test at 1 − level. NaN ends as
    /// for `ci95Low` and `ci95High`.
    public static func changeInterval(baseline: [Double], now: [Double], quantile q: Double,
                                      level: Double) -> (low: Double, high: Double) {
        precondition(!baseline.isEmpty && !now.isEmpty && q > 0 && q < 1 && level > 0 && level < 1)
        GSLRuntime.configure()
        return interval(baseline.map(ordered).sorted(), now.map(ordered).sorted(), q, level: level)
    }

    /// `minimumPValue` for `m` baseline and `n` new values without ties:
    /// the threshold is the pooled value of rank ⌈qN⌉, so K = N − ⌈qN⌉.
    public static func minimumPValue(baseline m: Int, now n: Int, quantile q: Double) -> Double {
        precondition(m >= 1 && n >= 1 && q > 0 && q < 1)
        GSLRuntime.configure()
        let total = m + n
        let rank = max(1, min(total, Int((q * Double(total)).rounded(.up))))
        let h = Hypergeometric(above: total - rank, total: total, drawn: n)
        return min(h.twoSided(h.lowest), h.twoSided(h.highest))
    }

    /// Non-finite values are ordered as +infinity.
    static func ordered(_ v: Double) -> Double { v.isFinite ? v : .infinity }

    /// The f-quantile of ascending values by linear interpolation
    /// (`gsl_stats_quantile_from_sorted_data`'s rule), written out so that
    /// an infinite neighbour with zero weight does not make NaN.
    static func quantile(_ sorted: [Double], _ f: Double) -> Double {
        let index = f * Double(sorted.count - 1)
        let lhs = Int(index)
        let delta = index - Double(lhs)
        if lhs == sorted.count - 1 || delta == 0 { return sorted[lhs] }
        return (1 - delta) * sorted[lhs] + delta * sorted[lhs + 1]
    }

    /// now / base − 1, with 0 → 0 as no change and a rise from 0 infinite.
    static func relativeChange(from base: Double, to now: Double) -> Double {
        if base == now { return 0 }
        if base == 0 { return now > 0 ? .infinity : -.infinity }
        return now / base - 1
    }

    /// A and K for the new values multiplied by `scale` (> 0): the pooled
    /// value of rank ⌈qN⌉ is the threshold; K pooled values and A new values
    /// lie strictly above it. Both inputs ascending; a merge, not a sort,
    /// because the interval's bisection calls this often.
    static func count(_ x: [Double], _ y: [Double], scale: Double, _ q: Double) -> (newAbove: Int, pooledAbove: Int) {
        let n = x.count + y.count
        let rank = max(1, min(n, Int((q * Double(n)).rounded(.up))))
        var i = 0, j = 0, t = 0.0
        for _ in 0..<rank {
            if j >= y.count || (i < x.count && x[i] <= y[j] * scale) { t = x[i]; i += 1 } else { t = y[j] * scale; j += 1 }
        }
        // Values equal to the threshold may lie beyond the merge point.
        func notAbove(_ count: Int, _ value: (Int) -> Double) -> Int {
            var lo = 0, hi = count
            while lo < hi {
                let mid = (lo + hi) / 2
                if value(mid) <= t { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        let xAbove = x.count - notAbove(x.count) { x[$0] }
        let yAbove = y.count - notAbove(y.count) { y[$0] * scale }
        return (yAbove, xAbove + yAbove)
    }

    /// The test-inversion interval of the relative change (see the type's
    /// documentation).
    static func interval(_ x: [Double], _ y: [Double], _ q: Double, level: Double) -> (Double, Double) {
        guard let xMin = x.first, let yMin = y.first, xMin > 0, yMin > 0,
              let xMax = x.last, let yMax = y.last, xMax.isFinite, yMax.isFinite else { return (.nan, .nan) }
        // Accepted scales c (new values × c look like the baseline): the
        // test at this level does not reject. A(c) rises with c. The
        // accepted counts form a run around E[A] (the two-sided p-value
        // rises, then falls, in A); K changes only with ties, so the run
        // is worked out once per K.
        var runs: [Int: ClosedRange<Int>?] = [:]
        func acceptedCounts(_ k: Int) -> ClosedRange<Int>? {
            if let r = runs[k] { return r }
            let h = Hypergeometric(above: k, total: x.count + y.count, drawn: y.count)
            let ok = (h.lowest...h.highest).filter { h.twoSided($0) >= 1 - level }
            let r = ok.first.map { $0...ok.last! }
            runs[k] = r
            return r
        }
        func accepted(_ c: Double) -> Int {
            let k = count(x, y, scale: c, q)
            guard let run = acceptedCounts(k.pooledAbove) else { return 0 }
            return run.contains(k.newAbove) ? 0 : (k.newAbove < run.lowerBound ? -1 : 1)
        }
        // Below cLow every new value is under every baseline value; above
        // cHigh over it: A is at its extremes there.
        let cLow = xMin / yMax / 2, cHigh = xMax / yMin * 2
        // A scale whose verdict is "too low" (-1) lies below the accepted
        // range, "too high" (+1) above it.
        func boundary(from a: Double, to b: Double, leaving side: Int) -> Double? {
            // a has verdict `side`, b has not; converge on the switch point.
            // To a relative 1e-10: far below any difference a report shows.
            var lo = log(a), hi = log(b)
            while abs(hi - lo) > 1e-10 {
                let mid = (lo + hi) / 2
                if mid == lo || mid == hi { break }
                if accepted(exp(mid)) == side { lo = mid } else { hi = mid }
            }
            return exp(hi)
        }
        // The smallest accepted scale: if the lowest scale is accepted, the
        // data cannot bound it.
        let smallest: Double? = accepted(cLow) == -1 ? boundary(from: cLow, to: cHigh, leaving: -1) : nil
        let largest: Double? = accepted(cHigh) == 1 ? boundary(from: cHigh, to: cLow, leaving: 1) : nil
        // new = (1 + ρ) × baseline ⇔ c = 1 / (1 + ρ).
        let low = largest.map { 1 / $0 - 1 } ?? .nan
        let high = smallest.map { 1 / $0 - 1 } ?? .nan
        return (low, high)
    }
}

/// The hypergeometric law of A: `drawn` values taken at random from
/// `total`, of which `above` are marked.
struct Hypergeometric {
    let above: Int
    let total: Int
    let drawn: Int

    var lowest: Int { max(0, drawn - (total - above)) }
    var highest: Int { min(drawn, above) }
    var mean: Double { Double(drawn) * Double(above) / Double(total) }
    var sd: Double {
        guard total > 1 else { return 0 }
        let n = Double(total), k = Double(above), m = Double(drawn)
        return (m * (k / n) * ((n - k) / n) * ((n - m) / (n - 1))).squareRoot()
    }

    /// P(A ≤ a).
    func atMost(_ a: Int) -> Double {
        if a < lowest { return 0 }
        if a >= highest { return 1 }
        return gsl_cdf_hypergeometric_P(UInt32(a), UInt32(above), UInt32(total - above), UInt32(drawn))
    }

    /// P(A ≥ a).
    func atLeast(_ a: Int) -> Double {
        if a <= lowest { return 1 }
        if a > highest { return 0 }
        return gsl_cdf_hypergeometric_Q(UInt32(a - 1), UInt32(above), UInt32(total - above), UInt32(drawn))
    }

    /// Twice the smaller tail, at most 1.
    func twoSided(_ a: Int) -> Double { min(1, 2 * min(atMost(a), atLeast(a))) }
}
