// A two-level relay on MusterEngine alone: an order issued on a Friday
// afternoon is handled by a district office, which phones it, one street
// after another, to N street offices; each street office handles it in its
// own office hours. It prints when each street office received, started and
// finished the order, and when the last one finished.
//
//   swift run TwoLevelRelay          # 5 streets, the order issued Fri 15:00
//   swift run TwoLevelRelay 12345    # another seed
//
// The engine supplies the clock (EventCalendar), offices with handlers and
// a first-come queue that start work only in office hours (Resource and
// WeeklyCalendar), and the random durations (Distribution, RandomStream).
import Foundation
import MusterEngine

// MARK: The relay

let streetCount = 5
let issued = WeekTime.parse("Fri 15:00")!
let districtHours = try! WeeklyCalendar.parse("Mon-Fri 08:30-17:30")
let streetHours = try! WeeklyCalendar.parse("Mon-Fri 08:30-12:00 13:30-17:30")
let seed = CommandLine.arguments.dropFirst().first.flatMap { UInt64($0) } ?? 20_200_601

let minute = 60.0, hour = 3600.0
/// Reading the order and drafting the district's notice.
let districtHandle = Distribution.triangular(min: 1 * hour, mode: 2 * hour, max: 4 * hour)
/// One phone call to a street office, made by the district's handler.
let notify = Distribution.uniform(min: 5 * minute, max: 20 * minute)
/// From the end of the call until the street office has the order (any hour).
let transmit = Distribution.constant(10 * minute)
/// A street office's own handling.
let streetHandle = Distribution.triangular(min: 1 * hour, mode: 2 * hour, max: 5 * hour)

// MARK: The simulation

/// A job of the district office: handle the order once, then one call per street.
enum DistrictJob {
    case handle
    case notify(street: Int)
}

/// What happens; times are seconds since the order was issued.
enum Event {
    case issued
    case districtFinished(DistrictJob)
    case districtOpens
    case streetReceives(Int)
    case streetFinished(Int)
    case streetOpens(Int)
}

/// When things happened, in seconds since the issue.
struct Timeline {
    var districtStarted = 0.0, districtDone = 0.0
    var received = [Double](repeating: 0, count: streetCount)
    var started = [Double](repeating: 0, count: streetCount)
    var done = [Double](repeating: 0, count: streetCount)
}

/// One run of the relay.
func simulate() -> Timeline {
    var calendar = EventCalendar<Event>()
    var district = Resource<DistrictJob>(capacity: 1, calendar: districtHours, origin: issued.seconds)
    var streets = [Resource<Int>](repeating: Resource(capacity: 1, calendar: streetHours, origin: issued.seconds),
                                  count: streetCount)
    let random = RandomStream.sequential(key: StreamKey(seed: seed).value)
    var timeline = Timeline()

    calendar.schedule(.issued, at: 0)
    while let (now, event) = calendar.pop() {
        // The street office this event concerns, if any.
        var street: Int? = nil
        switch event {
        case .issued:
            district.enqueue(.handle)
        case .districtFinished(.handle):
            district.release()
            timeline.districtDone = now
            // Sequential forwarding: every call is queued at once and the
            // single handler makes them one after another.
            for s in 0..<streetCount { district.enqueue(.notify(street: s)) }
        case .districtFinished(.notify(let s)):
            district.release()
            calendar.schedule(.streetReceives(s), after: transmit.sampler.sample(random))
        case .districtOpens:
            district.woke(at: now)
        case .streetReceives(let s):
            timeline.received[s] = now
            streets[s].enqueue(s)
            street = s
        case .streetFinished(let s):
            streets[s].release()
            timeline.done[s] = now
            street = s
        case .streetOpens(let s):
            streets[s].woke(at: now)
            street = s
        }

        // The district office starts what it can now, or asks to be woken
        // when it opens; `.idle` when it is busy or has nothing to do.
        district: while true {
            switch district.next(now: now) {
            case .start(.handle):
                timeline.districtStarted = now
                calendar.schedule(.districtFinished(.handle), after: districtHandle.sampler.sample(random))
            case .start(let call):
                calendar.schedule(.districtFinished(call), after: notify.sampler.sample(random))
            case .wake(let at):
                calendar.schedule(.districtOpens, at: at)
                break district
            case .idle:
                break district
            }
        }
        // The same for the street office concerned.
        if let s = street {
            office: while true {
                switch streets[s].next(now: now) {
                case .start:
                    timeline.started[s] = now
                    calendar.schedule(.streetFinished(s), after: streetHandle.sampler.sample(random))
                case .wake(let at):
                    calendar.schedule(.streetOpens(s), at: at)
                    break office
                case .idle:
                    break office
                }
            }
        }
    }
    return timeline
}

// MARK: The report

/// "Mon 10:41" for a time in seconds since the issue.
func weekTime(_ t: Double) -> String {
    WeekTime(seconds: (issued.seconds + t).truncatingRemainder(dividingBy: secondsPerWeek)).description
}

func hours(_ t: Double) -> String { String(format: "%.2f h", t / hour) }

/// The smallest duration a distribution of this example can draw.
func minimum(_ d: Distribution) -> String {
    switch d {
    case .constant(let v), .uniform(let v, _), .triangular(let v, _, _): return DurationText.format(v)
    default: return "0"
    }
}

let relay = simulate()

print("Two-level relay: the order is issued \(issued), seed \(seed)")
print("district office: 1 handler, \(districtHours); \(streetCount) street offices: 1 handler each, \(streetHours)")

// A street's completion can be no earlier than the sum of these minimums:
// the district's handling, the calls up to its own, the transmission and
// its own handling (the test of this example checks it).
let minimums: [String] = [
    "district \(minimum(districtHandle))", "notify \(minimum(notify))",
    "transmit \(minimum(transmit))", "street \(minimum(streetHandle))",
]
print("minimum handling: " + minimums.joined(separator: ", "))
print("district  started \(weekTime(relay.districtStarted))  done \(weekTime(relay.districtDone))  (\(hours(relay.districtDone)))")
for s in 0..<streetCount {
    let received = weekTime(relay.received[s]), started = weekTime(relay.started[s])
    let done = weekTime(relay.done[s]), doneHours = hours(relay.done[s])
    print("street \(s + 1)  received \(received)  started \(started)  done \(done)  (\(doneHours))")
}
let complete = relay.done.max()!
print("order complete: \(weekTime(complete)), \(hours(complete)) after the issue")
