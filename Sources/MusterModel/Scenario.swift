import MusterEngine

/// The levels of the governance tree, root first.
public enum Level: Int, CaseIterable, Sendable, Comparable, Codable, CustomStringConvertible {
    case city, district, street, community, grid, microgrid

    public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }

    /// The scenario-file name of the level.
    public var name: String {
        switch self {
        case .city: "city"
        case .district: "district"
        case .street: "street"
        case .community: "community"
        case .grid: "grid"
        case .microgrid: "microgrid"
        }
    }

    public var description: String { name }

    /// Looks a level up by its scenario-file name.
    public init?(name: String) {
        guard let l = Level.allCases.first(where: { $0.name == name }) else { return nil }
        self = l
    }

    /// Levels that can relay an order (every level but the leaf).
    public static let relayLevels: [Level] = [.city, .district, .street, .community, .grid]
}

/// How the order travels from the root to the teams.
public enum Mode: String, CaseIterable, Sendable, Codable {
    case tiered
    case p2p
}

/// A fully validated scenario: every value the model needs, in seconds.
public struct Scenario: Sendable, Equatable {
    public var name: String
    /// When the order is issued.
    public var start: WeekTime
    public var seed: UInt64
    public var replications: Int
    public var layout: LayoutSpec
    public var team: TeamSpec
    public var field: FieldSpec
    public var tiered: TieredSpec
    public var p2p: P2PSpec
    /// Unit ids the order addresses; nil means the whole tree.
    public var scope: [String]?

    public init(name: String, start: WeekTime, seed: UInt64, replications: Int,
                layout: LayoutSpec, team: TeamSpec, field: FieldSpec,
                tiered: TieredSpec, p2p: P2PSpec, scope: [String]? = nil) {
        self.name = name; self.start = start; self.seed = seed
        self.replications = replications; self.layout = layout; self.team = team
        self.field = field; self.tiered = tiered; self.p2p = p2p; self.scope = scope
    }
}

/// The shape of the governance tree.
public struct LayoutSpec: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// Children per parent for each level below the city, drawn afresh
        /// per parent and replication.
        case fanout([Level: CountDistribution])
        /// A fixed tree read from a CSV file of units.
        case units([LayoutUnit])
    }
    public var source: Source
    /// Households per micro-grid where the layout does not give them.
    public var households: CountDistribution

    public init(source: Source, households: CountDistribution) {
        self.source = source; self.households = households
    }
}

/// One row of a layout CSV file (`id,parent,level,households`).
public struct LayoutUnit: Sendable, Equatable {
    public var id: String
    /// Empty for the root.
    public var parent: String
    public var level: Level
    /// Households of a micro-grid; nil to draw from `LayoutSpec.households`.
    public var households: Int?

    public init(id: String, parent: String, level: Level, households: Int?) {
        self.id = id; self.parent = parent; self.level = level; self.households = households
    }
}

/// The "1+3+N" team of a micro-grid.
public struct TeamSpec: Sendable, Equatable {
    public var heads: Int
    public var members: Int
    public var volunteers: CountDistribution
    /// Volunteers' durations are divided by this (0.8 = 25 % slower).
    public var volunteerSpeed: Double

    public init(heads: Int = 1, members: Int = 3, volunteers: CountDistribution = .fixed(0), volunteerSpeed: Double = 1) {
        self.heads = heads; self.members = members; self.volunteers = volunteers; self.volunteerSpeed = volunteerSpeed
    }
}

/// Household visits, the same in every mode.
public struct FieldSpec: Sendable, Equatable {
    /// When a worker may start a household.
    public var hours: WeeklyCalendar
    public var travel: Distribution
    public var visit: Distribution
    /// Probability that an attempt finds nobody home.
    public var notHome: Double
    /// Seconds after a failed arrival before the household may be tried again.
    public var revisitAfter: Double
    public var maxAttempts: Int

    public init(hours: WeeklyCalendar, travel: Distribution, visit: Distribution,
                notHome: Double, revisitAfter: Double, maxAttempts: Int) {
        self.hours = hours; self.travel = travel; self.visit = visit
        self.notHome = notHome; self.revisitAfter = revisitAfter; self.maxAttempts = maxAttempts
    }
}

/// How a relay unit passes the order to its children.
public enum Forwarding: String, Sendable, Equatable, CaseIterable {
    /// One `notify` job per child, in child order.
    case sequential
    /// One `notify` job after which every child has the order.
    case broadcast
}

/// Parameters of one relay level.
public struct RelayLevelSpec: Sendable, Equatable {
    public var handlers: Int
    public var officeHours: WeeklyCalendar
    public var forward: Forwarding
    public var handle: Distribution
    public var notify: Distribution
    public var aggregate: Distribution
    public var transmit: Distribution

    public init(handlers: Int, officeHours: WeeklyCalendar, forward: Forwarding,
                handle: Distribution, notify: Distribution, aggregate: Distribution,
                transmit: Distribution) {
        self.handlers = handlers; self.officeHours = officeHours; self.forward = forward
        self.handle = handle; self.notify = notify; self.aggregate = aggregate; self.transmit = transmit
    }
}

/// Tiered relay: the order climbs down level by level, reports climb up.
public struct TieredSpec: Sendable, Equatable {
    /// Relay levels the order passes through; unlisted levels are skipped.
    public var levels: [Level]
    /// Resolved parameters for each relay level (defaults merged with
    /// per-level overrides); every level of `Level.relayLevels` is present.
    public var perLevel: [Level: RelayLevelSpec]
    /// The grid head's call to each team person.
    public var teamNotify: Distribution

    public init(levels: [Level], perLevel: [Level: RelayLevelSpec], teamNotify: Distribution) {
        self.levels = levels; self.perLevel = perLevel; self.teamNotify = teamNotify
    }
}

/// Point-to-point: the command app pushes the order to every person.
public struct P2PSpec: Sendable, Equatable {
    public var dutyHours: WeeklyCalendar
    public var ackOnDuty: Distribution
    public var ackOffDuty: Distribution
    /// Probability a (non-head) person's push is not received.
    public var pushFails: Double
    public var teamNotify: Distribution
    /// Delay before a finished micro-grid is visible at the centre.
    public var sync: Distribution
    /// Where idle workers of a finished micro-grid may be sent to help
    /// (spatial check-in); `.none` keeps every worker in their own team.
    public var rebalance: Rebalance
    /// A moved worker's delay between leaving one micro-grid and joining
    /// another (reading the app, walking over).
    public var reassign: Distribution
    /// Probability that a micro-grid's team uses the app (drawn per
    /// micro-grid and replication); the others get the order by relay from
    /// their nearest relay unit.
    public var adoption: Double

    public init(dutyHours: WeeklyCalendar, ackOnDuty: Distribution, ackOffDuty: Distribution,
                pushFails: Double, teamNotify: Distribution, sync: Distribution,
                rebalance: Rebalance = .none, reassign: Distribution = P2PSpec.defaultReassign,
                adoption: Double = 1) {
        self.dutyHours = dutyHours; self.ackOnDuty = ackOnDuty; self.ackOffDuty = ackOffDuty
        self.pushFails = pushFails; self.teamNotify = teamNotify; self.sync = sync
        self.rebalance = rebalance; self.reassign = reassign; self.adoption = adoption
    }

    /// 15 minutes on average: reading the app's assignment and walking to
    /// an adjacent micro-grid of the same grid (a few hundred metres).
    public static let defaultReassign = Distribution.lognormal(mean: 900, sd: 600)
}

/// The unit within which idle app workers may be moved to another
/// micro-grid (docs/model.md, "What-ifs of point-to-point": `rebalance`).
public enum Rebalance: String, Sendable, Equatable, CaseIterable {
    /// Nobody moves.
    case none
    /// Micro-grids of the same grid help each other.
    case grid
    /// Micro-grids of the same community help each other.
    case community

    /// The level whose units bound a rebalancing group; nil for `.none`.
    public var level: Level? {
        switch self {
        case .none: nil
        case .grid: .grid
        case .community: .community
        }
    }
}
