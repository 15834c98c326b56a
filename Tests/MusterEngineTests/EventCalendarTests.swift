import Testing
import MusterEngine

@Suite("EventCalendar")
struct EventCalendarTests {
    @Test func startsEmptyAtTimeZero() {
        var c = EventCalendar<Int>()
        #expect(c.count == 0 && c.isEmpty == true)
        #expect(c.count == 0)
        #expect(c.now == 0)
        #expect(c.processed == 0)
        #expect(c.pop() == nil)
        #expect(c.processed == 0)
    }

    @Test func popsInTimeOrder() {
        var c = EventCalendar<String>()
        c.schedule("c", at: 30)
        c.schedule("a", at: 10)
        c.schedule("d", at: 40.5)
        c.schedule("b", at: 20)
        #expect(c.count == 4)
        var seen: [String] = []
        var times: [Double] = []
        while let e = c.pop() {
            seen.append(e.payload)
            times.append(e.time)
            #expect(c.now == e.time)
        }
        #expect(seen == ["a", "b", "c", "d"])
        #expect(times == [10, 20, 30, 40.5])
        #expect(c.processed == 4)
        #expect(c.count == 0 && c.isEmpty == true)
        #expect(c.now == 40.5)
    }

    @Test func equalTimesPopFirstScheduledFirst() {
        var c = EventCalendar<Int>()
        for i in 0..<100 { c.schedule(i, at: 5) }
        c.schedule(-1, at: 4)
        var order: [Int] = []
        while let e = c.pop() { order.append(e.payload) }
        #expect(order == [-1] + Array(0..<100))
    }

    @Test func scheduleAfterIsRelativeToNow() {
        var c = EventCalendar<Int>()
        c.schedule(1, after: 100)
        #expect(c.pop()?.time == 100)
        c.schedule(2, after: 25)
        c.schedule(3, after: 0)   // at now: allowed, runs after events already due
        #expect(c.pop()?.payload == 3)
        #expect(c.now == 100)
        let e = c.pop()
        #expect(e?.payload == 2)
        #expect(e?.time == 125)
        #expect(c.now == 125)
        #expect(c.processed == 3)
    }

    @Test func clockAndCountersTrackPops() {
        var c = EventCalendar<Int>()
        c.schedule(0, at: 1)
        c.schedule(1, at: 2)
        c.schedule(2, at: 3)
        _ = c.pop()
        #expect(c.now == 1)
        #expect(c.processed == 1)
        #expect(c.count == 2)
        c.schedule(3, at: 1)   // same time as now
        #expect(c.count == 3)
        #expect(c.pop()?.payload == 3)
        #expect(c.now == 1)
        #expect(c.processed == 2)
    }

    @Test func resetDropsPendingEventsAndRewindsTheClock() {
        var c = EventCalendar<Int>()
        c.schedule(1, at: 50)
        c.schedule(2, at: 80)
        c.schedule(3, at: 90)
        #expect(c.pop()?.payload == 1)
        #expect(c.now == 50)
        c.reset()
        #expect(c.count == 0 && c.isEmpty == true)
        #expect(c.count == 0)
        #expect(c.now == 0)
        #expect(c.processed == 1)            // the event count survives a reset
        #expect(c.pop() == nil)
        // Times before the old clock are allowed again.
        c.schedule(10, at: 5)
        c.schedule(11, at: 5)
        c.schedule(12, at: 1)
        #expect(c.count == 3)
        #expect(c.pop()?.payload == 12)
        #expect(c.pop()?.payload == 10)      // FIFO among equal times after a reset
        #expect(c.pop()?.payload == 11)
        #expect(c.now == 5)
        #expect(c.processed == 4)
    }

    @Test func resetBetweenManySubSimulations() {
        // One calendar serving many small runs in turn, as per micro-grid.
        var c = EventCalendar<Int>()
        var rng = TestRNG(seed: 99)
        var total = 0
        for run in 0..<200 {
            let n = Int.random(in: 0...40, using: &rng)
            var expected: [(time: Double, id: Int)] = []
            for id in 0..<n {
                let t = Double(Int.random(in: 0...9, using: &rng))
                c.schedule(id, at: t)
                expected.append((t, id))
            }
            // Leave some events behind before resetting.
            let popCount = Int.random(in: 0...n, using: &rng)
            let order = expected.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
            for k in 0..<popCount {
                guard let e = c.pop(), e.payload == order[k].id, e.time == order[k].time else {
                    Issue.record("run \(run), pop \(k): expected #\(order[k].id) at \(order[k].time)")
                    return
                }
            }
            total += popCount
            #expect(c.count == n - popCount)
            c.reset()
            #expect(c.isEmpty && c.now == 0)
        }
        #expect(c.processed == total)
    }

    /// Interleaves scheduling and popping at random, with many ties, and
    /// compares every pop with a plain list ordered by (time, sequence).
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func matchesSortByTimeThenSequence(seed: UInt64) {
        var rng = TestRNG(seed: seed)
        var c = EventCalendar<Int>()
        var model: [(time: Double, seq: Int)] = []   // payload == seq
        var seq = 0
        var now = 0.0
        var pops = 0
        for _ in 0..<20_000 {
            if model.isEmpty || Int.random(in: 0..<9, using: &rng) < 5 {
                // Coarse delays make equal times common.
                let delay = Double(Int.random(in: 0...4, using: &rng)) * 0.5
                if Bool.random(using: &rng) {
                    c.schedule(seq, after: delay)
                } else {
                    c.schedule(seq, at: now + delay)
                }
                model.append((now + delay, seq))
                seq += 1
            } else {
                let best = model.indices.min { a, b in
                    (model[a].time, model[a].seq) < (model[b].time, model[b].seq)
                }!
                let expected = model.remove(at: best)
                guard let e = c.pop() else {
                    Issue.record("calendar empty while the model has \(model.count + 1) events")
                    return
                }
                pops += 1
                now = expected.time
                // Stop at the first divergence: later pops would all differ.
                guard e.payload == expected.seq, e.time == expected.time,
                      c.now == expected.time, c.processed == pops else {
                    Issue.record("""
                        pop \(pops): got (\(e.time), #\(e.payload)), now \(c.now), processed \(c.processed); \
                        expected (\(expected.time), #\(expected.seq)), processed \(pops)
                        """)
                    return
                }
            }
            guard c.count == model.count else {
                Issue.record("count \(c.count), expected \(model.count)")
                return
            }
        }
        // Drain the rest: sorting by (time, seq) gives the whole order.
        let rest = model.sorted { ($0.time, $0.seq) < ($1.time, $1.seq) }.map(\.seq)
        var drained: [Int] = []
        while let e = c.pop() { drained.append(e.payload) }
        #expect(drained == rest)
        #expect(c.processed == pops + rest.count)
    }
}

/// Events a caller keeps outside the heap, in time order, must come out
/// exactly where scheduling them would have put them, ties included.
@Suite struct EventCalendarOutsideStreamTests {
    @Test func outsideEventsInterleaveAsScheduledOnes() {
        var state: UInt64 = 7
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        // Reports at integer times (many ties with the heap's events).
        let reports = (0..<3000).map { _ in Double(next(500)) }.sorted()
        // Each popped event schedules 0–2 more at small integer delays, so
        // times tie often; the reference schedules reports one at a time as
        // the run once did, the other keeps them outside.
        func play(outside: Bool) -> [String] {
            var cal = EventCalendar<Int>()
            var log: [String] = []
            var k = 0, seq = UInt64.max
            var rng: UInt64 = 99
            func draw(_ n: Int) -> Int {
                rng = rng &* 6364136223846793005 &+ 1442695040888963407
                return Int((rng >> 33) % UInt64(n))
            }
            func nextReport() {
                guard k < reports.count else { seq = .max; return }
                if outside { seq = cal.takeSequenceNumber() } else { cal.schedule(-1 - k, at: reports[k]) }
                k += 1
            }
            cal.schedule(1_000_000, at: 250)
            nextReport()
            var label = 0
            while true {
                if outside && seq != .max && cal.precedesAll(time: reports[k - 1], seq: seq) {
                    let r = k - 1
                    cal.advance(to: reports[r])
                    nextReport()
                    log.append("r\(r)@\(cal.now)")
                } else {
                    guard let (t, e) = cal.pop() else { break }
                    if e < 0 {
                        nextReport()
                        log.append("r\(-1 - e)@\(t)")
                    } else {
                        log.append("e\(e)@\(t)")
                    }
                }
                for _ in 0..<draw(3) where label < 5000 {
                    label += 1
                    cal.schedule(label, at: cal.now + Double(draw(3)))
                }
            }
            log.append("processed \(cal.processed)")
            return log
        }
        let a = play(outside: false), b = play(outside: true)
        #expect(a.count > 6000)
        #expect(a == b)
    }
}
