import Foundation
import MusterEngine

/// Micro-benchmarks of the engine's core operations, in nanoseconds per
/// operation: what every replication is made of.
public enum EngineOps {
    public struct Result: Sendable {
        public let name: String
        public let nanosecondsPerOp: Double
    }

    /// Runs every micro-benchmark; each takes a fraction of a second.
    public static func measureAll() -> [Result] {
        GSLRuntime.configure()
        return [
            heap(live: 10, name: "calendar schedule+pop, 10 live events (a micro-grid)"),
            heap(live: 200_000, name: "calendar schedule+pop, 200k live events (a city on one calendar)"),
            calendarLookup(),
            cursorLookup(),
            draw(.lognormal(mean: 360, sd: 240), name: "lognormal draw (ziggurat + exp)"),
            draw(.exponential(mean: 900), name: "exponential draw"),
            keyedAttempt(),
        ]
    }

    /// Times `body(n)` and returns nanoseconds per unit of work.
    static func time(_ n: Int, _ body: (Int) -> Double) -> Double {
        var sink = 0.0
        let start = DispatchTime.now().uptimeNanoseconds
        sink += body(n)
        let ns = Double(DispatchTime.now().uptimeNanoseconds - start)
        if sink == .infinity { print("") }  // keep the work observable
        return ns / Double(n)
    }

    static func heap(live: Int, name: String) -> Result {
        var cal = EventCalendar<Int32>()
        var x: UInt64 = 88172645463325252
        func next() -> Double {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            return Double(x >> 11) * 0x1.0p-53 * 3600
        }
        for i in 0..<live { cal.schedule(Int32(i), at: next()) }
        let ns = time(2_000_000) { n in
            var acc = 0.0
            for _ in 0..<n {
                let (t, p) = cal.pop()!
                acc += Double(p)
                cal.schedule(p, at: t + next())
            }
            return acc
        }
        return Result(name: name, nanosecondsPerOp: ns)
    }

    static func calendarLookup() -> Result {
        let c = try! WeeklyCalendar.parse("Mon-Fri 08:30-12:00 13:30-17:30")
        let ns = time(2_000_000) { n in
            var acc = 0.0
            var t = 0.0
            for _ in 0..<n { acc += c.nextOpen(t, origin: 86_400 + 32_400); t += 307 }
            return acc
        }
        return Result(name: "office-hours lookup (nextOpen)", nanosecondsPerOp: ns)
    }

    static func cursorLookup() -> Result {
        var c = CalendarCursor(try! WeeklyCalendar.parse("daily 07:00-21:00"), origin: 86_400 + 32_400)
        let ns = time(2_000_000) { n in
            var acc = 0.0
            var t = 0.0
            for _ in 0..<n { acc += c.nextOpen(t); t += 37 }
            return acc
        }
        return Result(name: "field-hours lookup (cursor, mostly inside a window)", nanosecondsPerOp: ns)
    }

    static func draw(_ d: Distribution, name: String) -> Result {
        let s = RandomStream.sequential(key: 1)
        let sampler = d.sampler
        let ns = time(2_000_000) { n in
            var acc = 0.0
            for _ in 0..<n { acc += sampler.sample(s) }
            return acc
        }
        return Result(name: name, nanosecondsPerOp: ns)
    }

    /// What a household attempt costs in random numbers: a keyed reseed, a
    /// uniform and two lognormal draws.
    static func keyedAttempt() -> Result {
        let s = RandomStream.keyed()
        let key = StreamKey(seed: 1).child(2)
        let travel = Distribution.lognormal(mean: 180, sd: 120).sampler
        let visit = Distribution.lognormal(mean: 360, sd: 240).sampler
        let ns = time(1_000_000) { n in
            var acc = 0.0
            for i in 0..<n {
                s.reseed(key.child(UInt64(i)).value)
                acc += s.uniform() + travel.sample(s) + visit.sample(s)
            }
            return acc
        }
        return Result(name: "household attempt draws (reseed + uniform + 2 lognormal)", nanosecondsPerOp: ns)
    }
}
