import Testing
import MusterEngine
@testable import MusterIncidents

/// The incident run's flat station queues must decide exactly as the
/// engine's `PriorityResource` (class 0 first, first come first served
/// within a class, no pre-emption, starts only while open, one wake-up).
@Suite struct StationQueuesTests {
    /// A random script of arrivals, ends of jobs and clock moves on three
    /// stations (FIFO always open, 3 classes on office hours, 2 classes on
    /// a night shift), played on both; every decision must agree.
    @Test func decideAsPriorityResource() throws {
        let office = try WeeklyCalendar.parse("Mon-Fri 08:30-17:30")
        let night = try WeeklyCalendar.parse("Mon-Sun 20:00-06:00")
        let handlers: [Int32] = [2, 1, 3], classes: [Int32] = [1, 3, 2]
        let hours = [WeeklyCalendar.always, office, night]
        let origin = 3 * 3600.0
        let incidents = 5000
        let arena = StateArena()
        let flat = StationQueues(handlers: handlers, hours: hours, classes: classes, origin: origin,
                                 incidents: incidents, arena: arena)
        var reference = (0..<3).map {
            PriorityResource<Int32>(capacity: Int(handlers[$0]), calendar: hours[$0], origin: origin,
                                    classes: Int(classes[$0]))
        }
        var state: UInt64 = 42
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        var now = 0.0, arrived: Int32 = 0, starts = 0, wakes = 0
        for _ in 0..<20_000 {
            let s = next(3)
            switch next(4) {
            case 0, 1:
                guard arrived < Int32(incidents) else { continue }
                let c = next(Int(classes[s]))
                flat.enqueue(arrived, at: s, priority: c)
                reference[s].enqueue(arrived, priority: c)
                arrived += 1
            case 2 where reference[s].busy > 0:
                flat.release(s)
                reference[s].release()
            default:
                now += Double(next(7200))
                flat.woke(s, at: now)
                reference[s].woke(at: now)
            }
            // Drain the decisions both give now.
            while true {
                let a = flat.next(s, now: now), b = reference[s].next(now: now)
                switch (a, b) {
                case (.start(let x), .start(let y)):
                    #expect(x == y)
                    starts += 1
                    continue
                case (.wake(let x), .wake(at: let y)):
                    #expect(x == y)
                    wakes += 1
                case (.idle, .idle): break
                default: Issue.record("station \(s) at \(now): \(a) against \(b)")
                }
                break
            }
            #expect(Int(flat.busy[s]) == reference[s].busy && Int(flat.waiting[s]) == reference[s].waiting)
            #expect(flat.startsAtOnce(s, now: now) == (reference[s].busy < reference[s].capacity
                && reference[s].waiting == 0 && hours[s].nextOpen(now, origin: origin) <= now))
        }
        // The script exercised every answer.
        #expect(starts > 1000 && wakes > 10)
    }
}
