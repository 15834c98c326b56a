import MusterEngine
import MusterModel
import MusterNumerics

/// How a team got the order: through the app, or by relay (every team in
/// tiered relay; the teams off the app when `p2p.adoption` < 1).
public enum Channel: String, CaseIterable, Sendable {
    case app
    case relay
}

/// One group of teams of a mode — those that got the order through the
/// app, or those that got it by relay — so that a mixed point-to-point run
/// reports both groups as well as the whole.
public struct ChannelSummary: Sendable, Equatable {
    /// Micro-grids in the group, mean per replication.
    @Figure public var microgrids: Double
    /// Pooled over the group's micro-grids of every replication.
    public var notified: SummaryStatistics
    /// Pooled over the group's micro-grids of every replication.
    public var microgridDone: SummaryStatistics
    /// Per replication, the group's last micro-grid done (replications with
    /// no team in the group are left out).
    public var complete: SummaryStatistics

    /// Summarises the micro-grids of `channel` in `results`.
    public init(channel: Channel, results: [ReplicationResult]) {
        var counts: [Double] = []
        var notified: [Double] = [], done: [Double] = []
        var notifiedMeans: [Double] = [], doneMeans: [Double] = []
        var last: [Double] = []
        for r in results {
            let members = r.microgridDone.indices.filter { r.usedApp($0) == (channel == .app) }
            counts.append(Double(members.count))
            guard !members.isEmpty else { continue }
            let n = members.filter(r.notified.indices.contains).map { r.notified[$0] }
            let d = members.map { r.microgridDone[$0] }
            notified += n
            done += d
            notifiedMeans.append(finiteMean(n))
            doneMeans.append(finiteMean(d))
            last.append(d.contains { !$0.isFinite } ? .infinity : d.max()!)
        }
        microgrids = plainMean(counts)
        self.notified = SummaryStatistics(pooled: notified, replicationMeans: notifiedMeans)
        microgridDone = SummaryStatistics(pooled: done, replicationMeans: doneMeans)
        complete = SummaryStatistics(values: last)
    }
}
