import MusterEngine

/// Percentile bootstrap intervals (Efron & Tibshirani 1993, §13.3):
/// `resamples` times, draw as many units as there are with replacement,
/// recompute the statistic, and take the 2.5th and 97.5th percentiles of
/// the recomputed values (linear interpolation between order statistics,
/// numpy's default). Units are base rows of a Saltelli design or Morris
/// trajectories. Draws come from an MT19937 stream keyed by `seed`, so the
/// same outputs give the same intervals on every machine and run.
public enum Bootstrap {
    /// Resamples used unless a caller says otherwise.
    public static let defaultResamples = 1000
    /// Key of the bootstrap's stream below its seed ("BOOT" in ASCII).
    static let streamFamily: UInt64 = 0x424F_4F54

    /// Per component of `statistic`, the (low, high) 95 % percentile interval.
    public static func intervals(units: Int, resamples: Int = defaultResamples, seed: UInt64,
                                 level: Double = 0.95, statistic: ([Int]) -> [Double]) -> [(low: Double, high: Double)] {
        let stream = RandomStream.sequential(key: StreamKey(seed: seed).child(streamFamily).value)
        var columns: [[Double]] = []
        var rows = [Int](repeating: 0, count: units)
        for _ in 0..<resamples {
            for i in 0..<units { rows[i] = stream.uniformInt(below: units) }
            let values = statistic(rows)
            if columns.isEmpty { columns = values.map { _ in [] } }
            for (k, v) in values.enumerated() { columns[k].append(v) }
        }
        let tail = (1 - level) / 2
        return columns.map { c in
            let sorted = c.filter(\.isFinite).sorted()
            guard !sorted.isEmpty else { return (.nan, .nan) }
            return (quantile(sorted, tail), quantile(sorted, 1 - tail))
        }
    }

    /// The q-quantile of sorted values, interpolating linearly between
    /// order statistics at position q·(n − 1).
    public static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let pos = q * Double(sorted.count - 1)
        let lo = Int(pos.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        let f = pos - Double(lo)
        return sorted[lo] + f * (sorted[hi] - sorted[lo])
    }
}
