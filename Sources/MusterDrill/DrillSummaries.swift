import MusterModel

/// The summaries a calibration compares a simulated drill with the
/// observed one by (docs/explanation/calibration.md): what a planner reads
/// off a drill log.
///
/// - quantiles (10, 25, 50, 75, 90 %) of the done times over micro-grids,
///   and the same of the notified times, when the log has them;
/// - the median and 90 % quantile of the field time (done − notified) over
///   micro-grids with both times;
/// - with `--observed-until`, the share of micro-grids done by then;
/// - the median done time of each unit of one level above the micro-grids
///   (the highest level with 2 to 12 units: the streets, say), so a
///   slow street shows.
///
/// A micro-grid's time not recorded in the observed log is left out of the
/// simulated logs too, and simulated logs are cut at the observed log's
/// end, so both go through the same filter. A time not reached by the
/// log's end counts as later than any other; a quantile that falls among
/// those is the log's end.
public struct DrillSummaries: Sendable {
    public static let quantiles = [0.1, 0.25, 0.5, 0.75, 0.9]

    /// Names of the summaries, in order (`done_q50`, `street_2_done_q50`).
    public let names: [String]
    /// The observed log's summaries.
    public private(set) var observed: [Double] = []
    let log: DrillLog
    let breakdown: (level: Level, groups: DrillLayout.Groups)?

    public init(observed log: DrillLog, layout: DrillLayout) {
        self.log = log
        var names: [String] = []
        let pct = Self.quantiles.map { "q\(Int(($0 * 100).rounded()))" }
        if log.hasDone { names += pct.map { "done_\($0)" } }
        if log.hasNotified { names += pct.map { "notified_\($0)" } }
        if log.hasDone && log.hasNotified { names += ["field_q50", "field_q90"] }
        if log.hasDone && log.observedUntil != nil { names.append("share_done") }
        var chosen: (Level, DrillLayout.Groups)?
        if log.hasDone {
            for level in Level.relayLevels {
                if let g = layout.ancestors[level], g.count >= 2, g.count <= 12 { chosen = (level, g); break }
            }
        }
        breakdown = chosen
        if let (level, g) = chosen { names += (0..<g.count).map { "\(level.name)_\($0 + 1)_done_q50" } }
        self.names = names
        observed = summaries(of: log)
    }

    /// The simulated log of a replication as the observed one was seen:
    /// the same times left out, cut at the same end.
    public func filtered(_ result: ReplicationResult) -> DrillLog {
        let m = log.microgridCount
        var sim = DrillLog(microgridIds: log.microgridIds, notifiedHours: result.notified, doneHours: result.microgridDone,
                           observedUntil: log.observedUntil)
        sim.hasNotified = log.hasNotified
        sim.hasDone = log.hasDone
        for g in 0..<m {
            if log.notifiedObservation(g) == .unknown { sim.notified[g] = .nan }
            if log.doneObservation(g) == .unknown { sim.done[g] = .nan }
        }
        return sim
    }

    /// The summaries of a simulated replication.
    public func summaries(of result: ReplicationResult) -> [Double] { summaries(of: filtered(result)) }

    /// The summaries of a log filtered like the observed one.
    public func summaries(of log: DrillLog) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(names.count)
        let end = log.observedUntil ?? .infinity
        // Observed times, and those not reached by the log's end as +∞;
        // micro-grids unknown in the observed log are left out.
        func times(_ obs: (Int) -> DrillLog.Observation, _ subset: [Int]? = nil) -> [Double] {
            var t: [Double] = []
            for g in subset ?? Array(0..<log.microgridCount) {
                switch obs(g) {
                case .at(let x): t.append(x)
                case .notBy: t.append(.infinity)
                case .unknown: break
                }
            }
            return t.sorted()
        }
        func q(_ sorted: [Double], _ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            // Type-7 interpolated quantile, the end of the log where it
            // falls among the times not reached.
            let h = Double(sorted.count - 1) * p
            let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
            let a = sorted[lo], b = sorted[hi]
            if !b.isFinite { return a.isFinite && h == Double(lo) ? a : end }
            return a + (h - Double(lo)) * (b - a)
        }
        let done = log.hasDone ? times(log.doneObservation) : []
        if log.hasDone { out += Self.quantiles.map { q(done, $0) } }
        if log.hasNotified {
            let n = times(log.notifiedObservation)
            out += Self.quantiles.map { q(n, $0) }
        }
        if log.hasDone && log.hasNotified {
            var field: [Double] = []
            for g in 0..<log.microgridCount where !log.done[g].isNaN && !log.notified[g].isNaN {
                field.append(log.done[g] - log.notified[g])
            }
            field.sort()
            out += [q(field, 0.5), q(field, 0.9)]
        }
        if log.hasDone && log.observedUntil != nil {
            out.append(done.isEmpty ? 0 : Double(done.filter(\.isFinite).count) / Double(done.count))
        }
        if let (_, groups) = breakdown {
            var members = [[Int]](repeating: [], count: groups.count)
            for g in 0..<log.microgridCount { members[groups.index[g]].append(g) }
            for k in 0..<groups.count { out.append(q(times(log.doneObservation, members[k]), 0.5)) }
        }
        return out
    }
}
