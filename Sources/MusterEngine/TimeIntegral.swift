/// The time integral of a piecewise-constant quantity (a queue length, the
/// number of busy servers) over a fixed window `[from, to)`.
///
/// Steady-state estimates delete a warm-up period and stop at a horizon;
/// changes before, inside and after the window may be reported as they
/// happen and only the part inside the window counts. The quantity starts
/// at zero at time zero.
public struct TimeIntegral: Sendable, Equatable {
    /// Start of the window (the end of the warm-up).
    public let from: Double
    /// End of the window (the horizon).
    public let to: Double
    /// The current value.
    public private(set) var value: Double = 0
    /// Time of the last change.
    public private(set) var since: Double = 0
    /// Integral of the value over `[from, min(since, to))`.
    public private(set) var area: Double = 0

    public init(from: Double, to: Double) {
        precondition(to >= from)
        self.from = from
        self.to = to
    }

    /// Sets the value at time `t` (never earlier than the last change).
    public mutating func set(_ v: Double, at t: Double) {
        accumulate(until: t)
        value = v
    }

    /// Adds `dv` to the value at time `t`.
    public mutating func add(_ dv: Double, at t: Double) {
        accumulate(until: t)
        value += dv
    }

    /// The integral over the whole window, counting the current value up
    /// to the window's end.
    public var total: Double {
        var copy = self
        copy.accumulate(until: to)
        return copy.area
    }

    /// The time average over the window (0 for an empty window).
    public var average: Double { to > from ? total / (to - from) : 0 }

    mutating func accumulate(until t: Double) {
        let lo = Swift.max(since, from), hi = Swift.min(t, to)
        if hi > lo { area += value * (hi - lo) }
        if t > since { since = t }
    }
}
