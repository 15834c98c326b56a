import Collections
import HeapModule

/// The future-event list of a discrete-event simulation: events ordered by
/// time, ties broken by the order they were scheduled (FIFO), so that a run
/// is a pure function of its inputs.
public struct EventCalendar<Payload> {
    @usableFromInline
    struct Entry: Comparable {
        @usableFromInline let time: Double
        @usableFromInline let seq: UInt64
        @usableFromInline let payload: Payload

        @inlinable init(time: Double, seq: UInt64, payload: Payload) {
            self.time = time; self.seq = seq; self.payload = payload
        }
        @inlinable static func < (a: Entry, b: Entry) -> Bool {
            a.time < b.time || (a.time == b.time && a.seq < b.seq)
        }
        @inlinable static func == (a: Entry, b: Entry) -> Bool { a.time == b.time && a.seq == b.seq }
    }

    @usableFromInline var heap: Heap<Entry> = []
    @usableFromInline var nextSeq: UInt64 = 0
    @usableFromInline var _now: Double = 0
    @usableFromInline var _processed: Int = 0
    /// The simulation clock: the time of the last event popped.
    @inlinable public var now: Double { _now }
    /// Events popped so far.
    @inlinable public var processed: Int { _processed }

    public init() {}

    /// Number of pending events.
    @inlinable public var count: Int { heap.count }
    @inlinable public var isEmpty: Bool { heap.isEmpty }

    /// Schedules `payload` at absolute time `time` (never before `now`).
    @inlinable
    public mutating func schedule(_ payload: Payload, at time: Double) {
        precondition(time >= now, "event scheduled in the past")
        heap.insert(Entry(time: time, seq: nextSeq, payload: payload))
        nextSeq &+= 1
    }

    /// Schedules `payload` after a delay.
    @inlinable
    public mutating func schedule(_ payload: Payload, after delay: Double) {
        schedule(payload, at: now + delay)
    }

    /// Removes the next event and advances the clock to its time.
    @inlinable
    public mutating func pop() -> (time: Double, payload: Payload)? {
        guard let e = heap.popMin() else { return nil }
        _now = e.time
        _processed += 1
        return (e.time, e.payload)
    }
}
