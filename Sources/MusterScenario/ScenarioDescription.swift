import MusterEngine
import MusterIncidents
import MusterModel

/// The few lines `muster validate` prints about a valid scenario: what it
/// simulates and with what, only for the parts it simulates.
public enum ScenarioDescription {
    /// The whole document: the header and layout, then the order's lines
    /// when the order is simulated and the incidents' when they are.
    public static func lines(_ d: ScenarioDocument) -> [String] {
        let s = d.scenario
        let withOrder = d.simulates(.order)
        var out = ["\(s.name): valid"]
        if d.incidents != nil {
            out.append("  simulates: " + d.simulate.map(\.rawValue).joined(separator: " and "))
        }
        out.append(withOrder ? "  order issued \(s.start), seed \(s.seed), \(s.replications) replications"
                             : "  starts \(s.start), seed \(s.seed), \(s.replications) replications")
        out += layoutLines(s)
        if withOrder { out += orderLines(s) }
        if let incidents = d.incidents, d.simulates(.incidents) { out += incidentLines(incidents) }
        return out
    }

    /// An order-only scenario's lines.
    public static func lines(_ s: Scenario) -> [String] {
        lines(ScenarioDocument(scenario: s, incidents: nil, simulate: [.order]))
    }

    static func layoutLines(_ s: Scenario) -> [String] {
        switch s.layout.source {
        case .fanout(let f):
            let parts = Level.allCases.dropFirst().map { "\($0.name) \(describe(f[$0] ?? .fixed(1)))" }
            let expected = ScenarioLimits.expectedMicrogrids(s)
            return ["  layout: " + parts.joined(separator: ", "),
                    "  expected micro-grids ≈ \(Int(expected.rounded())), households ≈ \(Int((expected * s.layout.households.mean).rounded()))"]
        case .units(let units):
            let mgs = units.filter { $0.level == .microgrid }.count
            return ["  layout: \(units.count) units from a file, \(mgs) micro-grids"]
        }
    }

    /// The order's team, field work, relay and app.
    static func orderLines(_ s: Scenario) -> [String] {
        var out = [
            "  team: \(s.team.heads) head, \(s.team.members) members, volunteers \(describe(s.team.volunteers)) at speed \(s.team.volunteerSpeed)",
            "  field: \(s.field.hours), not home \(s.field.notHome), up to \(s.field.maxAttempts) attempts",
            "  tiered levels: " + s.tiered.levels.map(\.name).joined(separator: " > "),
            "  p2p: duty \(s.p2p.dutyHours), push fails \(s.p2p.pushFails)",
        ]
        if s.p2p.rebalance != .none || s.p2p.adoption < 1 {
            out.append("  p2p what-ifs: rebalance \(s.p2p.rebalance.rawValue), adoption \(s.p2p.adoption)")
        }
        if let scope = s.scope { out.append("  scope: " + scope.joined(separator: ", ")) }
        return out
    }

    /// The incident streams: horizon, kinds, departments, how reports climb.
    static func incidentLines(_ spec: IncidentSpec) -> [String] {
        var out = ["  incidents: horizon \(DurationText.format(spec.horizon)), warm-up \(spec.warmup > 0 ? DurationText.format(spec.warmup) : "none")"
                   + (spec.surge.factors.isEmpty ? "" : ", surge by day [" + spec.surge.factors.map(short).joined(separator: ", ") + "]")]
        for k in spec.kinds {
            out.append("    \(k.name): \(k.ratePerHouseholdDay) per household per day, reach \(k.reach.name), department \(k.department), limit \(DurationText.format(k.limit)), priority \(k.priority)")
        }
        for d in spec.departments {
            out.append("    department \(d.name): \(d.handlers) handler\(d.handlers == 1 ? "" : "s"), \(d.hours), \(d.queue.rawValue)")
        }
        out.append("    tiered: report climbs " + spec.tiered.levels.reversed().map(\.name).joined(separator: " > "))
        out.append("    p2p: platform at each \(spec.platform.level.name), \(spec.platform.handlers) handler\(spec.platform.handlers == 1 ? "" : "s"), \(spec.platform.hours)")
        return out
    }

    static func describe(_ d: CountDistribution) -> String {
        switch d {
        case .fixed(let n): "\(n)"
        case .range(let a, let b): "\(a)–\(b)"
        case .poisson(let m): "Poisson(\(m))"
        }
    }

    private static func short(_ x: Double) -> String {
        x.rounded() == x && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}
