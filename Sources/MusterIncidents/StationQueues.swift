import MusterEngine

/// The stations of one incident replication as flat state: handlers busy,
/// incidents waiting by priority class, and the wake-up each station asked
/// for.
///
/// It decides exactly as `PriorityResource` does (class 0 first, first come
/// first served within a class, a job never interrupted, starts only while
/// the station's calendar is open), but an incident waits at one station at
/// a time, so the queues are linked lists threaded through one array
/// indexed by incident: no per-station buffer to grow, and no copy-on-write
/// check on the event path (a sixth of an M/M/4 replication went to those
/// checks and the resources' nested arrays).
///
/// The buffers belong to the `StateArena` passed in and live as long as it.
struct StationQueues {
    let capacity: UnsafeMutableBufferPointer<Int32>
    let busy: UnsafeMutableBufferPointer<Int32>
    let waiting: UnsafeMutableBufferPointer<Int32>
    let wakeAt: UnsafeMutableBufferPointer<Double>
    let alwaysOpen: UnsafeMutableBufferPointer<Bool>
    let calendars: [WeeklyCalendar]
    let origin: Double
    /// First queue (in `head`/`tail`) of each station, then one past the
    /// last: station s has classes `queueStart[s + 1] − queueStart[s]`.
    let queueStart: UnsafeMutableBufferPointer<Int32>
    /// First and last incident waiting in each queue, −1 when empty.
    let head: UnsafeMutableBufferPointer<Int32>
    let tail: UnsafeMutableBufferPointer<Int32>
    /// The incident behind each waiting incident in its queue, −1 at the end.
    let behind: UnsafeMutableBufferPointer<Int32>

    /// What `next` tells the caller: as `Resource.Decision`, with the
    /// incident's index.
    enum Decision { case start(Int32), wake(Double), idle }

    init(_ table: StationTable, origin: Double, incidents: Int, arena: StateArena) {
        self.init(handlers: table.handlers, hours: table.hours, classes: table.classes, origin: origin,
                  incidents: incidents, arena: arena)
    }

    /// Stations with the given handlers, calendars and priority classes
    /// (one entry per station), for incidents numbered below `incidents`.
    init(handlers: [Int32], hours: [WeeklyCalendar], classes: [Int32], origin: Double, incidents: Int,
         arena: StateArena) {
        let s = handlers.count
        capacity = arena.buffer(handlers)
        busy = arena.buffer(repeating: 0, count: s)
        waiting = arena.buffer(repeating: 0, count: s)
        wakeAt = arena.buffer(repeating: .infinity, count: s)
        alwaysOpen = arena.buffer(hours.map(\.isAlways))
        calendars = hours
        self.origin = origin
        var start = [Int32](repeating: 0, count: s + 1)
        for i in 0..<s { start[i + 1] = start[i] + max(classes[i], 1) }
        queueStart = arena.buffer(start)
        head = arena.buffer(repeating: -1, count: Int(start[s]))
        tail = arena.buffer(repeating: -1, count: Int(start[s]))
        behind = arena.buffer(repeating: -1, count: max(incidents, 1))
    }

    /// Number of priority classes of station s.
    @inline(__always)
    func classes(_ s: Int) -> Int { Int(queueStart[s + 1] - queueStart[s]) }

    /// Puts incident i at the end of class c's queue at station s.
    @inline(__always)
    func enqueue(_ i: Int32, at s: Int, priority c: Int) {
        let q = Int(queueStart[s]) + c
        behind[Int(i)] = -1
        let last = tail[q]
        if last >= 0 { behind[Int(last)] = i } else { head[q] = i }
        tail[q] = i
        waiting[s] += 1
    }

    /// Frees one of station s's handlers at the end of a job.
    @inline(__always)
    func release(_ s: Int) {
        precondition(busy[s] > 0)
        busy[s] -= 1
    }

    /// Call when station s's requested wake-up fires.
    @inline(__always)
    func woke(_ s: Int, at now: Double) {
        if now >= wakeAt[s] { wakeAt[s] = .infinity }
    }

    /// True when a job arriving at station s now would start at once: a
    /// handler free, nobody waiting, the calendar open.
    @inline(__always)
    func startsAtOnce(_ s: Int, now: Double) -> Bool {
        busy[s] < capacity[s] && waiting[s] == 0
            && (alwaysOpen[s] || calendars[s].nextOpen(now, origin: origin) <= now)
    }

    /// Starts the first incident of station s's most urgent non-empty class
    /// if a handler is free and the calendar open at `now`; otherwise says
    /// when to wake it (once) or that there is nothing to do.
    @inline(__always)
    func next(_ s: Int, now: Double) -> Decision {
        guard busy[s] < capacity[s], waiting[s] > 0 else { return .idle }
        let open = alwaysOpen[s] ? now : calendars[s].nextOpen(now, origin: origin)
        if open <= now {
            for q in Int(queueStart[s])..<Int(queueStart[s + 1]) {
                let i = head[q]
                guard i >= 0 else { continue }
                let after = behind[Int(i)]
                head[q] = after
                if after < 0 { tail[q] = -1 }
                busy[s] += 1
                waiting[s] -= 1
                return .start(i)
            }
            return .idle
        }
        if open < wakeAt[s] {
            wakeAt[s] = open
            return .wake(open)
        }
        return .idle
    }
}
