import DequeModule

/// A pool of identical servers (handlers) with a FIFO queue, open on a
/// weekly calendar. Jobs start only while the calendar is open and run to
/// their end once started (no pre-emption).
///
/// The resource does not own time: the caller asks it, at the current
/// time, what to start, and schedules the job ends and wake-ups itself.
///
/// Its operations are inlinable so that callers get them specialised for
/// their job type: unspecialised, every call looked up generic metadata.
public struct Resource<Job> {
    /// Number of servers.
    public let capacity: Int
    /// Calendar on which jobs may start.
    public let calendar: WeeklyCalendar
    /// Week time of simulation time zero.
    public let origin: Double
    @usableFromInline var _busy: Int = 0
    @usableFromInline var _queue: Deque<Job> = []
    @usableFromInline var _wakeAt: Double = .infinity

    /// Servers now busy.
    @inlinable public var busy: Int { _busy }
    /// Jobs waiting, first come first served.
    @inlinable public var queue: Deque<Job> { _queue }
    /// Time of the wake-up already requested from the caller, if any.
    @inlinable public var wakeAt: Double { _wakeAt }

    public init(capacity: Int, calendar: WeeklyCalendar, origin: Double) {
        precondition(capacity >= 1)
        self.capacity = capacity
        self.calendar = calendar
        self.origin = origin
    }

    /// What the caller should do next at the current time.
    public enum Decision {
        /// Start this job now on a server (already counted busy).
        case start(Job)
        /// Nothing can start before this time; schedule a wake-up then and
        /// call `next` again.
        case wake(at: Double)
        /// Nothing to do (no job waiting, no server free, or a wake-up is
        /// already scheduled early enough).
        case idle
    }

    /// Adds a job to the end of the queue.
    @inlinable
    public mutating func enqueue(_ job: Job) { _queue.append(job) }

    /// Frees one server at the end of a job.
    @inlinable
    public mutating func release() {
        precondition(_busy > 0)
        _busy -= 1
    }

    /// Call when a previously requested wake-up fires.
    @inlinable
    public mutating func woke(at now: Double) {
        if now >= _wakeAt { _wakeAt = .infinity }
    }

    /// Starts the head of the queue if a server is free and the calendar is
    /// open at `now`; call repeatedly until it stops returning `.start`.
    @inlinable
    public mutating func next(now: Double) -> Decision {
        guard _busy < capacity, !_queue.isEmpty else { return .idle }
        let open = calendar.nextOpen(now, origin: origin)
        if open <= now {
            _busy += 1
            return .start(_queue.removeFirst())
        }
        if open < _wakeAt {
            _wakeAt = open
            return .wake(at: open)
        }
        return .idle
    }
}
