import Collections

/// A pool of identical servers (handlers) with a FIFO queue, open on a
/// weekly calendar. Jobs start only while the calendar is open and run to
/// their end once started (no pre-emption).
///
/// The resource does not own time: the caller asks it, at the current
/// time, what to start, and schedules the job ends and wake-ups itself.
public struct Resource<Job> {
    /// Number of servers.
    public let capacity: Int
    /// Calendar on which jobs may start.
    public let calendar: WeeklyCalendar
    /// Week time of simulation time zero.
    public let origin: Double
    /// Servers now busy.
    public private(set) var busy: Int = 0
    /// Jobs waiting, first come first served.
    public private(set) var queue: Deque<Job> = []
    /// Time of the wake-up already requested from the caller, if any.
    public private(set) var wakeAt: Double = .infinity

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
    public mutating func enqueue(_ job: Job) { queue.append(job) }

    /// Frees one server at the end of a job.
    public mutating func release() {
        precondition(busy > 0)
        busy -= 1
    }

    /// Call when a previously requested wake-up fires.
    public mutating func woke(at now: Double) {
        if now >= wakeAt { wakeAt = .infinity }
    }

    /// Starts the head of the queue if a server is free and the calendar is
    /// open at `now`; call repeatedly until it stops returning `.start`.
    public mutating func next(now: Double) -> Decision {
        guard busy < capacity, !queue.isEmpty else { return .idle }
        let open = calendar.nextOpen(now, origin: origin)
        if open <= now {
            busy += 1
            return .start(queue.removeFirst())
        }
        if open < wakeAt {
            wakeAt = open
            return .wake(at: open)
        }
        return .idle
    }
}
