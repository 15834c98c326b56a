import MusterEngine
import MusterModel
import MusterNumerics

/// Households of one mode, each a mean per replication.
public struct HouseholdMeans: Sendable, Equatable {
    @Figure public var total: Double
    @Figure public var visited: Double
    @Figure public var unreached: Double
    @Figure public var attempts: Double

    public init(total: Double, visited: Double, unreached: Double, attempts: Double) {
        self.total = total; self.visited = visited; self.unreached = unreached; self.attempts = attempts
    }
}

/// One bin of a histogram: `[lo, hi)`, the last bin closed.
public struct HistogramBin: Sendable, Equatable {
    public var lo: Double
    public var hi: Double
    public var count: Int

    /// Equal-width bins over the range of the finite values.
    public static func bins(_ values: [Double], count: Int) -> [HistogramBin] {
        let finite = values.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max(), count > 0 else { return [] }
        let width = hi > lo ? (hi - lo) / Double(count) : 1
        var counts = [Int](repeating: 0, count: count)
        for x in finite { counts[min(count - 1, Int((x - lo) / width))] += 1 }
        return (0..<count).map { HistogramBin(lo: lo + Double($0) * width, hi: lo + Double($0 + 1) * width, count: counts[$0]) }
    }
}

/// What one mode did across all replications of a run.
public struct ModeSummary: Sendable, Equatable {
    public var mode: Mode
    /// Replications summarised.
    public var replications: Int
    /// The headline: issue to completion as seen at the root.
    public var orderComplete: SummaryStatistics
    public var fieldComplete: SummaryStatistics
    /// Pooled over micro-grids of every replication.
    public var notified: SummaryStatistics
    /// Pooled over micro-grids of every replication.
    public var microgridDone: SummaryStatistics
    public var households: HouseholdMeans
    /// Mean simulation events per replication.
    @Figure public var events: Double
    /// Mean relay hours per replication for each of `Level.relayLevels`
    /// (zero in point-to-point).
    @Figure public var busyHoursByLevel: [Level: Double]
    /// Mean hours per micro-grid in each phase (`ReplicationResult.Phase`
    /// order), averaged over replications; they add up to the mean order
    /// completion.
    @Figure public var phaseHours: [Double]
    /// Pooled micro-grid completion times, binned for the histogram figure.
    public var microgridDoneHistogram: [HistogramBin]
    public var coverage: CoverageCurve
    /// The teams that got the order through the app, and those that got it
    /// by relay (`p2p.adoption`); one group is empty unless the run mixed
    /// them.
    public var channels: [Channel: ChannelSummary]
    /// Moves of idle workers to another micro-grid (`p2p.rebalance`), mean
    /// per replication.
    @Figure public var reassignments: Double

    /// Whether both groups of teams held micro-grids.
    public var isMixed: Bool { Channel.allCases.allSatisfy { (channels[$0]?.microgrids ?? 0) > 0 } }

    /// Summarises `results` (one per replication of this mode); the
    /// coverage curve is evaluated on a grid from 0 to `coverageEnd` hours.
    public init(mode: Mode, results: [ReplicationResult], coverageEnd: Double) {
        self.mode = mode
        replications = results.count
        orderComplete = SummaryStatistics(values: results.map(\.orderComplete))
        fieldComplete = SummaryStatistics(values: results.map(\.fieldComplete))
        notified = SummaryStatistics(pooled: results.flatMap(\.notified),
                                     replicationMeans: results.map { finiteMean($0.notified) })
        microgridDone = SummaryStatistics(pooled: results.flatMap(\.microgridDone),
                                          replicationMeans: results.map { finiteMean($0.microgridDone) })
        households = HouseholdMeans(total: plainMean(results.map { Double($0.households) }),
                                    visited: plainMean(results.map { Double($0.visited) }),
                                    unreached: plainMean(results.map { Double($0.unreached) }),
                                    attempts: plainMean(results.map { Double($0.attempts) }))
        events = plainMean(results.map { Double($0.events) })
        var busy: [Level: Double] = [:]
        for level in Level.relayLevels {
            // A shorter array than expected means no relay work was recorded
            // at that level, not a missing replication.
            busy[level] = plainMean(results.map {
                $0.busyHoursByLevel.indices.contains(level.rawValue) ? $0.busyHoursByLevel[level.rawValue] : 0
            })
        }
        busyHoursByLevel = busy
        phaseHours = ReplicationResult.Phase.allCases.map { phase in
            plainMean(results.map { $0.phaseHours.indices.contains(phase.rawValue) ? $0.phaseHours[phase.rawValue] : 0 })
        }
        microgridDoneHistogram = HistogramBin.bins(results.flatMap(\.microgridDone), count: 60)
        coverage = CoverageCurve(results: results, endHour: coverageEnd)
        var channels: [Channel: ChannelSummary] = [:]
        for c in Channel.allCases { channels[c] = ChannelSummary(channel: c, results: results) }
        self.channels = channels
        reassignments = plainMean(results.map { Double($0.reassignments) })
    }
}

/// Tiered against point-to-point, paired by replication (common random
/// numbers make the pairs comparable).
public struct ModeComparison: Sendable, Equatable {
    /// Mean and t-interval of tiered − p2p order completion, hours.
    public var orderCompleteDiff: MeanInterval
    /// Mean and t-interval of tiered / p2p order completion.
    public var orderCompleteRatio: MeanInterval

    public init(orderCompleteDiff: MeanInterval, orderCompleteRatio: MeanInterval) {
        self.orderCompleteDiff = orderCompleteDiff; self.orderCompleteRatio = orderCompleteRatio
    }

    /// Pairs replications by their `replication` index; a replication
    /// present in one mode only is left out rather than paired with a
    /// stranger.
    public init(tiered: [ReplicationResult], p2p: [ReplicationResult]) {
        var p2pByReplication: [Int: Double] = [:]
        for r in p2p { p2pByReplication[r.replication] = r.orderComplete }
        var diffs: [Double] = [], ratios: [Double] = []
        for t in tiered.sorted(by: { $0.replication < $1.replication }) {
            guard let p = p2pByReplication[t.replication] else { continue }
            diffs.append(t.orderComplete - p)
            ratios.append(t.orderComplete / p)
        }
        self.init(orderCompleteDiff: MeanInterval(values: diffs), orderCompleteRatio: MeanInterval(values: ratios))
    }
}

/// Everything a run reports: the figures behind `summary.json`, the text
/// report and `coverage.csv`.
public struct RunSummary: Sendable, Equatable {
    public var musterVersion: String
    /// Scenario name.
    public var scenario: String
    public var seed: UInt64
    /// Replications per mode (the largest count when modes differ).
    public var replications: Int
    /// Only the modes that ran.
    public var modes: [Mode: ModeSummary]
    /// Present only when both modes ran.
    public var comparison: ModeComparison?
    /// Present only for a `--precision` run: the target and what it took.
    public var precision: PrecisionOutcome? = nil

    /// The modes that ran, in report order (tiered, then p2p).
    public var modesRun: [Mode] { Mode.allCases.filter { modes[$0] != nil } }

    /// Summarises `results`, one array per mode that ran (a key with an
    /// empty array counts as a mode that ran with no replication). Every
    /// mode's coverage curve shares one grid, ending at the latest finite
    /// coverage time of any replication of any mode, so curves line up.
    public init(scenario: String, seed: UInt64, version: String, results: [Mode: [ReplicationResult]]) {
        musterVersion = version
        self.scenario = scenario
        self.seed = seed
        replications = results.values.map(\.count).max() ?? 0
        let end = CoverageCurve.endHour(of: results.values.joined())
        var modes: [Mode: ModeSummary] = [:]
        for (mode, runs) in results {
            let ordered = runs.sorted { $0.replication < $1.replication }
            modes[mode] = ModeSummary(mode: mode, results: ordered, coverageEnd: end)
        }
        self.modes = modes
        if let tiered = results[.tiered], let p2p = results[.p2p] {
            comparison = ModeComparison(tiered: tiered, p2p: p2p)
        } else {
            comparison = nil
        }
    }
}
