/// The future-event list of a discrete-event simulation: events ordered by
/// time, ties broken by the order they were scheduled (FIFO), so that a run
/// is a pure function of its inputs.
///
/// A binary min-heap over plain values in storage the calendar owns: no
/// allocation per event once the storage has grown, no copy-on-write check
/// per operation (the calendar cannot be copied), and `reset()` keeps the
/// storage, so one calendar can serve many small sub-simulations (one per
/// micro-grid) in turn.
public struct EventCalendar<Payload>: ~Copyable {
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

    @usableFromInline var heap: UnsafeMutablePointer<Entry>
    @usableFromInline var capacity: Int
    @usableFromInline var _count: Int = 0
    @usableFromInline var nextSeq: UInt64 = 0
    @usableFromInline var _now: Double = 0
    @usableFromInline var _processed: Int = 0

    public init() {
        capacity = 16
        heap = .allocate(capacity: capacity)
    }

    deinit {
        heap.deinitialize(count: _count)
        heap.deallocate()
    }

    /// The simulation clock: the time of the last event popped.
    @inlinable public var now: Double { _now }
    /// Events popped since creation (not cleared by `reset`).
    @inlinable public var processed: Int { _processed }
    /// Number of pending events.
    @inlinable public var count: Int { _count }
    @inlinable public var isEmpty: Bool { _count == 0 }

    /// Drops every pending event and sets the clock back to zero, keeping
    /// the storage and the event count.
    @inlinable
    public mutating func reset() {
        heap.deinitialize(count: _count)
        _count = 0
        _now = 0
    }

    /// Schedules `payload` at absolute time `time` (never before `now`).
    @inlinable
    public mutating func schedule(_ payload: Payload, at time: Double) {
        precondition(time >= _now, "event scheduled in the past")
        let e = Entry(time: time, seq: nextSeq, payload: payload)
        nextSeq &+= 1
        if _count == capacity { grow() }
        // Sift up from the new last slot.
        let h = heap
        var i = _count
        (h + i).initialize(to: e)
        _count += 1
        while i > 0 {
            let parent = (i - 1) >> 1
            if !e.precedes(h[parent]) { break }
            h[i] = h[parent]
            i = parent
        }
        h[i] = e
    }

    @usableFromInline
    mutating func grow() {
        let bigger = UnsafeMutablePointer<Entry>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: heap, count: _count)
        heap.deallocate()
        heap = bigger
        capacity *= 2
    }

    /// Schedules `payload` after a delay.
    @inlinable
    public mutating func schedule(_ payload: Payload, after delay: Double) {
        schedule(payload, at: _now + delay)
    }

    /// Removes the next event and advances the clock to its time.
    // MARK: Events kept outside the heap
    //
    // A caller that already holds a stream of events in time order (the
    // reports of a replication, sorted once) need not push each through
    // the heap: it takes a sequence number where it would have scheduled
    // the event, asks whether that event comes before the heap's earliest,
    // and if so makes it the current one. The order is exactly the one
    // `schedule` and `pop` would give, ties included.

    /// The sequence number `schedule` would give an event now.
    @inlinable
    public mutating func takeSequenceNumber() -> UInt64 {
        defer { nextSeq &+= 1 }
        return nextSeq
    }

    /// True when an event at `time` with sequence number `seq` comes before
    /// every event in the heap.
    @inlinable
    public func precedesAll(time: Double, seq: UInt64) -> Bool {
        _count == 0 || Entry(time: time, seq: seq, payload: heap[0].payload).precedes(heap[0])
    }

    /// Makes an event kept outside the heap the current one: the clock
    /// moves to `time` and it counts as processed.
    @inlinable
    public mutating func advance(to time: Double) {
        precondition(time >= _now, "event taken in the past")
        _now = time
        _processed += 1
    }

    @inlinable
    public mutating func pop() -> (time: Double, payload: Payload)? {
        guard _count > 0 else { return nil }
        let h = heap
        _count -= 1
        let n = _count
        let first: Entry
        if n == 0 {
            first = h.move()
        } else {
            first = h[0]
            let last = (h + n).move()
            // Sift the former last entry down from the root.
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
        _now = first.time
        _processed += 1
        return (first.time, first.payload)
    }
}
