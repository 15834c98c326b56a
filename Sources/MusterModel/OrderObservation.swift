/// What a log shows of an order under way at the moment `now`: per
/// micro-grid (layout order), when its team was notified and when it
/// reported done, NaN where the log shows nothing by `now`
/// (docs/forecast.md). Times are hours since the order was
/// issued, as in `ReplicationResult`.
public struct OrderObservation: Sendable, Equatable {
    /// The moment the log is read at (hours since issue).
    public var now: Double
    /// Per micro-grid: its first person active, NaN when not by `now`.
    public var notified: [Double]
    /// Per micro-grid: its last household resolved, NaN when not by `now`.
    public var done: [Double]

    /// An observation of `microgrids` micro-grids at `now` with nothing
    /// seen yet.
    public init(now: Double, microgrids: Int) {
        self.now = now
        notified = [Double](repeating: .nan, count: microgrids)
        done = [Double](repeating: .nan, count: microgrids)
    }

    public init(now: Double, notified: [Double], done: [Double]) {
        precondition(notified.count == done.count, "one notified and one done time per micro-grid")
        self.now = now; self.notified = notified; self.done = done
    }

    /// What a finished replication's log would show at `now`: its times
    /// up to `now`, nothing after (a synthetic order truncated).
    public init(_ result: ReplicationResult, at now: Double) {
        self.now = now
        notified = result.notified.map { $0 <= now ? $0 : .nan }
        done = result.microgridDone.map { $0 <= now ? $0 : .nan }
    }

    public var microgridCount: Int { done.count }

    /// Micro-grids done by `now`.
    public var doneCount: Int { done.reduce(0) { $0 + ($1.isNaN ? 0 : 1) } }

    /// Micro-grids notified by `now` (a done micro-grid counts as notified
    /// even when its notification is not in the log).
    public var notifiedCount: Int { zip(notified, done).reduce(0) { $0 + ($1.0.isNaN && $1.1.isNaN ? 0 : 1) } }

    /// Whether the log shows anything at all by `now`.
    public var isEmpty: Bool { notifiedCount == 0 }
}
