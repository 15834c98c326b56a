import DequeModule

/// A pool of identical servers, open on a weekly calendar, whose waiting
/// jobs are served by priority class (class 0 first) and first come first
/// served within a class. Non-pre-emptive: a job started runs to its end,
/// whatever arrives meanwhile. With one class it behaves exactly like
/// `Resource`.
///
/// `Resource` keeps a single FIFO queue because the relay of an order never
/// needs more; incident departments may serve urgent kinds first, which is
/// why this variant exists. Like `Resource` it does not own time: the
/// caller asks what to start and schedules job ends and wake-ups itself.
/// The incident runner keeps the same rules in flat arrays of its own
/// (`StationQueues`), and a test holds it to this type's decisions.
public struct PriorityResource<Job> {
    /// Number of servers.
    public let capacity: Int
    /// Calendar on which jobs may start.
    public let calendar: WeeklyCalendar
    /// Week time of simulation time zero.
    public let origin: Double
    /// Servers now busy.
    @inlinable public var busy: Int { _busy }
    /// Jobs waiting, over every class.
    @inlinable public var waiting: Int { _waiting }
    /// Time of the wake-up already requested from the caller, if any.
    @inlinable public var wakeAt: Double { _wakeAt }
    // Stored apart so the inlinable methods below (specialised in the
    // model's event loop) may change them.
    @usableFromInline var _busy: Int = 0
    @usableFromInline var _waiting: Int = 0
    @usableFromInline var _wakeAt: Double = .infinity
    @usableFromInline var queues: [Deque<Job>]

    /// A station with `capacity` handlers, open by `calendar`.
    ///
    /// - Parameters:
    ///   - capacity: handlers (≥ 1).
    ///   - calendar: the office hours; jobs start only while it is open.
    ///   - origin: the simulation time (seconds) of the calendar's week start.
    ///   - classes: number of priority classes (≥ 1); class 0 is served first.
    public init(capacity: Int, calendar: WeeklyCalendar, origin: Double, classes: Int = 1) {
        precondition(capacity >= 1 && classes >= 1)
        self.capacity = capacity
        self.calendar = calendar
        self.origin = origin
        queues = Array(repeating: [], count: classes)
    }

    /// Number of priority classes.
    @inlinable public var classes: Int { queues.count }

    /// Adds a job to the end of its class's queue.
    @inlinable
    public mutating func enqueue(_ job: Job, priority: Int = 0) {
        queues[priority].append(job)
        _waiting += 1
    }

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

    /// Starts the first job of the most urgent non-empty class if a server
    /// is free and the calendar is open at `now`; call repeatedly until it
    /// stops returning `.start`. The answers mean what they mean for
    /// `Resource.next(now:)`.
    @inlinable
    public mutating func next(now: Double) -> Resource<Job>.Decision {
        guard _busy < capacity, _waiting > 0 else { return .idle }
        let open = calendar.nextOpen(now, origin: origin)
        if open <= now {
            for c in queues.indices where !queues[c].isEmpty {
                _busy += 1
                _waiting -= 1
                return .start(queues[c].removeFirst())
            }
            return .idle
        }
        if open < _wakeAt {
            _wakeAt = open
            return .wake(at: open)
        }
        return .idle
    }
}
