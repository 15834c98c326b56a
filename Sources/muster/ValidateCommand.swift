import ArgumentParser
import MusterEngine
import MusterModel

/// `muster validate`: check a scenario without simulating.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario file and list every problem, without simulating.",
        discussion: """
        Prints a short description of the scenario when it is valid (exit 0). \
        Otherwise prints one line per problem — file:line: key: what is wrong and \
        what is allowed — and exits with code 2.
        """
    )

    @OptionGroup var options: ScenarioOptions

    func run() throws {
        let d = try options.loadDocument()
        print(ScenarioDescription.lines(d.scenario).joined(separator: "\n"))
        if let incidents = d.incidents { print(IncidentDescription.lines(incidents, simulate: d.simulate).joined(separator: "\n")) }
    }
}

/// A few lines that tell a planner what a scenario holds.
enum ScenarioDescription {
    static func lines(_ s: Scenario) -> [String] {
        var out = ["\(s.name): valid",
                   "  order issued \(s.start), seed \(s.seed), \(s.replications) replications"]
        switch s.layout.source {
        case .fanout(let f):
            var expected = 1.0
            let parts = Level.allCases.dropFirst().map { level -> String in
                let d = f[level] ?? .fixed(1)
                expected *= d.mean
                return "\(level.name) \(describe(d))"
            }
            out.append("  layout: " + parts.joined(separator: ", "))
            out.append("  expected micro-grids ≈ \(Int(expected.rounded())), households ≈ \(Int((expected * s.layout.households.mean).rounded()))")
        case .units(let units):
            let mgs = units.filter { $0.level == .microgrid }.count
            out.append("  layout: \(units.count) units from a file, \(mgs) micro-grids")
        }
        out.append("  team: \(s.team.heads) head, \(s.team.members) members, volunteers \(describe(s.team.volunteers)) at speed \(s.team.volunteerSpeed)")
        out.append("  field: \(s.field.hours), not home \(s.field.notHome), up to \(s.field.maxAttempts) attempts")
        out.append("  tiered levels: " + s.tiered.levels.map(\.name).joined(separator: " > "))
        out.append("  p2p: duty \(s.p2p.dutyHours), push fails \(s.p2p.pushFails)")
        if s.p2p.rebalance != .none || s.p2p.adoption < 1 {
            out.append("  p2p what-ifs: rebalance \(s.p2p.rebalance.rawValue), adoption \(s.p2p.adoption)")
        }
        if let scope = s.scope { out.append("  scope: " + scope.joined(separator: ", ")) }
        return out
    }

    static func describe(_ d: CountDistribution) -> String {
        switch d {
        case .fixed(let n): "\(n)"
        case .range(let a, let b): "\(a)–\(b)"
        case .poisson(let m): "Poisson(\(m))"
        }
    }
}
