import MusterABC
import MusterDrill
import MusterEngine
import MusterModel

/// What a calibration fits: a scenario on the drill's layout, the drill's
/// mode, the varied parameters with their knobs, and the observed log's
/// summaries. Turns a parameter vector into a scenario and a simulated
/// drill into summaries; knows no files.
public struct CalibrationProblem: Sendable {
    public let base: Scenario
    public let mode: Mode
    public let parameters: [CalibrationParameter]
    /// Per parameter, one knob per tied path.
    public let knobs: [[ScenarioKnob]]
    public let layout: DrillLayout
    public let observed: DrillLog
    public let summaries: DrillSummaries

    public init(base: Scenario, mode: Mode, parameters: [CalibrationParameter], knobs: [[ScenarioKnob]],
                layout: DrillLayout, observed: DrillLog) {
        self.base = base; self.mode = mode; self.parameters = parameters; self.knobs = knobs
        self.layout = layout; self.observed = observed
        summaries = DrillSummaries(observed: observed, layout: layout)
    }

    /// The scenario at parameter vector `theta` (values in the parameters'
    /// units), simulated with `seed`.
    public func scenario(_ theta: [Double], seed: UInt64) -> Scenario {
        var s = base
        s.seed = seed
        for (k, ks) in knobs.enumerated() { for knob in ks { knob.apply(theta[k], to: &s) } }
        return s
    }

    /// One simulated drill at `theta`: its replication 0 under `seed`.
    public func simulate(_ theta: [Double], seed: UInt64) -> ReplicationResult {
        Experiment.replicate(CompiledScenario(scenario(theta, seed: seed)), replication: 0, mode: mode)
    }

    /// The summaries of one simulated drill, seen as the observed log was.
    public func simulatedSummaries(_ theta: [Double], seed: UInt64) -> [Double] {
        summaries.summaries(of: simulate(theta, seed: seed))
    }

    /// The ABC run of this problem.
    public func abc(_ settings: ABCSettings) -> ABCSMC {
        ABCSMC(priors: parameters.map(\.prior), observed: summaries.observed, settings: settings)
    }
}
