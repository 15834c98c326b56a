import Foundation

/// A weighted Euclidean distance between summary vectors whose weights are
/// set from the spread of the summaries simulated in a generation (Prangle
/// 2017, "Adapting the ABC distance function"): summary k gets weight
/// 1 / scale_k², scale_k its median absolute deviation over the
/// simulations (their standard deviation when that is 0), so a summary in
/// hours and a share in [0, 1] count alike and no summary dominates by its
/// unit. A summary that did not vary gets weight 0.
public struct AdaptiveDistance: Sendable, Equatable, Codable {
    public var weights: [Double]

    public init(weights: [Double]) { self.weights = weights }

    /// Unit weights for `count` summaries.
    public static func unit(_ count: Int) -> AdaptiveDistance {
        AdaptiveDistance(weights: [Double](repeating: 1, count: count))
    }

    /// Weights from simulated summaries (one array per simulation).
    public static func fitted(to simulations: [[Double]], count: Int) -> AdaptiveDistance {
        var w = [Double](repeating: 0, count: count)
        guard !simulations.isEmpty else { return unit(count) }
        var column = [Double](repeating: 0, count: simulations.count)
        for k in 0..<count {
            for (i, s) in simulations.enumerated() { column[i] = s[k] }
            var scale = Self.mad(column)
            if !(scale > 0) { scale = Self.sd(column) }
            w[k] = scale > 0 && scale.isFinite ? 1 / (scale * scale) : 0
        }
        return AdaptiveDistance(weights: w)
    }

    /// The distance of `x` from `observed`.
    public func callAsFunction(_ x: [Double], _ observed: [Double]) -> Double {
        var s = 0.0
        for k in weights.indices where weights[k] > 0 {
            let d = x[k] - observed[k]
            s += weights[k] * d * d
        }
        return s.squareRoot()
    }

    /// Median absolute deviation about the median.
    static func mad(_ v: [Double]) -> Double {
        let m = median(v)
        return median(v.map { abs($0 - m) })
    }

    static func median(_ v: [Double]) -> Double {
        let s = v.sorted()
        let n = s.count
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
    }

    static func sd(_ v: [Double]) -> Double {
        guard v.count > 1 else { return 0 }
        let m = v.reduce(0, +) / Double(v.count)
        return (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)).squareRoot()
    }
}
