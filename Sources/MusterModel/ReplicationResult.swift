/// What one replication of one mode recorded (docs/model.md, "What is
/// measured"). Times are hours since the order was issued.
public struct ReplicationResult: Sendable, Equatable {
    public var mode: Mode
    /// Replication index, 0-based.
    public var replication: Int
    /// Issue to completion as seen at the root (the headline figure).
    public var orderComplete: Double
    /// Issue to the last household visited or given up.
    public var fieldComplete: Double
    /// Per micro-grid (layout order): issue to its first active worker.
    public var notified: [Double]
    /// Per micro-grid (layout order): issue to its completion.
    public var microgridDone: [Double]
    public var households: Int
    public var visited: Int
    public var unreached: Int
    public var attempts: Int
    /// Simulation events processed.
    public var events: Int
    /// Hours of relay work (handle, notify, aggregate) per relay level,
    /// indexed by `Level.rawValue` (city … grid); zero in point-to-point.
    public var busyHoursByLevel: [Double]
    /// Where the time goes, mean hours per micro-grid, indexed by `Phase`:
    /// for every micro-grid the four phases add up to `orderComplete`.
    public var phaseHours: [Double]
    /// Coverage curve: element k is the hour at which k/(count−1) of all
    /// households had been visited, `.infinity` if that share never was.
    public var coverageTimes: [Double]
    /// Per micro-grid (layout order): whether its team got the order
    /// through the app — false for every team in tiered relay, and for the
    /// teams off the app when `p2p.adoption` < 1. Empty when unknown
    /// (results built by hand): then the mode decides.
    public var appTeam: [Bool]
    /// Moves of idle workers to another micro-grid (`p2p.rebalance`).
    public var reassignments: Int
    /// The critical path and slack of every unit; nil unless attribution
    /// was asked for (`Experiment.replicate(…, attribution: true)`).
    public var attribution: UnitAttribution? = nil

    /// The phases of an order as one micro-grid lives them.
    public enum Phase: Int, CaseIterable, Sendable {
        /// Issue to the first active team person, less office-hours waits:
        /// the relay's work (tiered) or the acknowledgement (point-to-point).
        case relayDown
        /// Relay jobs (handle, notify, aggregate) on the micro-grid's path
        /// waiting for an office to open.
        case officeWait
        /// First active person to the micro-grid's last household.
        case fieldWork
        /// Done to order complete, less office waits: aggregation, and
        /// waiting for slower micro-grids (and sync, point-to-point).
        case reportsUp

        /// The name used in files and figures.
        public var name: String {
            switch self {
            case .relayDown: "relay_down"
            case .officeWait: "office_wait"
            case .fieldWork: "field_work"
            case .reportsUp: "reports_up"
            }
        }
    }

    /// Points on the coverage curve kept per replication (0 %, 0.5 %, … 100 %).
    public static let coveragePoints = 201

    public init(mode: Mode, replication: Int, orderComplete: Double, fieldComplete: Double,
                notified: [Double], microgridDone: [Double], households: Int, visited: Int,
                unreached: Int, attempts: Int, events: Int, busyHoursByLevel: [Double],
                coverageTimes: [Double], phaseHours: [Double] = [0, 0, 0, 0],
                appTeam: [Bool] = [], reassignments: Int = 0) {
        self.phaseHours = phaseHours
        self.appTeam = appTeam; self.reassignments = reassignments
        self.mode = mode; self.replication = replication; self.orderComplete = orderComplete
        self.fieldComplete = fieldComplete; self.notified = notified; self.microgridDone = microgridDone
        self.households = households; self.visited = visited; self.unreached = unreached
        self.attempts = attempts; self.events = events; self.busyHoursByLevel = busyHoursByLevel
        self.coverageTimes = coverageTimes
    }

    /// Whether micro-grid `g`'s team got the order through the app.
    public func usedApp(_ g: Int) -> Bool {
        appTeam.indices.contains(g) ? appTeam[g] : mode == .p2p
    }

    /// Fraction of households visited by hour `t`, read off the stored curve.
    public func coverage(at t: Double) -> Double {
        // Largest k with coverageTimes[k] <= t (the array is non-decreasing).
        var lo = 0, hi = coverageTimes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if coverageTimes[mid] <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? 0 : Double(lo - 1) / Double(coverageTimes.count - 1)
    }
}
