import CGSL
import MusterEngine

/// Percentiles by linear interpolation between order statistics (GSL's
/// `gsl_stats_quantile_from_sorted_data` rule): the `f`-quantile of n
/// ascending values lies f·(n − 1) of the way along them. Every percentile
/// Muster reports is computed this way (`ReplicationSample` follows the
/// same rule inside the engine).
public enum Quantile {
    /// The fractions a summary reports between its min (0) and max (1).
    public static let reported = [0, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99, 1]

    /// The `f`-quantile (0…1) of ascending values; NaN when empty.
    ///
    /// Values may end in +∞ (an order that never completed counts as
    /// infinitely late): a quantile that falls exactly on a finite value
    /// is that value, and one that interpolates towards +∞ is +∞.
    public static func ofSorted(_ sorted: [Double], _ f: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let index = f * Double(sorted.count - 1)
        let lhs = Int(index)
        if lhs < sorted.count - 1, !(sorted[lhs].isFinite && sorted[lhs + 1].isFinite) {
            // GSL would take 0 · ∞ = NaN of the upper value at delta 0.
            let delta = index - Double(lhs)
            return delta == 0 ? sorted[lhs] : (1 - delta) * sorted[lhs] + delta * sorted[lhs + 1]
        }
        return sorted.withUnsafeBufferPointer {
            gsl_stats_quantile_from_sorted_data($0.baseAddress, 1, sorted.count, f)
        }
    }

    /// Several quantiles; 0 and 1 give the smallest and largest value
    /// exactly (interpolation would turn a −0 into +0).
    public static func ofSorted(_ sorted: [Double], _ fs: [Double]) -> [Double] {
        fs.map { f in
            guard let first = sorted.first, let last = sorted.last else { return .nan }
            return f == 0 ? first : f == 1 ? last : ofSorted(sorted, f)
        }
    }

    /// The `fs`-quantiles of finite values in any order, equal to
    /// `ofSorted` of the sorted values: GSL's interpolation between the two
    /// order statistics around f·(n − 1), with those picked by
    /// `OrderStatistics.select` (which takes non-negative values; others
    /// are sorted).
    public static func of(_ finite: [Double], _ fs: [Double]) -> [Double] {
        let n = finite.count
        guard n > 0 else { return fs.map { _ in .nan } }
        guard finite.allSatisfy({ $0 >= 0 }) else { return ofSorted(finite.sorted(), fs) }
        // As gsl_stats_quantile_from_sorted_data: lhs = ⌊f·(n − 1)⌋.
        let lhs = fs.map { Int($0 * Double(n - 1)) }
        let ranks = Array(Set(lhs + lhs.map { Swift.min($0 + 1, n - 1) })).sorted()
        let values = Dictionary(uniqueKeysWithValues: zip(ranks, OrderStatistics.select(finite, ranks: ranks)))
        return zip(fs, lhs).map { f, l in
            if f == 0 { return values[0]! }
            let delta = f * Double(n - 1) - Double(l)
            return l == n - 1 ? values[l]! : (1 - delta) * values[l]! + delta * values[l + 1]!
        }
    }

    /// The median of the finite values of `values`; NaN when there are none.
    public static func median(_ values: [Double]) -> Double {
        ofSorted(values.filter(\.isFinite).sorted(), 0.5)
    }
}
