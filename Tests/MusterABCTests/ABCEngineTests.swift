import CGSL
import Foundation
import MusterEngine
import Testing
@testable import MusterABC

@Suite struct ABCEngineTests {
    /// A two-parameter model with two summaries, cheap and random.
    static let model: ABCSMC.Model = { theta, key in
        let rng = RandomStream.sequential(key: key)
        let r = UnsafeMutablePointer<gsl_rng>(rng.rng)
        return [theta[0] + 0.3 * gsl_ran_ugaussian(r), 100 * (theta[1] + 0.01 * gsl_ran_ugaussian(r))]
    }
    static let abc = ABCSMC(priors: [Prior(.uniform(low: -2, high: 2)), Prior(.lognormal(mean: 0.3, sd: 0.2), upper: 1)],
                            observed: [0.5, 25], settings: ABCSettings(populationSize: 200, maxGenerations: 4, seed: 5))

    @Test func samePopulationsForAnyThreadCount() {
        let one = Self.abc.run(threads: 1, model: Self.model)
        let two = Self.abc.run(threads: 2, model: Self.model)
        let five = Self.abc.run(threads: 5, model: Self.model)
        #expect(one == two && two == five)
        #expect(one.populations.count == 5 && one.stop == .generations)
        let other = ABCSMC(priors: Self.abc.priors, observed: Self.abc.observed,
                           settings: ABCSettings(populationSize: 200, maxGenerations: 4, seed: 6)).run(threads: 2, model: Self.model)
        #expect(other.populations.last!.particles != one.populations.last!.particles)
    }

    @Test func resumingFromAnyGenerationGivesTheSameResult() throws {
        let full = Self.abc.run(threads: 2, model: Self.model)
        var saved: [Data] = []
        _ = Self.abc.run(threads: 2, checkpoint: { saved.append(try! $0.json()) }, model: Self.model)
        #expect(saved.count == 5)
        let mid = try ABCState(json: saved[1])
        #expect(mid.populations.count == 2 && mid.stop == nil)
        let resumed = Self.abc.run(threads: 1, resume: mid, model: Self.model)
        #expect(resumed == full)
    }

    @Test func toleranceFallsWeightsNormaliseAndParticlesStayInThePrior() {
        let s = Self.abc.run(threads: 2, model: Self.model)
        for (t, p) in s.populations.enumerated() {
            #expect(p.generation == t)
            #expect(abs(p.weights.reduce(0, +) - 1) < 1e-9)
            #expect(p.particles.allSatisfy { $0[0] >= -2 && $0[0] <= 2 && $0[1] > 0 && $0[1] <= 1 })
            if t > 0 {
                #expect(p.distances.allSatisfy { $0 <= p.tolerance })
                #expect(p.simulations >= p.particles.count)
            }
        }
        #expect(s.populations[0].tolerance == .infinity)
        #expect(s.populations[2].tolerance < s.populations[1].tolerance || s.populations[2].distance != s.populations[1].distance)
        // The posterior concentrates near the observed values.
        #expect(abs(s.populations.last!.mean(1) - 0.25) < 0.02)
    }

    @Test func stopsOnBudgetAndAcceptanceAndSignal() {
        var settings = Self.abc.settings
        settings.maxSimulations = 700
        settings.maxGenerations = 20
        let budget = ABCSMC(priors: Self.abc.priors, observed: Self.abc.observed, settings: settings).run(threads: 2, model: Self.model)
        #expect(budget.stop == .simulations)
        #expect(budget.totalSimulations <= 700)
        settings.maxSimulations = 1_000_000
        settings.minAcceptanceRate = 0.3
        let rate = ABCSMC(priors: Self.abc.priors, observed: Self.abc.observed, settings: settings).run(threads: 2, model: Self.model)
        #expect(rate.stop == .acceptanceRate)
        #expect(rate.populations.last!.acceptanceRate < 0.3)
        #expect(rate.populations.dropLast().dropFirst().allSatisfy { $0.acceptanceRate >= 0.3 })
        var calls = 0
        let stopped = Self.abc.run(threads: 2, shouldStop: { calls += 1; return calls > 3 }, model: Self.model)
        #expect(stopped.stop == .interrupted && stopped.populations.count < 5)
    }

    @Test func failedSimulationsAreRejections() {
        let s = Self.abc.run(threads: 2) { theta, key in theta[0] < 0 ? nil : Self.model(theta, key) }
        #expect(s.populations.allSatisfy { $0.particles.allSatisfy { $0[0] >= 0 } })
    }
}

@Suite struct PriorTests {
    static let priors: [Prior] = [
        Prior(.uniform(low: 1, high: 3)), Prior(.logUniform(low: 0.1, high: 10)), Prior(.normal(mean: 1, sd: 2), lower: 0, upper: 4),
        Prior(.lognormal(mean: 10, sd: 5), upper: 30), Prior(.triangular(low: 0, mode: 1, high: 4)), Prior(.gamma(shape: 3, scale: 2)),
    ]

    @Test func densityIntegratesToTheCDFAndQuantileInvertsIt() {
        for p in Self.priors {
            #expect(p.problem == nil)
            let lo = p.quantile(1e-6), hi = p.quantile(1 - 1e-6)
            // Trapezoid rule of the density from lo to the median.
            let med = p.quantile(0.5)
            let steps = 20_000
            var area = 0.0
            for i in 0..<steps {
                let a = lo + (med - lo) * Double(i) / Double(steps), b = lo + (med - lo) * Double(i + 1) / Double(steps)
                area += (p.density(a) + p.density(b)) / 2 * (b - a)
            }
            #expect(abs(area - 0.5) < 2e-3, "\(p.law): \(area)")
            for u in [0.01, 0.3, 0.77, 0.99] { #expect(abs(p.cdf(p.quantile(u)) - u) < 1e-9) }
            #expect(lo >= p.lower && hi <= p.upper)
            if p.lower.isFinite { #expect(p.density(p.lower - 1) == 0) }
            if p.upper.isFinite { #expect(p.density(p.upper + 1) == 0) }
        }
    }

    @Test func problemsAreNamed() {
        #expect(Prior(.uniform(low: 3, high: 1)).problem != nil)
        #expect(Prior(.logUniform(low: 0, high: 1)).problem != nil)
        #expect(Prior(.normal(mean: 0, sd: 1), lower: 50, upper: 60).problem != nil)
        #expect(Prior(.lognormal(mean: 5, sd: 1), lower: 6, upper: 5).problem != nil)
    }

    @Test func kernelDensityIsTheNormalDensity() {
        let k = PerturbationKernel(covariance: [[4, 1], [1, 2]])
        // Closed form: det 7, inverse [[2, -1], [-1, 4]] / 7.
        let x = [1.0, -0.5]
        let q = (2 * x[0] * x[0] - 2 * x[0] * x[1] + 4 * x[1] * x[1]) / 7
        #expect(abs(k.logDensity(x, center: [0, 0]) - (-q / 2 - log(2 * Double.pi) - log(7) / 2)) < 1e-12)
        #expect(k.perturb([1, 1], z: [1, 0]) == [3, 1.5])
    }

    @Test func distanceWeightsFollowTheSpread() {
        let sims = (0..<101).map { i in [Double(i), Double(i) * 100, 5] }
        let d = AdaptiveDistance.fitted(to: sims, count: 3)
        #expect(abs(d.weights[0] / d.weights[1] - 10_000) < 1e-6)
        #expect(d.weights[2] == 0)
        #expect(abs(d([10, 0, 9], [0, 0, 0]) - 10 * d.weights[0].squareRoot()) < 1e-12)
    }
}
