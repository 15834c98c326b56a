import Testing
import MusterEngine

// Week times are seconds since Monday 00:00; every expected value below is
// worked out by hand from that definition.
private let day = 86_400.0
private let week = 604_800.0

/// Week time of day `d` (0 = Monday … 6 = Sunday) at `h:m:s`.
private func wt(_ d: Int, _ h: Int, _ m: Int = 0, _ s: Int = 0) -> Double {
    Double(d) * day + Double(h) * 3600 + Double(m) * 60 + Double(s)
}

private func parse(_ text: String) throws -> WeeklyCalendar {
    try WeeklyCalendar.parse(text)
}

/// An independent model of a calendar given as days and same-day clock
/// spans (no merging, no week wrap tricks): used as an oracle.
private struct OfficeOracle {
    let days: Set<Int>
    /// Clock spans `open..<close` in seconds after midnight, sorted.
    let spans: [(open: Double, close: Double)]

    func isOpen(_ w: Double) -> Bool {
        let d = (w / day).rounded(.down)
        let clock = w - d * day
        let weekday = ((Int(d) % 7) + 7) % 7
        return days.contains(weekday) && spans.contains { clock >= $0.open && clock < $0.close }
    }

    func nextOpen(_ w: Double) -> Double {
        if isOpen(w) { return w }
        let d0 = (w / day).rounded(.down)
        for k in 0...8 {
            let d = d0 + Double(k)
            guard days.contains(Int(d) % 7) else { continue }
            for s in spans where d * day + s.open > w { return d * day + s.open }
        }
        return .infinity
    }
}

private let officeOracle = OfficeOracle(days: [0, 1, 2, 3, 4], spans: [(30_600, 63_000)])
private let splitOfficeOracle = OfficeOracle(days: [0, 1, 2, 3, 4],
                                             spans: [(30_600, 43_200), (48_600, 63_000)])

@Suite("WeeklyCalendar parsing")
struct WeeklyCalendarParsingTests {
    @Test func alwaysIsOpenEverywhere() throws {
        for text in ["always", "  Always ", "ALWAYS"] {
            let c = try parse(text)
            #expect(c.isAlways)
            #expect(!c.isNever)
            for t in [0, 1e-9, 12_345.678, week - 0.5, 3 * week + 17, 1e9] {
                #expect(c.nextOpen(t) == t)
                #expect(c.nextOpen(t, origin: wt(1, 9)) == t)
                #expect(c.isOpen(t))
            }
        }
        #expect(WeeklyCalendar.always.isAlways)
    }

    @Test func dailyWindow() throws {
        let c = try parse("daily 07:00-21:00")
        #expect(!c.isAlways)
        #expect(c.windows == (0..<7).map { wt($0, 7)..<wt($0, 21) })
        #expect(c.isOpen(wt(2, 7)))
        #expect(c.isOpen(wt(2, 20, 59, 59)))
        #expect(!c.isOpen(wt(2, 21)))
        #expect(c.nextOpen(wt(2, 21)) == wt(3, 7))
        #expect(c.nextOpen(wt(0, 3)) == wt(0, 7))
        // Sunday evening → next Monday 07:00.
        #expect(c.nextOpen(wt(6, 22)) == week + wt(0, 7))
    }

    @Test func officeHours() throws {
        let c = try parse("Mon-Fri 08:30-17:30")
        #expect(c.windows == (0..<5).map { wt($0, 8, 30)..<wt($0, 17, 30) })
        #expect(c.text == "Mon-Fri 08:30-17:30")
        #expect(c.description == "Mon-Fri 08:30-17:30")
    }

    @Test func officeHoursWithLunchBreak() throws {
        let c = try parse("Mon-Fri 08:30-12:00 13:30-17:30")
        var expected: [Range<Double>] = []
        for d in 0..<5 {
            expected.append(wt(d, 8, 30)..<wt(d, 12))
            expected.append(wt(d, 13, 30)..<wt(d, 17, 30))
        }
        #expect(c.windows == expected)
        #expect(c.isOpen(wt(1, 11, 59, 59)))
        #expect(!c.isOpen(wt(1, 12)))
        #expect(c.nextOpen(wt(1, 12)) == wt(1, 13, 30))
        #expect(c.nextOpen(wt(1, 13, 29)) == wt(1, 13, 30))
        #expect(c.isOpen(wt(1, 13, 30)))
        #expect(c.nextOpen(wt(4, 17, 30)) == week + wt(0, 8, 30))
    }

    @Test func weekendWindows() throws {
        let c = try parse("Sat,Sun 10:00-16:00")
        #expect(c.windows == [wt(5, 10)..<wt(5, 16), wt(6, 10)..<wt(6, 16)])
        #expect(c.nextOpen(0) == wt(5, 10))
        #expect(c.nextOpen(wt(5, 16)) == wt(6, 10))
        #expect(c.nextOpen(wt(6, 16)) == week + wt(5, 10))
        #expect(c.isOpen(wt(6, 15, 59)))
    }

    @Test func overnightWindowsWrapPastMidnightAndTheWeekEnd() throws {
        let c = try parse("daily 20:00-08:00")
        // Each day's 20:00 runs to 08:00 the next day; Sunday's piece wraps
        // onto Monday 00:00-08:00.
        var expected: [Range<Double>] = [0..<wt(0, 8)]
        for d in 0..<6 { expected.append(wt(d, 20)..<wt(d + 1, 8)) }
        expected.append(wt(6, 20)..<week)
        #expect(c.windows == expected)

        #expect(c.isOpen(wt(6, 23)))                    // Sunday night
        #expect(c.isOpen(wt(0, 7, 59, 59)))             // Monday morning (from Sunday)
        #expect(c.isOpen(week + wt(0, 7, 59, 59)))      // … in the second week as well
        #expect(!c.isOpen(wt(0, 8)))
        #expect(c.nextOpen(wt(0, 8)) == wt(0, 20))
        #expect(c.nextOpen(wt(6, 8)) == wt(6, 20))
        #expect(c.nextOpen(wt(3, 12)) == wt(3, 20))
        #expect(c.isOpen(wt(3, 2)))                     // Thursday 02:00 (from Wednesday)

        // From a Tuesday 09:00 origin.
        let origin = wt(1, 9)
        #expect(c.nextOpen(0, origin: origin) == 11 * 3600)              // → Tue 20:00
        let sunday23 = 5 * day + 14 * 3600                                // Sun 23:00
        #expect(c.nextOpen(sunday23, origin: origin) == sunday23)
        let monday7 = 5 * day + 22 * 3600                                 // next Mon 07:00
        #expect(c.nextOpen(monday7, origin: origin) == monday7)
        #expect(c.nextOpen(monday7 + 3600, origin: origin) == monday7 + 13 * 3600) // Mon 08:00 → 20:00
    }

    @Test func sundayNightOnlyWrapsToMondayMorning() throws {
        let c = try parse("Sun 22:00-06:00")
        #expect(c.windows == [0..<wt(0, 6), wt(6, 22)..<week])
        #expect(c.isOpen(wt(0, 5)))
        #expect(!c.isOpen(wt(0, 6)))
        #expect(c.nextOpen(wt(0, 6)) == wt(6, 22))
        #expect(c.nextOpen(wt(5, 12)) == wt(6, 22))
        #expect(c.nextOpen(week + wt(2, 0)) == week + wt(6, 22))
        #expect(c.isOpen(2 * week + wt(0, 1)))
    }

    @Test func weekdaysAndWeekendsKeywords() throws {
        #expect(try parse("weekdays 09:00-17:00").windows == parse("Mon-Fri 09:00-17:00").windows)
        #expect(try parse("weekdays 09:00-17:00").windows == (0..<5).map { wt($0, 9)..<wt($0, 17) })
        #expect(try parse("weekends 10:00-16:00").windows == [wt(5, 10)..<wt(5, 16), wt(6, 10)..<wt(6, 16)])
        #expect(try parse("Weekdays 09:00-17:00").windows.count == 5)
    }

    @Test func dayRangeWrapsThroughSunday() throws {
        let c = try parse("Fri-Mon 10:00-11:00")
        #expect(c.windows == [0, 4, 5, 6].map { wt($0, 10)..<wt($0, 11) })
    }

    @Test func clausesJoinedBySemicolon() throws {
        let c = try parse("Mon-Fri 08:30-17:30; Sat 10:00-12:00")
        #expect(c.windows == (0..<5).map { wt($0, 8, 30)..<wt($0, 17, 30) } + [wt(5, 10)..<wt(5, 12)])
        #expect(c.nextOpen(wt(4, 18)) == wt(5, 10))
        #expect(c.nextOpen(wt(5, 12)) == week + wt(0, 8, 30))

        // Overlapping and touching windows are merged.
        #expect(try parse("Mon 08:00-12:00; Mon 11:00-14:00").windows == [wt(0, 8)..<wt(0, 14)])
        #expect(try parse("Mon 08:00-10:00;Mon 10:00-12:00").windows == [wt(0, 8)..<wt(0, 12)])
    }

    @Test func seconds24hAndFullWeek() throws {
        #expect(try parse("Mon 08:00:30-24:00").windows == [wt(0, 8, 0, 30)..<wt(1, 0)])
        let full = try parse("daily 00:00-24:00")
        #expect(full.isAlways)
        #expect(full.nextOpen(12_345.5, origin: wt(3, 3)) == 12_345.5)
    }

    @Test(arguments: [
        ("Mon-Fri", "Mon-Fri"),
        ("Mon 25:00-26:00", "25:00-26:00"),
        ("Funday 08:00-09:00", "Funday"),
        ("daily 08:00-08:00", "08:00-08:00"),
        ("", ""),
        ("   ", ""),
        (";", ""),
        ("Mon 08:00-09:00;", ""),
        ("Mon 08:00-24:30", "08:00-24:30"),
        ("Mon 8-9", "8-9"),
        ("Mon 08:00", "08:00"),
        ("Mon 08:60-09:00", "08:60-09:00"),
        ("Mon-Fri-Sat 08:00-09:00", "Mon-Fri-Sat"),
    ])
    func rejectsBadText(text: String, offending: String) {
        let error = #expect(throws: CalendarParseError.self) { try WeeklyCalendar.parse(text) }
        guard let error else { return }
        #expect(error.text == text)
        #expect(!error.reason.isEmpty)
        // The reason names the offending part so the user can find it.
        if !offending.isEmpty { #expect(error.reason.contains(offending)) }
        // The description tells what is allowed.
        #expect(error.description.contains(error.reason))
        #expect(error.description.contains("always"))
    }

    @Test func dayListMadeOnlyOfCommasIsRejected() {
        // "," names no day at all; accepting it yields a calendar that never
        // opens, which a scenario would only notice as jobs waiting forever.
        #expect(throws: CalendarParseError.self) { try WeeklyCalendar.parse(", 08:00-09:00") }
    }
}

@Suite("WeeklyCalendar.nextOpen")
struct WeeklyCalendarNextOpenTests {
    @Test func halfOpenOfficeWindows() throws {
        let c = try parse("Mon-Fri 08:30-17:30")
        #expect(c.isOpen(wt(2, 8, 30)))                          // opens at 08:30:00 exactly
        #expect(c.nextOpen(wt(2, 8, 30)) == wt(2, 8, 30))
        #expect(!c.isOpen(wt(2, 17, 30)))                        // closed at 17:30:00 exactly
        #expect(c.nextOpen(wt(2, 17, 30)) == wt(3, 8, 30))        // → next day 08:30
        #expect(c.nextOpen(wt(2, 8, 29, 59)) == wt(2, 8, 30))
        #expect(c.nextOpen(wt(4, 17, 30)) == week + wt(0, 8, 30)) // Friday 17:30 → Monday 08:30
        #expect(c.nextOpen(wt(5, 12)) == week + wt(0, 8, 30))     // Saturday → Monday
        #expect(c.nextOpen(wt(0, 0)) == wt(0, 8, 30))
    }

    @Test func originTuesdayMorning() throws {
        let c = try parse("Mon-Fri 08:30-17:30")
        let origin = try #require(WeekTime.parse("Tue 09:00")).seconds
        #expect(origin == wt(1, 9))
        // t = 0 is Tuesday 09:00: open.
        #expect(c.nextOpen(0, origin: origin) == 0)
        // Tuesday 17:30 is 8.5 h later; next open is Wednesday 08:30,
        // 23.5 h after Tuesday 09:00.
        #expect(c.nextOpen(8.5 * 3600, origin: origin) == 23.5 * 3600)
        // Friday 17:30 (3 d 8.5 h after origin) → Monday 08:30 (6 d − 0.5 h).
        #expect(c.nextOpen(3 * day + 8.5 * 3600, origin: origin) == 6 * day - 1800)
        // Monday 08:00 two weeks later → Monday 08:30.
        let mon8 = 2 * week + wt(0, 8) - origin
        #expect(c.nextOpen(mon8, origin: origin) == mon8 + 1800)
    }

    @Test func returnsTheSameBitsWhenOpen() throws {
        let c = try parse("Mon-Fri 08:30-12:00 13:30-17:30")
        let origin = wt(1, 9)
        // Times whose sum with the origin is inexact: origin + t − origin ≠ t.
        let ts: [Double] = [1e-7, 0.1, 0.30000000000000004, 1234.5678901234, 9_000.123456789,
                            week + 0.7, 3 * week + 1e-9, 52 * week + 0.123456789]
        // The probe must include times whose round trip through the origin is inexact.
        #expect(ts.contains { ((origin + $0) - origin).bitPattern != $0.bitPattern })
        for t in ts {
            let r = c.nextOpen(t, origin: origin)
            #expect(r.bitPattern == t.bitPattern, "t = \(t)")
        }
    }

    @Test func randomisedAgainstOracle() throws {
        let calendars: [(WeeklyCalendar, OfficeOracle)] = [
            (try parse("Mon-Fri 08:30-17:30"), officeOracle),
            (try parse("Mon-Fri 08:30-12:00 13:30-17:30"), splitOfficeOracle),
        ]
        let origins = [0, wt(1, 9), wt(2, 13, 17, 5) + 0.5, wt(6, 23, 59, 59)]
        var rng = TestRNG(seed: 20_240_917)
        for (cal, oracle) in calendars {
            for origin in origins {
                for _ in 0..<5_000 {
                    let t = Double.random(in: 0..<(4 * week), using: &rng)
                    let r = cal.nextOpen(t, origin: origin)
                    // #require: stop at the first mismatch rather than report thousands.
                    try #require(r >= t)
                    if oracle.isOpen(origin + t) {
                        // Away from a window edge the answer is t itself.
                        let clock = (origin + t).truncatingRemainder(dividingBy: day)
                        let nearEdge = [30_600.0, 43_200, 48_600, 63_000].contains { abs(clock - $0) < 1e-6 }
                        if !nearEdge { try #require(r.bitPattern == t.bitPattern, "t = \(t), origin = \(origin)") }
                    } else {
                        let expected = oracle.nextOpen(origin + t) - origin
                        try #require(abs(r - expected) < 1e-6, "t = \(t), origin = \(origin)")
                    }
                    // The answer is itself open: asking again changes nothing.
                    try #require(cal.nextOpen(r, origin: origin).bitPattern == r.bitPattern)
                }
            }
        }
    }

    @Test func everyMinuteOfTheWeekAgainstOracle() throws {
        let cal = try parse("Mon-Fri 08:30-12:00 13:30-17:30")
        for minute in 0..<(7 * 24 * 60) {
            for offset in [0.0, 30.0] {
                let w = Double(minute) * 60 + offset
                try #require(cal.isOpen(w) == splitOfficeOracle.isOpen(w), "w = \(w)")
                try #require(cal.nextOpen(w) == splitOfficeOracle.nextOpen(w), "w = \(w)")
            }
        }
    }

    @Test func timesBeyondOneWeekRepeatWeekly() throws {
        for text in ["Mon-Fri 08:30-17:30", "daily 20:00-08:00", "Sat,Sun 10:00-16:00", "Sun 22:00-06:00"] {
            let c = try parse(text)
            for t in stride(from: 0.0, to: week, by: 1_234) {
                let base = c.nextOpen(t)
                for k in 1...10 {
                    let shift = Double(k) * week
                    try #require(c.nextOpen(t + shift) == base + shift, "\(text) t = \(t) k = \(k)")
                }
            }
        }
    }
}

@Suite("WeekTime")
struct WeekTimeTests {
    @Test func parsesDayAndClock() throws {
        let tuesday0900: Double = 86_400 + 32_400
        #expect(WeekTime.parse("Tue 09:00")?.seconds == tuesday0900)
        #expect(WeekTime.parse("Mon 00:00")?.seconds == 0)
        let sunday2359: Double = 6 * 86_400 + 23 * 3_600 + 59 * 60   // 604 740
        #expect(WeekTime.parse("Sun 23:59")?.seconds == sunday2359)
        let friday1730: Double = 4 * 86_400 + 17 * 3_600 + 30 * 60
        #expect(WeekTime.parse("fri 17:30")?.seconds == friday1730)
    }

    @Test(arguments: ["", "Tue", "09:00", "Tue 24:00", "Tue 09:60", "Xyz 09:00", "Tue 09:00 extra", "Tuesday 09:00"])
    func rejects(text: String) {
        #expect(WeekTime.parse(text) == nil)
    }

    @Test func formatsDescription() {
        #expect(WeekTime(seconds: 86_400 + 32_400).description == "Tue 09:00")
        #expect(WeekTime(seconds: 0).description == "Mon 00:00")
        #expect(WeekTime(seconds: 6 * 86_400 + 86_340).description == "Sun 23:59")
        // Beyond one week the weekday wraps.
        #expect(WeekTime(seconds: 604_800 + 4 * 86_400 + 63_000).description == "Fri 17:30")
    }

    @Test func descriptionRoundTrip() throws {
        let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        for d in 0..<7 {
            for minute in stride(from: 0, to: 1440, by: 7) {
                let text = "\(names[d]) " + (minute / 60 < 10 ? "0" : "") + "\(minute / 60):" + (minute % 60 < 10 ? "0" : "") + "\(minute % 60)"
                let t = try #require(WeekTime.parse(text), "\(text)")
                #expect(t.seconds == Double(d * 86_400 + minute * 60))
                #expect(t.description == text)
                #expect(WeekTime.parse(t.description) == t)
            }
        }
    }
}
