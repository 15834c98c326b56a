/// How an ABC-SMC run proceeds and when it stops.
public struct ABCSettings: Sendable, Equatable, Codable {
    /// Accepted particles per generation.
    public var populationSize: Int = 500
    /// Each generation's tolerance is this weighted quantile of the previous
    /// population's distances (under the new distance weights).
    public var toleranceQuantile: Double = 0.5
    /// Stop once a generation accepts fewer than this share of its simulations.
    public var minAcceptanceRate: Double = 0.02
    /// Stop before a generation would spend more than this in total; that
    /// generation is then not finished and the previous one is the result.
    public var maxSimulations: Int = 1_000_000
    /// Generations after the prior's (generation 0).
    public var maxGenerations: Int = 12
    /// Stop once the tolerance is at most this.
    public var minTolerance: Double = 0
    /// Scale of the perturbation kernel's covariance (2: Beaumont et al.).
    public var kernelScale: Double = 2
    /// Root of every random stream.
    public var seed: UInt64 = 1

    public init(populationSize: Int = 500, toleranceQuantile: Double = 0.5, minAcceptanceRate: Double = 0.02,
                maxSimulations: Int = 1_000_000, maxGenerations: Int = 12, minTolerance: Double = 0,
                kernelScale: Double = 2, seed: UInt64 = 1) {
        self.populationSize = populationSize; self.toleranceQuantile = toleranceQuantile
        self.minAcceptanceRate = minAcceptanceRate; self.maxSimulations = maxSimulations
        self.maxGenerations = maxGenerations; self.minTolerance = minTolerance
        self.kernelScale = kernelScale; self.seed = seed
    }

    /// Why the settings are unusable, or nil.
    public var problem: String? {
        if populationSize < 2 { return "the population needs at least 2 particles" }
        if !(toleranceQuantile > 0 && toleranceQuantile < 1) { return "the tolerance quantile must be strictly between 0 and 1" }
        if !(minAcceptanceRate >= 0 && minAcceptanceRate < 1) { return "the minimum acceptance rate must be from 0 to below 1" }
        if maxSimulations < populationSize { return "the simulation budget must be at least one population" }
        if maxGenerations < 0 { return "the number of generations must be ≥ 0" }
        if !(minTolerance >= 0) { return "the minimum tolerance must be ≥ 0" }
        if !(kernelScale > 0) { return "the kernel scale must be > 0" }
        return nil
    }
}

/// Why an ABC-SMC run stopped.
public enum ABCStop: String, Sendable, Equatable, Codable {
    case tolerance = "tolerance reached"
    case acceptanceRate = "acceptance rate below the minimum"
    case simulations = "simulation budget spent"
    case generations = "all generations done"
    case interrupted = "interrupted"
}
