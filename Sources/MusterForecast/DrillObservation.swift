import MusterDrill
import MusterModel

/// A drill log read as an order under way: what it shows at `now`
/// (docs/reference/forecast.md, "The log").
extension DrillLog {
    /// Times after `now` are not seen yet.
    public func observation(now: Double) -> OrderObservation {
        OrderObservation(now: now, notified: notified.map { $0 <= now ? $0 : .nan },
                         done: done.map { $0 <= now ? $0 : .nan })
    }

    /// The latest time in the log (0 for a log with no times).
    public var lastEvent: Double {
        (notified + done).filter { !$0.isNaN }.max() ?? 0
    }

    /// Whether every micro-grid has a done time: a finished order, for
    /// `--replay`.
    public var isFinished: Bool { !done.isEmpty && done.allSatisfy { !$0.isNaN } }
}
