/// One generation's accepted particles.
public struct ABCPopulation: Sendable, Equatable, Codable {
    /// 0 for the population drawn from the prior.
    public var generation: Int
    /// The tolerance the particles were accepted under (infinite for
    /// generation 0, which takes the first draws from the prior).
    public var tolerance: Double
    /// The distance's weights in this generation.
    public var distance: AdaptiveDistance
    /// Parameter vectors, one per particle.
    public var particles: [[Double]]
    /// Importance weights, summing to 1.
    public var weights: [Double]
    /// Each particle's distance from the observed summaries.
    public var distances: [Double]
    /// Simulations spent on this generation (up to its last accepted one).
    public var simulations: Int
    /// The accepted particles' summaries while the generation is being
    /// closed; not kept.
    var summaries: [[Double]] = []

    enum CodingKeys: String, CodingKey {
        case generation, tolerance, distance, particles, weights, distances, simulations
    }

    public init(generation: Int, tolerance: Double, distance: AdaptiveDistance, particles: [[Double]],
                weights: [Double], distances: [Double], simulations: Int) {
        self.generation = generation; self.tolerance = tolerance; self.distance = distance
        self.particles = particles; self.weights = weights; self.distances = distances; self.simulations = simulations
    }

    /// Accepted particles per simulation.
    public var acceptanceRate: Double { Double(particles.count) / Double(max(simulations, 1)) }

    /// Kish's effective sample size, 1 / Σw².
    public var effectiveSampleSize: Double { 1 / weights.reduce(0) { $0 + $1 * $1 } }

    /// Weighted mean of parameter k.
    public func mean(_ k: Int) -> Double { zip(particles, weights).reduce(0) { $0 + $1.0[k] * $1.1 } }

    /// Weighted standard deviation of parameter k.
    public func sd(_ k: Int) -> Double {
        let m = mean(k)
        return zip(particles, weights).reduce(0) { $0 + $1.1 * ($1.0[k] - m) * ($1.0[k] - m) }.squareRoot()
    }

    /// Weighted p-quantile of parameter k (the smallest value whose
    /// cumulative weight reaches p).
    public func quantile(_ k: Int, _ p: Double) -> Double {
        WeightedQuantile.of(particles.map { $0[k] }, weights: weights, p)
    }

    /// Weighted cumulative distribution of parameter k at x.
    public func cdf(_ k: Int, _ x: Double) -> Double {
        zip(particles, weights).reduce(0) { $1.0[k] <= x ? $0 + $1.1 : $0 }
    }
}

/// Quantiles of weighted values.
public enum WeightedQuantile {
    /// The smallest value whose cumulative weight reaches p (weights need
    /// not be normalised).
    public static func of(_ values: [Double], weights: [Double], _ p: Double) -> Double {
        let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        let total = weights.reduce(0, +)
        var c = 0.0
        for i in order {
            c += weights[i]
            if c >= p * total * (1 - 1e-12) { return values[i] }
        }
        return values[order.last!]
    }
}
