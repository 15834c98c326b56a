import MusterIncidents
import MusterModel

/// Everything a scenario file holds: the order model's scenario, the
/// incident streams when the file has an `incidents` section, and which
/// of the two `muster run` simulates.
public struct ScenarioDocument: Sendable, Equatable {
    public var scenario: Scenario
    /// The `incidents` section; nil when the file has none.
    public var incidents: IncidentSpec?
    /// The parts to simulate (`simulate`), in report order: the order
    /// before incidents. Defaults to the order alone, or to incidents alone
    /// when an `incidents` section is present.
    public var simulate: [SimulatedPart]

    public init(scenario: Scenario, incidents: IncidentSpec?, simulate: [SimulatedPart]) {
        self.scenario = scenario; self.incidents = incidents; self.simulate = simulate
    }

    /// True when `part` is simulated.
    public func simulates(_ part: SimulatedPart) -> Bool { simulate.contains(part) }
}
