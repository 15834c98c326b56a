import Testing
import Foundation
import MusterEngine

private let day = 86_400.0
private let week = 604_800.0

private func wt(_ d: Int, _ h: Int, _ m: Int = 0) -> Double {
    Double(d) * day + Double(h) * 3600 + Double(m) * 60
}

extension Resource.Decision {
    var started: Job? { if case .start(let j) = self { return j } else { return nil } }
    var wakeTime: Double? { if case .wake(let t) = self { return t } else { return nil } }
    var isIdle: Bool { if case .idle = self { return true } else { return false } }
}

@Suite("Resource")
struct ResourceTests {
    @Test func singleServerStartsInArrivalOrder() {
        var r = Resource<String>(capacity: 1, calendar: .always, origin: 0)
        for j in ["a", "b", "c"] { r.enqueue(j) }
        #expect(r.next(now: 0).started == "a")
        #expect(r.busy == 1)
        #expect(r.next(now: 0).isIdle)
        #expect(r.queue.count == 2)
        r.release()
        #expect(r.busy == 0)
        #expect(r.next(now: 5).started == "b")
        #expect(r.next(now: 5).isIdle)
        r.release()
        #expect(r.next(now: 9).started == "c")
        r.release()
        #expect(r.next(now: 9).isIdle)   // queue empty
        #expect(r.busy == 0)
        #expect(r.queue.isEmpty)
    }

    @Test func twoServersStartInArrivalOrder() {
        var r = Resource<Int>(capacity: 2, calendar: .always, origin: 0)
        for j in 1...5 { r.enqueue(j) }
        #expect(r.next(now: 0).started == 1)
        #expect(r.next(now: 0).started == 2)
        #expect(r.next(now: 0).isIdle)
        #expect(r.busy == 2)
        r.release()
        #expect(r.next(now: 1).started == 3)
        #expect(r.next(now: 1).isIdle)
        r.release()
        r.release()
        #expect(r.busy == 0)
        #expect(r.next(now: 2).started == 4)
        #expect(r.next(now: 2).started == 5)
        #expect(r.next(now: 2).isIdle)
        #expect(r.busy == 2)
    }

    @Test func closedOfficeRequestsOneWakeUpThenStarts() throws {
        let office = try WeeklyCalendar.parse("Mon-Fri 08:30-17:30")
        let origin = wt(1, 9)                      // Tue 09:00
        var r = Resource<String>(capacity: 1, calendar: office, origin: origin)
        let now = wt(1, 18) - origin               // Tue 18:00 = 9 h after origin
        #expect(now == 9 * 3600)
        r.enqueue("job")
        let wedOpen = wt(2, 8, 30) - origin        // Wed 08:30 = 23.5 h after origin
        #expect(r.next(now: now).wakeTime == wedOpen)
        #expect(r.wakeAt == wedOpen)
        // The wake-up is already requested: nothing more to do.
        #expect(r.next(now: now).isIdle)
        r.enqueue("second")
        #expect(r.next(now: now + 60).isIdle)
        #expect(r.busy == 0)
        // A spurious early wake-up changes nothing.
        r.woke(at: now + 3600)
        #expect(r.next(now: now + 3600).isIdle)
        // At the opening time the job starts.
        r.woke(at: wedOpen)
        #expect(r.wakeAt == .infinity)
        #expect(r.next(now: wedOpen).started == "job")
        #expect(r.next(now: wedOpen).isIdle)       // one server
        r.release()
        #expect(r.next(now: wedOpen + 10).started == "second")
    }

    @Test func fridayEveningWaitsForMonday() throws {
        let office = try WeeklyCalendar.parse("Mon-Fri 08:30-17:30")
        let origin = wt(1, 9)
        var r = Resource<Int>(capacity: 2, calendar: office, origin: origin)
        let fri = wt(4, 17, 30) - origin
        r.enqueue(1)
        r.enqueue(2)
        let monday = week + wt(0, 8, 30) - origin
        #expect(monday - fri == 63 * 3600)          // Fri 17:30 → Mon 08:30
        #expect(r.next(now: fri).wakeTime == monday)
        #expect(r.next(now: fri + 1).isIdle)
        r.woke(at: monday)
        #expect(r.next(now: monday).started == 1)
        #expect(r.next(now: monday).started == 2)
        #expect(r.next(now: monday).isIdle)
    }

    @Test func jobRunningPastClosingThenNextWaits() throws {
        let office = try WeeklyCalendar.parse("Mon-Fri 08:30-17:30")
        var r = Resource<Int>(capacity: 1, calendar: office, origin: 0)   // t = week time
        r.enqueue(1)
        r.enqueue(2)
        #expect(r.next(now: wt(0, 17)).started == 1)
        // Job 1 ends at 18:00, after closing: job 2 must wait for Tuesday.
        r.release()
        #expect(r.next(now: wt(0, 18)).wakeTime == wt(1, 8, 30))
        r.woke(at: wt(1, 8, 30))
        #expect(r.next(now: wt(1, 8, 30)).started == 2)
    }

    private enum Event { case arrival(Int), end, wake }

    /// A small simulation on the engine: arrivals at random, random service
    /// times, two servers on office hours with a lunch break. Checks, with an
    /// independent notion of office hours, that no job starts while closed,
    /// starts are FIFO, and no server idles while a job waits and the
    /// office is open.
    @Test(arguments: [11, 12, 13] as [UInt64])
    func neverStartsWhileClosed(seed: UInt64) throws {
        let calendar = try WeeklyCalendar.parse("Mon-Fri 08:30-12:00 13:30-17:30")
        let origin = wt(1, 9) + 0.25
        func officeOpen(_ simTime: Double) -> Bool {
            let w = (origin + simTime).truncatingRemainder(dividingBy: week)
            let d = Int(w / day)
            let clock = w - Double(d) * day
            return d < 5 && ((30_600 <= clock && clock < 43_200) || (48_600 <= clock && clock < 63_000))
        }
        func isOpening(_ simTime: Double) -> Bool {
            let w = (origin + simTime).truncatingRemainder(dividingBy: week)
            let clock = w - (w / day).rounded(.down) * day
            return abs(clock - 30_600) < 1e-6 || abs(clock - 48_600) < 1e-6
        }

        var rng = TestRNG(seed: seed)
        var events = EventCalendar<Event>()
        var r = Resource<Int>(capacity: 2, calendar: calendar, origin: origin)
        let jobs = 400
        var arrivals: [Double] = []
        var t = 0.0
        for i in 0..<jobs {
            t += -log(1 - Double.random(in: 0..<1, using: &rng)) * 1_200   // mean 20 min
            arrivals.append(t)
            events.schedule(.arrival(i), at: t)
        }
        var starts: [(job: Int, time: Double)] = []
        var endTimes: Set<Double> = []
        var pendingWakes = 0

        func drain(_ now: Double) {
            while true {
                switch r.next(now: now) {
                case .start(let j):
                    starts.append((j, now))
                    #expect(r.busy <= 2)
                    let service = -log(1 - Double.random(in: 0..<1, using: &rng)) * 1_500
                    events.schedule(.end, at: now + service)
                case .wake(let at):
                    #expect(at > now)
                    pendingWakes += 1
                    events.schedule(.wake, at: at)
                    return
                case .idle:
                    return
                }
            }
        }

        while let e = events.pop() {
            switch e.payload {
            case .arrival(let i): r.enqueue(i)
            case .end: r.release(); endTimes.insert(e.time)
            case .wake: r.woke(at: e.time); pendingWakes -= 1
            }
            drain(e.time)
        }

        #expect(starts.count == jobs)
        #expect(starts.map(\.job) == Array(0..<jobs))
        #expect(r.busy == 0)
        #expect(r.queue.isEmpty)
        #expect(pendingWakes == 0)
        for s in starts {
            #expect(officeOpen(s.time), "job \(s.job) started at \(s.time)")
            #expect(s.time >= arrivals[s.job])
            if s.time > arrivals[s.job] {
                // A delayed start happens when the office opens or a server frees.
                #expect(isOpening(s.time) || endTimes.contains(s.time), "job \(s.job) at \(s.time)")
            }
        }
    }
}
