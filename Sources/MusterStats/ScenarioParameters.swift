import MusterEngine
import MusterModel

/// `parameters.json`: the resolved scenario's key parameters, for the
/// report and for anyone reading an output folder without the scenario
/// file at hand.
///
/// Each entry of `parameters` is keyed by the scenario file's dotted path
/// and holds the value as a scenario file would write it (`2h`,
/// `{dist: lognormal, mean: 2h, sd: 1h}`, `Mon-Fri 08:30-17:30`), so it can
/// be pasted after `--set KEY=`. Values are after defaults and `--set`
/// overrides; relay levels are one entry each with every parameter merged
/// (`tiered.street`), listed for the levels the order passes.
public struct ScenarioParameters: Sendable, Equatable {
    public var scenario: String
    public var scenarioFile: String
    public var overrides: [String]
    public var modes: [Mode]
    /// Key → value text, in scenario-file order.
    public var entries: [(key: String, value: String)]
    /// Micro-grids per replication: the exact count for a layout file, the
    /// product of mean fan-outs otherwise.
    public var expectedMicrogrids: Double
    /// Households per replication, as `expectedMicrogrids` times the mean
    /// per micro-grid (exact where a layout file gives every count).
    public var expectedHouseholds: Double

    public init(scenario s: Scenario, scenarioFile: String, overrides: [String], modes: [Mode]) {
        scenario = s.name
        self.scenarioFile = scenarioFile
        self.overrides = overrides
        self.modes = modes
        var e: [(String, String)] = [
            ("start", s.start.description),
            ("seed", String(s.seed)),
            ("replications", String(s.replications)),
        ]
        if let scope = s.scope { e.append(("scope", "[" + scope.joined(separator: ", ") + "]")) }
        switch s.layout.source {
        case .fanout(let fanout):
            var micro = 1.0
            for level in Level.allCases.dropFirst() {
                let d = fanout[level] ?? .fixed(1)
                micro *= d.mean
                e.append(("layout.fanout.\(level.name)", Self.text(d)))
            }
            expectedMicrogrids = micro
            expectedHouseholds = micro * s.layout.households.mean
        case .units(let units):
            let leaves = units.filter { $0.level == .microgrid }
            e.append(("layout.file", "\(units.count) units, \(leaves.count) micro-grids"))
            expectedMicrogrids = Double(leaves.count)
            expectedHouseholds = leaves.reduce(0) { $0 + ($1.households.map(Double.init) ?? s.layout.households.mean) }
        }
        e.append(("layout.households", Self.text(s.layout.households)))
        e.append(("team.heads", String(s.team.heads)))
        e.append(("team.members", String(s.team.members)))
        e.append(("team.volunteers", Self.text(s.team.volunteers)))
        e.append(("team.volunteer_speed", Self.number(s.team.volunteerSpeed)))
        e.append(("field.hours", s.field.hours.description))
        e.append(("field.travel", Self.text(s.field.travel)))
        e.append(("field.visit", Self.text(s.field.visit)))
        e.append(("field.not_home", Self.number(s.field.notHome)))
        e.append(("field.revisit_after", Self.duration(s.field.revisitAfter)))
        e.append(("field.max_attempts", String(s.field.maxAttempts)))
        e.append(("tiered.levels", "[" + s.tiered.levels.map(\.name).joined(separator: ", ") + "]"))
        for level in s.tiered.levels {
            guard let spec = s.tiered.perLevel[level] else { continue }
            e.append(("tiered.\(level.name)", Self.text(spec)))
        }
        e.append(("tiered.team_notify", Self.text(s.tiered.teamNotify)))
        e.append(("p2p.duty_hours", s.p2p.dutyHours.description))
        e.append(("p2p.ack.on_duty", Self.text(s.p2p.ackOnDuty)))
        e.append(("p2p.ack.off_duty", Self.text(s.p2p.ackOffDuty)))
        e.append(("p2p.push_fails", Self.number(s.p2p.pushFails)))
        e.append(("p2p.team_notify", Self.text(s.p2p.teamNotify)))
        e.append(("p2p.sync", Self.text(s.p2p.sync)))
        entries = e
    }

    /// Keys: scenario, scenario_file, overrides, modes, parameters (an
    /// object of key → text), expected_microgrids, expected_households.
    public var json: JSONValue {
        .object([
            ("scenario", .string(scenario)),
            ("scenario_file", .string(scenarioFile)),
            ("overrides", .array(overrides.map { .string($0) })),
            ("modes", .array(modes.map { .string($0.rawValue) })),
            ("parameters", .object(entries.map { ($0.key, .string($0.value)) })),
            ("expected_microgrids", .number(expectedMicrogrids)),
            ("expected_households", .number(expectedHouseholds)),
        ])
    }

    public static func == (a: ScenarioParameters, b: ScenarioParameters) -> Bool {
        a.json == b.json
    }

    // MARK: scenario-file text

    /// A duration with its unit: `0s`, `45s`, `15m`, `2h`, `1.5h`.
    static func duration(_ seconds: Double) -> String {
        seconds == 0 ? "0s" : DurationText.format(seconds)
    }

    /// A plain number: `3`, `0.15`.
    static func number(_ x: Double) -> String { NumberText.format(x) ?? "\(x)" }

    static func text(_ d: Distribution) -> String {
        switch d {
        case .constant(let v): duration(v)
        case .uniform(let a, let b): "{dist: uniform, min: \(duration(a)), max: \(duration(b))}"
        case .exponential(let m): "{dist: exponential, mean: \(duration(m))}"
        case .lognormal(let m, let s): "{dist: lognormal, mean: \(duration(m)), sd: \(duration(s))}"
        case .gamma(let k, let s): "{dist: gamma, shape: \(number(k)), scale: \(duration(s))}"
        case .weibull(let k, let s): "{dist: weibull, shape: \(number(k)), scale: \(duration(s))}"
        case .triangular(let a, let c, let b):
            "{dist: triangular, min: \(duration(a)), mode: \(duration(c)), max: \(duration(b))}"
        }
    }

    static func text(_ d: CountDistribution) -> String {
        switch d {
        case .fixed(let k): String(k)
        case .range(let a, let b): "{min: \(a), max: \(b)}"
        case .poisson(let m): "{dist: poisson, mean: \(number(m))}"
        }
    }

    static func text(_ r: RelayLevelSpec) -> String {
        var parts = ["handlers: \(r.handlers)", "office_hours: \(r.officeHours.description)",
                     "forward: \(r.forward.rawValue)", "handle: \(text(r.handle))",
                     "notify: \(text(r.notify))", "aggregate: \(text(r.aggregate))"]
        if r.transmit != .constant(0) { parts.append("transmit: \(text(r.transmit))") }
        return "{" + parts.joined(separator: ", ") + "}"
    }
}
