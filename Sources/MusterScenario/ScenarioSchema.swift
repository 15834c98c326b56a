import MusterEngine
import MusterIncidents
import MusterModel

/// One key of a scenario file: where it sits, what it holds, its built-in
/// value and the range the reader accepts.
///
/// `ScenarioSchema.keys` lists every key once. The reader takes its
/// allowed-key lists and numeric limits from here, the writer
/// (`ScenarioWriter`) must write every leaf key listed here (a test walks
/// the table against the written mapping), and `defaultText` is rendered
/// from `Defaults` by the writer's own formatting, so the documentation of
/// a default cannot drift from the value the reader uses.
public struct ScenarioKey: Sendable, Equatable {
    /// What a key's value is, as a scenario file writes it.
    public enum Kind: String, Sendable {
        /// A mapping of further keys.
        case section
        /// A mapping of user-chosen names (kinds, departments), each a section.
        case namedSections = "named sections"
        case text
        case weekTime = "week time"
        case seed
        case integer
        /// A count distribution: an integer, `{min, max}` or `{dist: poisson, mean}`.
        case count
        case number
        case probability
        case duration
        /// A duration distribution: a duration or `{dist: NAME, ...}`.
        case distribution
        case calendar
        /// One word of `allowed`.
        case choice
        /// A list of words of `allowed`.
        case choices
        /// A list of unit ids.
        case ids
        /// A path to a file.
        case file
        /// A list of numbers ≥ 0.
        case numbers
    }

    /// Dotted path; `<level>`, `<kind>` and `<department>` stand for a
    /// relay level's name, an incident kind's and a department's.
    public let path: String
    public let kind: Kind
    /// The unit of a number (`per household per day`), if any.
    public let unit: String?
    /// The built-in value as a scenario file would write it; nil when the
    /// key is required or its default depends on other keys (see `doc`).
    public let defaultText: String?
    /// Inclusive lower bound of a number or count.
    public let min: Double?
    /// Upper bound of a number or count; exclusive when `maxExclusive`.
    public let max: Double?
    public let maxExclusive: Bool
    /// The words a choice allows.
    public let allowed: [String]?
    public let doc: String

    init(_ path: String, _ kind: Kind, unit: String? = nil, default defaultText: String? = nil,
         min: Double? = nil, max: Double? = nil, maxExclusive: Bool = false, allowed: [String]? = nil,
         _ doc: String) {
        self.path = path; self.kind = kind; self.unit = unit; self.defaultText = defaultText
        self.min = min; self.max = max; self.maxExclusive = maxExclusive; self.allowed = allowed; self.doc = doc
    }

    /// The last component of the path.
    public var name: String { path.split(separator: ".").last.map(String.init) ?? path }

    /// The parent's path ("" at the top).
    public var parent: String {
        guard let dot = path.lastIndex(of: ".") else { return "" }
        return String(path[..<dot])
    }

    var intMin: Int { Int(min ?? 0) }
    var intMax: Int { Int(max ?? Double(Int.max)) }
}

/// The scenario file's keys, in file order: the one description the
/// reader, the writer and the size limits share.
public enum ScenarioSchema {
    private static func text(_ d: Distribution) -> String { ScenarioValue.distribution(d).flowText }
    private static func text(_ d: CountDistribution) -> String { ScenarioValue.count(d).flowText }
    private static func text(_ seconds: Double) -> String { ScenarioValue.durationText(seconds) }
    private static func number(_ x: Double) -> String { ScenarioValue.numberText(x) }

    // MARK: Keys with limits the reader checks

    static let replications = ScenarioKey("replications", .integer, default: String(Defaults.replications),
                                          min: 1, max: 10_000_000, "Replications per run; `--replications` overrides.")
    static let households = ScenarioKey("layout.households", .count, unit: "households", default: text(Defaults.households),
                                        min: 0, max: 1_000_000,
                                        "Households per micro-grid (for a layout file: where its `households` cell is empty).")
    /// The most children a unit may have at any level (a fan-out's value,
    /// range maximum or Poisson mean). The whole tree is bounded separately
    /// by `ScenarioLimits.maxHouseholds`; this keeps each factor small.
    static let maxFanout = 1_000_000.0
    static let heads = ScenarioKey("team.heads", .integer, unit: "people", default: String(Defaults.heads), min: 1, max: 1000,
                                   "Heads per micro-grid; the first is the grid head (the \"1\" of 1+3+N).")
    static let members = ScenarioKey("team.members", .integer, unit: "people", default: String(Defaults.members), min: 0, max: 10_000,
                                     "Grid members per micro-grid (the \"3\").")
    static let volunteers = ScenarioKey("team.volunteers", .count, unit: "people", default: text(Defaults.volunteers), min: 0, max: 10_000,
                                        "Volunteers per micro-grid, drawn per micro-grid and replication (the \"N\").")
    static let volunteerSpeed = ScenarioKey("team.volunteer_speed", .number, default: number(Defaults.volunteerSpeed), min: 0.01, max: 100,
                                            "Volunteers' travel and visit times are divided by it (0.8: 25 % slower).")
    static let notHome = ScenarioKey("field.not_home", .probability, default: number(Defaults.notHome), min: 0, max: 1, maxExclusive: true,
                                     "Chance an attempt finds nobody home.")
    // Attempt numbers key the random substreams (< 64 per household).
    static let maxAttempts = ScenarioKey("field.max_attempts", .integer, default: String(Defaults.maxAttempts), min: 1, max: 50,
                                         "Tries before a household counts as unreached.")
    static let relayHandlers = ScenarioKey("tiered.default.handlers", .integer, unit: "people", default: String(Defaults.relay.handlers),
                                           min: 1, max: 100_000, "Jobs the unit runs at once (its relay staff).")
    static let pushFails = ScenarioKey("p2p.push_fails", .probability, default: number(Defaults.pushFails), min: 0, max: 1,
                                       "Chance a person other than the grid head misses the push; the head then phones them.")
    static let adoption = ScenarioKey("p2p.adoption", .probability, default: number(Defaults.adoption), min: 0, max: 1,
                                      "Chance a micro-grid's team uses the app; the others get the order by relay from their nearest relay unit.")
    static let handlers = ScenarioKey("incidents.departments.<department>.handlers", .integer, unit: "people", default: "1",
                                      min: 1, max: 100_000, "Crews working at once.")
    static let priority = ScenarioKey("incidents.kinds.<kind>.priority", .integer, default: "1", min: 1, max: 1000,
                                      "Under `queue: priority` lower numbers go first: 1 is most urgent.")
    static let horizon = ScenarioKey("incidents.horizon", .duration, default: text(IncidentDefaults.horizon),
                                     min: 1, max: IncidentDefaults.maxHorizon, "Incidents occur in `[0, horizon)` from `start`.")

    // MARK: The table

    /// Every key, in scenario-file order.
    public static let keys: [ScenarioKey] = [
        ScenarioKey("name", .text, "Label in reports and files."),
        ScenarioKey("start", .weekTime, default: Defaults.start.description, "When the order is issued (time 0) and incident streams start."),
        ScenarioKey("seed", .seed, default: String(Defaults.seed), min: 0, max: Double(UInt64.max), "Random seed: the same seed gives the same results; `--seed` overrides."),
        replications,
        ScenarioKey("scope", .ids, "The units the order addresses; others are left out. With a layout file, unknown ids are errors."),
        ScenarioKey("layout", .section, "The governance tree: layout.fanout or layout.file, plus households."),
        ScenarioKey("layout.fanout", .section, "Children per parent for each level below the city."),
        ScenarioKey("layout.fanout.district", .count, unit: "children", min: 0, max: maxFanout, "Districts in the city."),
        ScenarioKey("layout.fanout.street", .count, unit: "children", min: 0, max: maxFanout, "Streets per district."),
        ScenarioKey("layout.fanout.community", .count, unit: "children", min: 0, max: maxFanout, "Communities per street."),
        ScenarioKey("layout.fanout.grid", .count, unit: "children", min: 0, max: maxFanout, "Grids per community."),
        ScenarioKey("layout.fanout.microgrid", .count, unit: "children", min: 0, max: maxFanout, "Micro-grids per grid."),
        ScenarioKey("layout.file", .file, "A CSV of units (`id,parent,level,households`), relative to the scenario file; instead of `layout.fanout`."),
        households,

        ScenarioKey("team", .section, "The 1+3+N team of each micro-grid."),
        heads, members, volunteers, volunteerSpeed,

        ScenarioKey("field", .section, "Household visits, the same in every mode."),
        ScenarioKey("field.hours", .calendar, default: Defaults.fieldHours.description, "When a worker may start a household."),
        ScenarioKey("field.travel", .distribution, default: text(Defaults.travel), "Walk to a household, per attempt."),
        ScenarioKey("field.visit", .distribution, default: text(Defaults.visit), "The visit, when someone is home."),
        notHome,
        ScenarioKey("field.revisit_after", .duration, default: text(Defaults.revisitAfter), "A not-home household is eligible again this long after the arrival."),
        maxAttempts,

        ScenarioKey("tiered", .section, "Tiered relay: the order climbs down level by level, reports climb up."),
        ScenarioKey("tiered.levels", .choices, default: "[" + Level.relayLevels.map(\.name).joined(separator: ", ") + "]",
                    allowed: Level.relayLevels.map(\.name), "Levels the order passes through; unlisted levels are skipped. Each at most once, at least one; `microgrid` is not a relay level. Stored top-down whatever the order written."),
        ScenarioKey("tiered.default", .section, "Relay-level parameters shared by every level; each level's own keys override them."),
        relayHandlers,
        ScenarioKey("tiered.default.office_hours", .calendar, default: Defaults.relay.officeHours.description, "When a relay job may start."),
        ScenarioKey("tiered.default.forward", .choice, default: Defaults.relay.forward.rawValue, allowed: Forwarding.allCases.map(\.rawValue),
                    "`sequential`: one `notify` call per child; `broadcast`: one message to all."),
        ScenarioKey("tiered.default.handle", .distribution, default: text(Defaults.relay.handle), "Reading, meeting, drafting, on receipt (receiving level's)."),
        ScenarioKey("tiered.default.notify", .distribution, default: text(Defaults.relay.notify), "One call (or the broadcast) to the level below (sending level's)."),
        ScenarioKey("tiered.default.aggregate", .distribution, default: text(Defaults.relay.aggregate), "Combining the children's reports."),
        ScenarioKey("tiered.default.transmit", .distribution, default: text(Defaults.relay.transmit), "Delay between the end of a notify and the child's receipt, per child (sending level's)."),
        ScenarioKey("tiered.team_notify", .distribution, default: text(Defaults.tieredTeamNotify), "The grid head's call to each team person."),
        ScenarioKey("tiered.<level>", .section, "One relay level (city, district, street, community, grid): the keys of tiered.default, for that level alone."),

        ScenarioKey("p2p", .section, "Point-to-point: the command app pushes the order to every person."),
        ScenarioKey("p2p.duty_hours", .calendar, default: Defaults.dutyHours.description, "A person pushed inside these hours is on duty: acknowledges with `p2p.ack.on_duty`, else `p2p.ack.off_duty`."),
        ScenarioKey("p2p.ack", .section, "Acknowledging a push."),
        ScenarioKey("p2p.ack.on_duty", .distribution, default: text(Defaults.ackOnDuty), "Time to acknowledge the push on duty."),
        ScenarioKey("p2p.ack.off_duty", .distribution, default: text(Defaults.ackOffDuty), "Time to acknowledge the push off duty."),
        pushFails,
        ScenarioKey("p2p.team_notify", .distribution, default: text(Defaults.p2pTeamNotify), "The head's call to a person who missed the push."),
        ScenarioKey("p2p.sync", .distribution, default: text(Defaults.sync), "Delay before a done micro-grid shows at the centre, per micro-grid."),
        ScenarioKey("p2p.rebalance", .choice, default: Defaults.rebalance.rawValue, allowed: Rebalance.allCases.map(\.rawValue),
                    "Idle workers of a done micro-grid help the one of their grid (community) with the most households left; `none`: they stay idle."),
        ScenarioKey("p2p.reassign", .distribution, default: text(Defaults.reassign), "A moved worker's delay before joining the other micro-grid."),
        adoption,

        ScenarioKey("incidents", .section, "Incident streams (docs/model.md); absent for an order-only scenario."),
        horizon,
        ScenarioKey("incidents.warmup", .duration, default: "0s", "Incidents before it are left out of every statistic."),
        ScenarioKey("incidents.sample_every", .duration, default: text(IncidentDefaults.sampleEvery), min: 1,
                    "Step of the queue-length series; at most \(IncidentDefaults.maxSamples) samples per horizon."),
        ScenarioKey("incidents.surge", .numbers, default: "[]", min: 0, "Rate multipliers per simulated day (day 1 = the first 24 h); later days 1."),
        ScenarioKey("incidents.kinds", .namedSections, "Kinds of incident by name; at least one."),
        ScenarioKey("incidents.kinds.<kind>.rate", .number, unit: "per household per day", min: 0, "Incidents per household per day."),
        ScenarioKey("incidents.kinds.<kind>.surge", .numbers, min: 0, "This kind's own multipliers (`[]`: none)."),
        ScenarioKey("incidents.kinds.<kind>.discover", .distribution, default: text(IncidentDefaults.discover), "Occurrence → report."),
        ScenarioKey("incidents.kinds.<kind>.reach", .choice, default: IncidentDefaults.reach.name, allowed: Level.relayLevels.map(\.name),
                    "Tiered: the highest level the report climbs to."),
        ScenarioKey("incidents.kinds.<kind>.department", .text, "Who disposes of it."),
        ScenarioKey("incidents.kinds.<kind>.dispose", .distribution, default: text(IncidentDefaults.dispose), "The department's work."),
        ScenarioKey("incidents.kinds.<kind>.limit", .duration, default: text(IncidentDefaults.limit), min: 1, "Time limit, report → close."),
        priority,
        ScenarioKey("incidents.departments", .namedSections, "Departments by name; at least one."),
        handlers,
        ScenarioKey("incidents.departments.<department>.office_hours", .calendar, default: IncidentDefaults.officeHours.description,
                    "When a disposal may start."),
        ScenarioKey("incidents.departments.<department>.queue", .choice, default: QueueDiscipline.fifo.rawValue,
                    allowed: QueueDiscipline.allCases.map(\.rawValue), "`fifo`: first come, first served; `priority`: lowest `priority` number first, FIFO within, not pre-emptive."),
        ScenarioKey("incidents.tiered", .section, "How a report climbs the relay levels."),
        ScenarioKey("incidents.tiered.levels", .choices, allowed: Level.relayLevels.map(\.name),
                    "Levels a report climbs."),
        ScenarioKey("incidents.tiered.default", .section, "Handling shared by every level."),
        ScenarioKey("incidents.tiered.default.handlers", .integer, unit: "people", min: 1, max: 100_000,
                    "Staff handling reports, at every level."),
        ScenarioKey("incidents.tiered.default.office_hours", .calendar, "When handling a report may start, at every level."),
        ScenarioKey("incidents.tiered.default.handle", .distribution, default: text(IncidentDefaults.handle), "Handling one report, at every level."),
        ScenarioKey("incidents.tiered.<level>", .section, "One level: the keys of incidents.tiered.default, for that level alone."),
        ScenarioKey("incidents.platform", .section, "Point-to-point triage on the platform."),
        ScenarioKey("incidents.platform.level", .choice, default: IncidentDefaults.platformLevel.name, allowed: Level.relayLevels.map(\.name),
                    "Point-to-point: one platform per unit of this level."),
        ScenarioKey("incidents.platform.handlers", .integer, unit: "people", default: String(IncidentDefaults.platformHandlers),
                    min: 1, max: 100_000, "Duty officers per platform."),
        ScenarioKey("incidents.platform.office_hours", .calendar, default: "always", "When triage may start."),
        ScenarioKey("incidents.platform.triage", .distribution, default: text(IncidentDefaults.triage), "Triage and routing."),
        ScenarioKey("incidents.confirm", .distribution, default: text(IncidentDefaults.confirm), "The grid member's check after disposal."),

        ScenarioKey("simulate", .choices, allowed: SimulatedPart.allCases.map(\.rawValue),
                    "What `muster run` simulates."),
    ]

    /// The key at `path` (with `<level>`, `<kind>`, `<department>` as written in the table).
    public static func key(_ path: String) -> ScenarioKey? { keys.first { $0.path == path } }

    /// Names of the keys directly under `parent`, in table order, with
    /// `<level>` expanded to `levels`.
    static func children(of parent: String, levels: [Level] = Level.relayLevels) -> [String] {
        keys.filter { $0.parent == parent }.flatMap { k in
            k.name == "<level>" ? levels.map(\.name) : [k.name]
        }
    }

    /// Paths of the keys that hold a value (not a section), in table order.
    public static var leafPaths: [String] {
        keys.filter { $0.kind != .section && $0.kind != .namedSections }.map(\.path)
    }
}
