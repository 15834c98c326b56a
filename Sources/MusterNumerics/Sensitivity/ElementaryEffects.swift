/// Elementary effects of a Morris design and their summaries μ, μ* and σ,
/// computed as SALib's `morris.analyze` does (unscaled): along each
/// trajectory, the input that changed between two consecutive points gets
/// EE = (y_after − y_before)/Δ when it went up and (y_before − y_after)/Δ
/// when it went down; then per input μ = mean EE, μ* = mean |EE| and σ =
/// the standard deviation of EE (n − 1 in the denominator).
public struct ElementaryEffects: Sendable, Equatable {
    /// effects[t][i]: the elementary effect of input i on trajectory t.
    public var effects: [[Double]]

    /// Effects from unit-cube points `x` (trajectory after trajectory, D + 1
    /// each) and their outputs `y`.
    public init(points x: [[Double]], outputs y: [Double], inputs d: Int, delta: Double) {
        precondition(x.count == y.count && x.count % (d + 1) == 0, "one output per point, D + 1 points per trajectory")
        let r = x.count / (d + 1)
        effects = (0..<r).map { t in
            var ee = [Double](repeating: .nan, count: d)
            for s in 0..<d {
                let before = t * (d + 1) + s, after = before + 1
                for i in 0..<d where x[after][i] != x[before][i] {
                    let up = x[after][i] > x[before][i]
                    ee[i] = (up ? y[after] - y[before] : y[before] - y[after]) / delta
                }
            }
            return ee
        }
    }

    public struct Summary: Sendable, Equatable {
        public var mu: [Double]
        public var muStar: [Double]
        public var sigma: [Double]
    }

    /// μ, μ*, σ over the trajectories `rows` (a bootstrap resample repeats some).
    public func summary(rows: [Int]? = nil) -> Summary {
        let use = rows ?? Array(effects.indices)
        let d = effects.first?.count ?? 0
        let n = Double(use.count)
        var mu = [Double](repeating: 0, count: d), star = mu, sigma = mu
        for i in 0..<d {
            var s = 0.0, a = 0.0
            for t in use { s += effects[t][i]; a += abs(effects[t][i]) }
            mu[i] = s / n; star[i] = a / n
            var ss = 0.0
            for t in use { ss += (effects[t][i] - mu[i]) * (effects[t][i] - mu[i]) }
            sigma[i] = use.count > 1 ? (ss / (n - 1)).squareRoot() : .nan
        }
        return Summary(mu: mu, muStar: star, sigma: sigma)
    }
}
