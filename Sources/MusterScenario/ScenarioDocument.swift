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
    /// The layout CSV the tree was read from (`layout.file`, resolved
    /// against the scenario's folder); nil for a fan-out layout.
    public var layoutFile: String?

    public init(scenario: Scenario, incidents: IncidentSpec?, simulate: [SimulatedPart], layoutFile: String? = nil) {
        self.scenario = scenario; self.incidents = incidents; self.simulate = simulate; self.layoutFile = layoutFile
    }

    /// True when `part` is simulated.
    public func simulates(_ part: SimulatedPart) -> Bool { simulate.contains(part) }
}
