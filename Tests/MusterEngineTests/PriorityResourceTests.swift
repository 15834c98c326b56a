import Testing
import MusterEngine

@Suite("PriorityResource")
struct PriorityResourceTests {
    /// Class 0 first, first come first served within a class; a job
    /// started is never displaced by a more urgent one arriving later.
    @Test func urgentClassFirstFifoWithin() {
        var r = PriorityResource<String>(capacity: 1, calendar: .always, origin: 0, classes: 3)
        r.enqueue("routine-1", priority: 2)
        #expect(r.next(now: 0).started == "routine-1")
        for (job, p) in [("routine-2", 2), ("normal-1", 1), ("urgent-1", 0), ("normal-2", 1), ("urgent-2", 0)] {
            r.enqueue(job, priority: p)
        }
        #expect(r.waiting == 5 && r.busy == 1)
        #expect(r.next(now: 1).isIdle)  // no pre-emption
        var order: [String] = []
        for t in 2...6 {
            r.release()
            if let j = r.next(now: Double(t)).started { order.append(j) }
        }
        #expect(order == ["urgent-1", "urgent-2", "normal-1", "normal-2", "routine-2"])
        #expect(r.waiting == 0 && r.busy == 1)
    }

    /// With one class it is the FIFO `Resource`, wake-ups included.
    @Test func oneClassBehavesLikeResource() throws {
        let office = try WeeklyCalendar.parse("Mon-Fri 08:30-17:30")
        var a = PriorityResource<Int>(capacity: 2, calendar: office, origin: 0)
        var b = Resource<Int>(capacity: 2, calendar: office, origin: 0)
        for j in 0..<5 { a.enqueue(j); b.enqueue(j) }
        // Monday 07:00: closed, wake at 08:30 once.
        let t0 = 7 * 3600.0
        #expect(a.next(now: t0).wakeTime == 8.5 * 3600 && b.next(now: t0).wakeTime == 8.5 * 3600)
        #expect(a.next(now: t0).isIdle && b.next(now: t0).isIdle)
        a.woke(at: 8.5 * 3600); b.woke(at: 8.5 * 3600)
        let open = 8.5 * 3600
        // Two servers: jobs 0 and 1 start at the opening, then nothing.
        for expected in [0, 1] {
            let x = a.next(now: open).started, y = b.next(now: open).started
            #expect(x == expected && y == expected)
        }
        #expect(a.next(now: open).isIdle && b.next(now: open).isIdle)
        a.release(); b.release()
        #expect(a.next(now: 9 * 3600).started == 2 && b.next(now: 9 * 3600).started == 2)
        #expect(a.busy == b.busy && a.waiting == b.queue.count)
    }
}

@Suite("TimeIntegral")
struct TimeIntegralTests {
    /// A queue of 2 from t = 1 to 4, then 5 until 10, window [3, 8):
    /// 2 × 1 + 5 × 4 = 22 inside, average 22 / 5.
    @Test func countsOnlyTheWindow() {
        var q = TimeIntegral(from: 3, to: 8)
        q.set(2, at: 1)
        q.add(3, at: 4)
        #expect(q.total == 22)  // the current value runs to the window's end
        q.set(0, at: 10)
        #expect(q.total == 22 && q.average == 22.0 / 5)
        #expect(q.value == 0)
    }

    @Test func changesBeforeTheWindowCountNothing() {
        var q = TimeIntegral(from: 10, to: 20)
        q.add(1, at: 0)
        q.add(1, at: 5)
        q.add(-2, at: 9)
        #expect(q.total == 0)
        q.add(1, at: 15)
        #expect(q.total == 5)
        #expect(TimeIntegral(from: 4, to: 4).average == 0)
    }
}
