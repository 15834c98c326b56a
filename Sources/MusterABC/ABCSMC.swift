import CGSL
import Foundation
import MusterEngine

/// What a run has done so far, for a progress line.
public struct ABCProgress: Sendable {
    public var generation: Int
    public var tolerance: Double
    public var accepted: Int
    public var populationSize: Int
    /// Simulations of this generation so far.
    public var simulations: Int
    /// Simulations of all generations so far.
    public var totalSimulations: Int
    /// Finished populations (of this run and any resumed from).
    public var finished: [ABCPopulation]
}

/// Where a run stands after a finished generation: enough to resume it
/// (`--state`), byte for byte.
public struct ABCState: Sendable, Equatable, Codable {
    /// What the run is about (priors, observed summaries, settings, model);
    /// a state is resumed only by the same run.
    public var fingerprint: String
    public var populations: [ABCPopulation]
    /// The next generation's distance and tolerance.
    public var nextDistance: AdaptiveDistance
    public var nextTolerance: Double
    /// Why the run stopped, once it has.
    public var stop: ABCStop?

    public init(fingerprint: String, populations: [ABCPopulation], nextDistance: AdaptiveDistance,
                nextTolerance: Double, stop: ABCStop?) {
        self.fingerprint = fingerprint; self.populations = populations
        self.nextDistance = nextDistance; self.nextTolerance = nextTolerance; self.stop = stop
    }

    public var totalSimulations: Int { populations.reduce(0) { $0 + $1.simulations } }
}

/// Approximate Bayesian computation by sequential Monte Carlo: population
/// Monte Carlo (Beaumont et al. 2009) with a tolerance schedule set from
/// the quantile of the previous population's distances (Del Moral et al.
/// 2012; pyABC's default) and distance weights adapted every generation
/// (Prangle 2017).
///
/// Numbers only: parameters are vectors, the model is a function from a
/// parameter vector and a random-stream key to a summary vector.
///
/// Determinism: proposal j of generation t draws from the stream keyed
/// (seed, t, j) and simulates with the key (seed, t, j, 1); proposals are
/// evaluated in parallel in batches but accepted in index order, and a
/// generation ends at its N-th accepted proposal. So the populations depend
/// only on the seed, never on the threads or the batch sizes.
public struct ABCSMC: Sendable {
    public let priors: [Prior]
    public let observed: [Double]
    public let settings: ABCSettings

    public typealias Model = @Sendable (_ parameters: [Double], _ key: UInt64) -> [Double]?

    public init(priors: [Prior], observed: [Double], settings: ABCSettings) {
        self.priors = priors; self.observed = observed; self.settings = settings
    }

    /// Product of the prior densities (0 outside a bound).
    public func priorDensity(_ theta: [Double]) -> Double {
        var p = 1.0
        for (k, prior) in priors.enumerated() {
            p *= prior.density(theta[k])
            if p == 0 { return 0 }
        }
        return p
    }

    /// Runs (or resumes from `state`) until a stopping rule holds.
    /// `checkpoint` receives the state after every finished generation;
    /// `shouldStop` is asked after every batch (an interrupted generation
    /// is dropped; the state holds the finished ones).
    public func run(threads: Int, resume state: ABCState? = nil, fingerprint: String = "",
                    progress: (ABCProgress) -> Void = { _ in },
                    checkpoint: (ABCState) -> Void = { _ in },
                    shouldStop: () -> Bool = { false },
                    model: @escaping Model) -> ABCState {
        var st = state ?? ABCState(fingerprint: fingerprint, populations: [],
                                   nextDistance: .unit(observed.count), nextTolerance: .infinity, stop: nil)
        if st.stop != nil { return st }
        while true {
            let t = st.populations.count
            let spent = st.totalSimulations
            guard let (population, sims) = generation(t, state: st, threads: threads, spent: spent,
                                                      progress: progress, shouldStop: shouldStop, model: model) else {
                let interrupted = shouldStop()
                st.stop = interrupted ? .interrupted : .simulations
                if !interrupted { checkpoint(st) }
                return st
            }
            st.populations.append(population)
            // The next generation's distance: scales from every simulation
            // of this one; its tolerance: the quantile of this population's
            // distances under that distance.
            let next = AdaptiveDistance.fitted(to: sims, count: observed.count)
            st.nextDistance = next
            st.nextTolerance = WeightedQuantile.of(population.summaries.map { next($0, observed) },
                                                   weights: population.weights, settings.toleranceQuantile)
            st.populations[t].summaries = []
            if t >= settings.maxGenerations { st.stop = .generations }
            else if t >= 1 && population.acceptanceRate < settings.minAcceptanceRate { st.stop = .acceptanceRate }
            else if t >= 1 && population.tolerance <= settings.minTolerance { st.stop = .tolerance }
            else if st.totalSimulations >= settings.maxSimulations { st.stop = .simulations }
            checkpoint(st)
            if st.stop != nil { return st }
        }
    }

    /// One proposal's outcome.
    struct Proposal: Sendable {
        var theta: [Double]
        var summaries: [Double]?
    }

    /// Generation t; nil when stopped or out of budget before it was
    /// complete. Returns the population and every simulation's summaries.
    func generation(_ t: Int, state: ABCState, threads: Int, spent: Int, progress: (ABCProgress) -> Void,
                    shouldStop: () -> Bool, model: @escaping Model) -> (ABCPopulation, [[Double]])? {
        let n = settings.populationSize
        let root = StreamKey(seed: settings.seed).child(UInt64(t))
        let previous = state.populations.last
        let kernel = previous.map { PerturbationKernel(particles: $0.particles, weights: $0.weights, scale: settings.kernelScale) }
        let cumulative = previous.map { p in p.weights.reduce(into: [Double]()) { $0.append(($0.last ?? 0) + $1) } } ?? []
        let distance = state.nextDistance
        let tolerance = t == 0 ? Double.infinity : state.nextTolerance
        let priors = self.priors

        @Sendable func propose(_ j: Int) -> Proposal {
            let rng = RandomStream.keyed()
            rng.reseed(root.child(UInt64(j), 0).value)
            var theta: [Double]
            if let previous, let kernel {
                // Perturb a particle picked by weight until the prior allows it.
                var tries = 0
                repeat {
                    let u = rng.uniform() * cumulative.last!
                    var lo = 0, hi = cumulative.count - 1
                    while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] > u { hi = mid } else { lo = mid + 1 } }
                    let z = priors.indices.map { _ in gsl_ran_ugaussian(UnsafeMutablePointer(rng.rng)) }
                    theta = kernel.perturb(previous.particles[lo], z: z)
                    tries += 1
                } while (0..<priors.count).contains(where: { priors[$0].density(theta[$0]) == 0 }) && tries < 10_000
                if tries >= 10_000 { return Proposal(theta: theta, summaries: nil) }
            } else {
                theta = priors.map { $0.quantile(min(max(rng.uniform(), 1e-15), 1 - 1e-15)) }
            }
            let s = model(theta, root.child(UInt64(j), 1).value)
            let valid = s.map { $0.count == observed.count && $0.allSatisfy(\.isFinite) } ?? false
            return Proposal(theta: theta, summaries: valid ? s : nil)
        }

        var accepted: [(theta: [Double], summaries: [Double], distance: Double)] = []
        var sims: [[Double]] = []
        var j = 0
        while accepted.count < n {
            if shouldStop() { return nil }
            // Batch size from the acceptance so far: enough to finish, a
            // whole number of rounds of the threads. It changes the work
            // done, never the result.
            let rate = j == 0 ? (t == 0 ? 1 : 0.2) : max(Double(accepted.count) / Double(j), 0.01)
            let need = Double(n - accepted.count) / rate * 1.1
            let rounds = max(1, Int((need / Double(max(threads, 1))).rounded(.up)))
            var batch = min(max(threads, 1) * rounds, 4096)
            batch = min(batch, settings.maxSimulations - spent - j)
            if batch <= 0 { return nil }
            let out = ReplicationPool.run(replications: j..<(j + batch), variants: 1, threads: threads) { r, _ in propose(r) }[0]
            for p in out {
                j += 1
                guard let s = p.summaries else { continue }
                sims.append(s)
                let d = t == 0 ? 0 : distance(s, observed)
                if d <= tolerance {
                    accepted.append((p.theta, s, d))
                    if accepted.count == n { break }
                }
            }
            progress(ABCProgress(generation: t, tolerance: tolerance, accepted: accepted.count, populationSize: n,
                                 simulations: j, totalSimulations: spent + j, finished: state.populations))
        }
        let thetas = accepted.map(\.theta)
        var weights: [Double]
        if let previous, let kernel {
            // Importance weights: prior over the mixture of kernels the
            // proposals came from (log-sum-exp for small densities).
            let logW = previous.weights.map { log($0) }
            weights = thetas.map { theta in
                let terms = previous.particles.indices.map { logW[$0] + kernel.logDensity(theta, center: previous.particles[$0]) }
                let top = terms.max()!
                let lse = top + log(terms.reduce(0) { $0 + exp($1 - top) })
                return exp(log(priorDensity(theta)) - lse)
            }
            let maxW = weights.max()!
            if !(maxW > 0 && maxW.isFinite) { weights = [Double](repeating: 1, count: n) }
        } else {
            weights = [Double](repeating: 1, count: n)
        }
        let total = weights.reduce(0, +)
        weights = weights.map { $0 / total }
        // Generation 0 is reported with distances under weights fitted to itself.
        let used = t == 0 ? AdaptiveDistance.fitted(to: sims, count: observed.count) : distance
        var population = ABCPopulation(generation: t, tolerance: tolerance, distance: used, particles: thetas,
                                       weights: weights, distances: accepted.map { used($0.summaries, observed) },
                                       simulations: j)
        population.summaries = accepted.map(\.summaries)
        return (population, sims)
    }
}

extension ABCState {
    /// The state as JSON (`--state` files): sorted keys, the infinite
    /// tolerance of generation 0 as "inf", numbers that read back exactly.
    public func json() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try e.encode(self)
    }

    /// Reads `json()`'s output back.
    public init(json: Data) throws {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        self = try d.decode(ABCState.self, from: json)
    }
}
