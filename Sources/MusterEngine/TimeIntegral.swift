/// The time integral of a piecewise-constant quantity (a queue length, the
/// number of busy servers) over a fixed window `[from, to)`.
///
/// Steady-state estimates delete a warm-up period and stop at a horizon;
/// changes before, inside and after the window may be reported as they
/// happen and only the part inside the window counts. The quantity starts
/// at zero at time zero.
public struct TimeIntegral: Sendable, Equatable, BitwiseCopyable {
    /// Start of the window (the end of the warm-up).
    public let from: Double
    /// End of the window (the horizon).
    public let to: Double
    // Stored apart from their public getters so that `add` can be
    // inlined into event loops (it runs several times per job).
    @usableFromInline var _value: Double = 0
    @usableFromInline var _since: Double = 0
    @usableFromInline var _area: Double = 0

    /// The current value.
    @inlinable public var value: Double { _value }
    /// Time of the last change.
    @inlinable public var since: Double { _since }
    /// Integral of the value over `[from, min(since, to))`.
    @inlinable public var area: Double { _area }

    public init(from: Double, to: Double) {
        precondition(to >= from)
        self.from = from
        self.to = to
    }

    /// Sets the value at time `t` (never earlier than the last change).
    @inlinable public mutating func set(_ v: Double, at t: Double) {
        accumulate(until: t)
        _value = v
    }

    /// Adds `dv` to the value at time `t`.
    @inlinable @inline(__always) public mutating func add(_ dv: Double, at t: Double) {
        accumulate(until: t)
        _value += dv
    }

    /// The integral over the whole window, counting the current value up
    /// to the window's end.
    public var total: Double {
        var copy = self
        copy.accumulate(until: to)
        return copy._area
    }

    /// The time average over the window (0 for an empty window).
    public var average: Double { to > from ? total / (to - from) : 0 }

    @inlinable @inline(__always) public mutating func accumulate(until t: Double) {
        let lo = Swift.max(_since, from), hi = Swift.min(t, to)
        if hi > lo { _area += _value * (hi - lo) }
        if t > _since { _since = t }
    }
}
