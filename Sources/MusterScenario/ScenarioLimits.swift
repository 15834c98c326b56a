import MusterEngine
import MusterIncidents
import MusterModel

/// How large a scenario's tree and incident streams can grow, and the
/// refusal of those too large to hold in memory (checked after the file
/// has been read; `muster` calls `check` on every scenario it loads).
public enum ScenarioLimits {
    /// Households a replication can hold at most before memory runs out on
    /// a laptop (about 24 bytes each for both modes at once, plus the
    /// tree): 20× the whole of Ningbo.
    public static let maxHouseholds = 50_000_000.0

    /// Incidents a replication may hold at most (about 100 bytes each).
    public static let maxIncidents = 20_000_000.0

    /// Refuses trees and incident streams too large to simulate, before
    /// any memory is spent.
    public static func check(_ d: ScenarioDocument, file: String) throws(ScenarioError) {
        try checkSize(d.scenario, file: file)
        if let incidents = d.incidents { try checkIncidents(incidents, in: d.scenario, file: file) }
    }

    /// The most a count can draw: a range at its maximum, a Poisson count
    /// at its mean plus ten sd.
    static func upper(_ d: CountDistribution) -> Double {
        switch d {
        case .fixed(let n): Double(n)
        case .range(_, let b): Double(b)
        case .poisson(let m): m + 10 * m.squareRoot() + 10
        }
    }

    /// The most households the layout can draw: fan-out ranges at their
    /// maxima, a Poisson count at its mean plus ten sd; a layout file's
    /// micro-grids without a count at the scenario's mean.
    public static func householdBound(_ s: Scenario) -> Double {
        switch s.layout.source {
        case .fanout:
            return microgridBound(s) * upper(s.layout.households)
        case .units(let units):
            let drawn = units.filter { $0.level == .microgrid && $0.households == nil }.count
            let fixed = units.compactMap(\.households).reduce(0, +)
            return Double(fixed) + Double(drawn) * Double(max(s.layout.households.mean, 1))
        }
    }

    /// The most micro-grids the layout can draw. The product is computed
    /// in `Double`, so it cannot overflow.
    public static func microgridBound(_ s: Scenario) -> Double {
        switch s.layout.source {
        case .fanout(let fanout):
            return Level.allCases.dropFirst().reduce(1.0) { $0 * upper(fanout[$1] ?? .fixed(1)) }
        case .units(let units):
            return Double(units.filter { $0.level == .microgrid }.count)
        }
    }

    /// Micro-grids per replication on average: the exact count for a
    /// layout file, the product of mean fan-outs otherwise.
    public static func expectedMicrogrids(_ s: Scenario) -> Double {
        switch s.layout.source {
        case .fanout(let fanout):
            return Level.allCases.dropFirst().reduce(1.0) { $0 * (fanout[$1] ?? .fixed(1)).mean }
        case .units(let units):
            return Double(units.filter { $0.level == .microgrid }.count)
        }
    }

    /// Households per replication on average: `expectedMicrogrids` times
    /// the mean per micro-grid (exact where a layout file gives every count).
    public static func expectedHouseholds(_ s: Scenario) -> Double {
        switch s.layout.source {
        case .fanout:
            return expectedMicrogrids(s) * s.layout.households.mean
        case .units(let units):
            return units.filter { $0.level == .microgrid }
                .reduce(0) { $0 + ($1.households.map(Double.init) ?? s.layout.households.mean) }
        }
    }

    /// The expected incidents of one replication on the largest tree the
    /// layout allows.
    public static func expectedIncidents(_ spec: IncidentSpec, in s: Scenario) -> Double {
        let households = householdBound(s)
        let days = spec.horizon / 86_400
        return spec.kinds.reduce(0.0) {
            $0 + $1.ratePerHouseholdDay * ($1.surge ?? spec.surge).mean(over: spec.horizon) * days * households
        }
    }

    /// Refuses a tree that can hold no household or more than
    /// `maxHouseholds`.
    public static func checkSize(_ s: Scenario, file scenario: String) throws(ScenarioError) {
        let households = householdBound(s)
        let key: String
        if case .fanout = s.layout.source { key = "layout.fanout" } else { key = "layout.file" }
        if households < 1 {
            throw ScenarioError(issues: [ScenarioIssue(
                file: scenario, line: nil, key: key,
                message: "the layout can hold no households (a fan-out or household count of 0, or a file without micro-grids); every level needs at least one unit and micro-grids need households")])
        }
        if !(households <= maxHouseholds) {
            throw ScenarioError(issues: [ScenarioIssue(
                file: scenario, line: nil, key: key,
                message: "the tree could hold \(CountText.format(households)) households; at most \(CountText.format(maxHouseholds)) are allowed")])
        }
    }

    /// Refuses incident streams too large to hold: the expected count on
    /// the largest tree the layout allows.
    public static func checkIncidents(_ spec: IncidentSpec, in s: Scenario, file scenario: String) throws(ScenarioError) {
        let households = householdBound(s)
        let expected = expectedIncidents(spec, in: s)
        if !(expected <= maxIncidents) {
            throw ScenarioError(issues: [ScenarioIssue(
                file: scenario, line: nil, key: "incidents.kinds",
                message: "the rates could bring \(CountText.format(expected)) incidents in one replication over \(CountText.format(households)) households; at most \(CountText.format(maxIncidents)) are allowed: lower the rates, the horizon or the layout")])
        }
    }
}
