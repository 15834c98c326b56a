import MusterEngine
import MusterModel

/// One continued replication, kept lean: what a forecast summarises.
public struct ForecastReplication: Sendable, Equatable {
    /// Issue to completion as seen at the centre (the model's order
    /// completion, `ReplicationResult.orderComplete`), hours.
    public var orderComplete: Double
    /// Issue to the last micro-grid done: what the log will record.
    public var lastDone: Double
    /// Per micro-grid (layout order): issue to done, hours.
    public var microgridDone: [Double]
    /// Which posterior particle's parameters it ran with (0 without one).
    public var particle: Int
    public var tally: ContinuationTally

    public init(_ result: ReplicationResult, particle: Int, tally: ContinuationTally) {
        orderComplete = result.orderComplete
        lastDone = result.microgridDone.max() ?? 0
        microgridDone = result.microgridDone
        self.particle = particle
        self.tally = tally
    }
}

/// A forecast's question: the scenario (and optionally a posterior's
/// parameter sets), the mode, what the log shows at `now`.
public struct ForecastSetup: Sendable {
    public var scenario: Scenario
    public var mode: Mode
    public var observation: OrderObservation
    public var replications: Int
    /// Tries per conditioned path before its fallback.
    public var maxTries: Int
    /// Parameter sets to draw from, one per replication (by weight), and
    /// their weights; empty: the scenario's own values.
    public var particles: [Scenario]
    public var weights: [Double]

    public init(scenario: Scenario, mode: Mode, observation: OrderObservation, replications: Int,
                maxTries: Int = 100, particles: [Scenario] = [], weights: [Double] = []) {
        precondition(particles.count == weights.count, "one weight per particle")
        self.scenario = scenario; self.mode = mode; self.observation = observation
        self.replications = replications; self.maxTries = maxTries
        self.particles = particles; self.weights = weights
    }
}

/// Runs a forecast: every replication continues the order from the log
/// (`Experiment.continueOrder`), in parallel, results in replication order
/// whatever the threads.
public enum ForecastRun {
    /// The particle replication r draws (by weight, from its own keyed
    /// stream, so the choice does not depend on threads or on the other
    /// replications); 0 without particles.
    public static func particle(for r: Int, seed: UInt64, weights: [Double]) -> Int {
        guard weights.count > 1 else { return 0 }
        let total = weights.reduce(0, +)
        let rng = RandomStream.keyed()
        rng.reseed(StreamKey(seed: seed).child(0xF0CA57, UInt64(r)).value)
        var u = rng.uniform() * total
        for (i, w) in weights.enumerated() {
            u -= w
            if u < 0 { return i }
        }
        return weights.count - 1
    }

    /// The continued replications of `setup`, in replication order.
    public static func run(_ setup: ForecastSetup, threads: Int,
                           progress: (@Sendable (Int) -> Void)? = nil) -> [ForecastReplication] {
        GSLRuntime.configure()
        let compiled = setup.particles.isEmpty
            ? [CompiledScenario(setup.scenario)]
            : setup.particles.map { p -> CompiledScenario in
                var s = p
                s.seed = setup.scenario.seed
                return CompiledScenario(s)
            }
        let seed = setup.scenario.seed
        let weights = setup.weights
        let observation = setup.observation
        let mode = setup.mode
        let tries = setup.maxTries
        let results = ReplicationPool.run(replications: 0..<setup.replications, variants: 1, threads: threads,
                                          progress: progress) { r, _ in
            let k = particle(for: r, seed: seed, weights: weights)
            let (result, tally) = Experiment.continueOrder(compiled[k], replication: r, mode: mode,
                                                           observation: observation, maxTries: tries)
            return ForecastReplication(result, particle: k, tally: tally)
        }
        return results[0]
    }
}
