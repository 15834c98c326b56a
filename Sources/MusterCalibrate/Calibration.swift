import Foundation
import MusterABC
import MusterDrill
import MusterEngine
import MusterModel

/// A finished (or stopped) calibration: the ABC state, the posterior
/// predictive check, and what is reported of each parameter.
public struct Calibration: Sendable {
    public let problem: CalibrationProblem
    public let settings: ABCSettings
    public let state: ABCState
    public let check: PredictiveCheck

    /// The last finished population: the posterior.
    public var posterior: ABCPopulation { state.populations.last! }

    public init(problem: CalibrationProblem, settings: ABCSettings, state: ABCState, threads: Int, checkDraws: Int = 200) {
        self.problem = problem; self.settings = settings; self.state = state
        check = PredictiveCheck(problem: problem, posterior: state.populations.last!, draws: checkDraws,
                                seed: settings.seed, threads: threads)
    }

    /// What is said of one parameter.
    public struct Estimate: Sendable {
        public var parameter: CalibrationParameter
        public var priorMean: Double
        public var priorLow: Double
        public var priorHigh: Double
        public var mean: Double
        public var median: Double
        public var low: Double
        public var high: Double
        /// Prior 95 % width over posterior 95 % width.
        public var narrowing: Double
    }

    public var estimates: [Estimate] {
        problem.parameters.enumerated().map { k, p in
            let pl = p.prior.quantile(0.025), ph = p.prior.quantile(0.975)
            let lo = posterior.quantile(k, 0.025), hi = posterior.quantile(k, 0.975)
            return Estimate(parameter: p, priorMean: p.prior.mean, priorLow: pl, priorHigh: ph, mean: posterior.mean(k),
                            median: posterior.quantile(k, 0.5), low: lo, high: hi,
                            narrowing: hi > lo ? (ph - pl) / (hi - lo) : .infinity)
        }
    }
}

/// Drills simulated from the posterior (particles drawn by weight), set
/// beside the observed log: the band of their done and notified time
/// distributions, and of every summary.
public struct PredictiveCheck: Sendable {
    /// Hours at which the empirical distributions are compared.
    public let hours: [Double]
    /// Observed share of micro-grids done (notified) by each hour, over the
    /// micro-grids whose time is known or censored.
    public let observedDone: [Double]
    public let observedNotified: [Double]
    /// 2.5 %, 50 %, 97.5 % of the simulated shares at each hour.
    public let simulatedDone: [(Double, Double, Double)]
    public let simulatedNotified: [(Double, Double, Double)]
    /// Per summary: 2.5 %, 50 %, 97.5 % over the simulated drills.
    public let summaries: [(Double, Double, Double)]
    public let draws: Int

    public init(problem: CalibrationProblem, posterior: ABCPopulation, draws: Int, seed: UInt64, threads: Int) {
        self.draws = draws
        let root = StreamKey(seed: seed).child(0x5050_4343)
        let cumulative = posterior.weights.reduce(into: [Double]()) { $0.append(($0.last ?? 0) + $1) }
        let logs = ReplicationPool.run(replications: 0..<draws, variants: 1, threads: threads) { r, _ -> DrillLog in
            let rng = RandomStream.keyed()
            rng.reseed(root.child(UInt64(r), 0).value)
            let u = rng.uniform() * cumulative.last!
            let i = cumulative.firstIndex { $0 > u } ?? cumulative.count - 1
            return problem.summaries.filtered(problem.simulate(posterior.particles[i], seed: root.child(UInt64(r), 1).value))
        }[0]
        let obs = problem.observed
        let end = obs.observedUntil ?? ([obs.done, obs.notified].flatMap { $0 }.filter { !$0.isNaN } + logs.flatMap { $0.done.filter { !$0.isNaN } }).max() ?? 1
        let hrs = (0...100).map { end * Double($0) / 100 }
        hours = hrs
        func shares(_ log: DrillLog, done: Bool) -> [Double] {
            var t: [Double] = []
            var n = 0
            for g in 0..<log.microgridCount {
                switch done ? log.doneObservation(g) : log.notifiedObservation(g) {
                case .at(let x): t.append(x); n += 1
                case .notBy: n += 1
                case .unknown: break
                }
            }
            t.sort()
            var k = 0
            return hrs.map { h in
                while k < t.count && t[k] <= h { k += 1 }
                return n == 0 ? .nan : Double(k) / Double(n)
            }
        }
        func band(_ rows: [[Double]]) -> [(Double, Double, Double)] {
            guard let first = rows.first else { return [] }
            return first.indices.map { j in
                let v = rows.map { $0[j] }.filter { !$0.isNaN }.sorted()
                guard !v.isEmpty else { return (.nan, .nan, .nan) }
                func q(_ p: Double) -> Double { v[min(v.count - 1, Int((p * Double(v.count - 1)).rounded()))] }
                return (q(0.025), q(0.5), q(0.975))
            }
        }
        observedDone = obs.hasDone ? shares(obs, done: true) : []
        observedNotified = obs.hasNotified ? shares(obs, done: false) : []
        simulatedDone = obs.hasDone ? band(logs.map { shares($0, done: true) }) : []
        simulatedNotified = obs.hasNotified ? band(logs.map { shares($0, done: false) }) : []
        summaries = band(logs.map { problem.summaries.summaries(of: $0) })
    }

    /// Share of the hours at which the observed distribution lies inside
    /// the simulated 95 % band.
    public func insideBand(done: Bool) -> Double {
        let o = done ? observedDone : observedNotified, b = done ? simulatedDone : simulatedNotified
        guard !o.isEmpty else { return .nan }
        let inside = zip(o, b).filter { $0 >= $1.0 - 1e-12 && $0 <= $1.2 + 1e-12 }.count
        return Double(inside) / Double(o.count)
    }
}
