/// The future-event list of a discrete-event simulation: events ordered by
/// time, ties broken by the order they were scheduled (FIFO), so that a run
/// is a pure function of its inputs.
///
/// A binary min-heap over plain values: no allocation per event once the
/// storage has grown, and `reset()` keeps that storage, so one calendar can
/// serve many small sub-simulations (one per micro-grid) in turn.
public struct EventCalendar<Payload> {
    @usableFromInline
    struct Entry {
        @usableFromInline let time: Double
        @usableFromInline let seq: UInt64
        @usableFromInline let payload: Payload

        @inlinable init(time: Double, seq: UInt64, payload: Payload) {
            self.time = time; self.seq = seq; self.payload = payload
        }

        @inlinable func precedes(_ b: Entry) -> Bool {
            time < b.time || (time == b.time && seq < b.seq)
        }
    }

    @usableFromInline var heap: [Entry] = []
    @usableFromInline var nextSeq: UInt64 = 0
    @usableFromInline var _now: Double = 0
    @usableFromInline var _processed: Int = 0

    public init() {}

    /// The simulation clock: the time of the last event popped.
    @inlinable public var now: Double { _now }
    /// Events popped since creation (not cleared by `reset`).
    @inlinable public var processed: Int { _processed }
    /// Number of pending events.
    @inlinable public var count: Int { heap.count }
    @inlinable public var isEmpty: Bool { heap.isEmpty }

    /// Drops every pending event and sets the clock back to zero, keeping
    /// the storage and the event count.
    @inlinable
    public mutating func reset() {
        heap.removeAll(keepingCapacity: true)
        _now = 0
    }

    /// Schedules `payload` at absolute time `time` (never before `now`).
    @inlinable
    public mutating func schedule(_ payload: Payload, at time: Double) {
        precondition(time >= _now, "event scheduled in the past")
        let e = Entry(time: time, seq: nextSeq, payload: payload)
        nextSeq &+= 1
        // Sift up.
        var i = heap.count
        heap.append(e)
        heap.withUnsafeMutableBufferPointer { h in
            while i > 0 {
                let parent = (i - 1) >> 1
                if !e.precedes(h[parent]) { break }
                h[i] = h[parent]
                i = parent
            }
            h[i] = e
        }
    }

    /// Schedules `payload` after a delay.
    @inlinable
    public mutating func schedule(_ payload: Payload, after delay: Double) {
        schedule(payload, at: _now + delay)
    }

    /// Removes the next event and advances the clock to its time.
    @inlinable
    public mutating func pop() -> (time: Double, payload: Payload)? {
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        let n = heap.count
        if n > 0 {
            // Sift the former last entry down from the root.
            heap.withUnsafeMutableBufferPointer { h in
                var i = 0
                while true {
                    let l = 2 * i + 1
                    if l >= n { break }
                    let r = l + 1
                    let c = r < n && h[r].precedes(h[l]) ? r : l
                    if !h[c].precedes(last) { break }
                    h[i] = h[c]
                    i = c
                }
                h[i] = last
            }
        }
        _now = first.time
        _processed += 1
        return (first.time, first.payload)
    }
}
