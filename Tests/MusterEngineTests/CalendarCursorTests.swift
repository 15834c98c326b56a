import Testing
import MusterEngine

private let week = 604_800.0

/// `CalendarCursor` caches the window last found open; its answers must be
/// `WeeklyCalendar.nextOpen(_:origin:)`'s, bit for bit.
@Suite("CalendarCursor")
struct CalendarCursorTests {
    static let texts = [
        "always",
        "Mon-Fri 08:30-17:30",
        "Mon-Fri 08:30-12:00 13:30-17:30",
        "daily 20:00-08:00",
        "Sun 22:00-06:00",
        "Sat,Sun 10:00-16:00",
    ]

    @Test(arguments: texts)
    func agreesWithNextOpenOnAdvancingTimes(text: String) throws {
        let calendar = try WeeklyCalendar.parse(text)
        for origin in [0, 118_800, 201_425.5, 604_799] as [Double] {
            var cursor = CalendarCursor(calendar, origin: origin)
            var rng = TestRNG(seed: 41)
            var t = 0.0
            for step in 0..<20_000 {
                // Mostly small steps (many starts inside one window), some large jumps.
                t += Bool.random(using: &rng) && step % 7 == 0
                    ? Double.random(in: 0..<200_000, using: &rng)
                    : Double.random(in: 0..<900, using: &rng)
                let expected = calendar.nextOpen(t, origin: origin)
                let got = cursor.nextOpen(t)
                try #require(got.bitPattern == expected.bitPattern,
                             "\(text), origin \(origin), t = \(t): \(got) vs \(expected)")
                // Asking at the answer gives the answer again.
                if got.isFinite {
                    try #require(cursor.nextOpen(got).bitPattern == got.bitPattern)
                }
            }
        }
    }

    @Test(arguments: texts)
    func agreesWithNextOpenWhenTimeGoesBack(text: String) throws {
        // Sub-simulations restart their clock at zero; a cursor kept across
        // them sees times that jump backwards.
        let calendar = try WeeklyCalendar.parse(text)
        let origin = 118_800.0
        var cursor = CalendarCursor(calendar, origin: origin)
        var rng = TestRNG(seed: 42)
        for _ in 0..<20_000 {
            let t = Double.random(in: 0..<(3 * week), using: &rng)
            let expected = calendar.nextOpen(t, origin: origin)
            try #require(cursor.nextOpen(t).bitPattern == expected.bitPattern, "\(text), t = \(t)")
        }
    }

    @Test func windowEdgesWithOfficeHours() throws {
        let calendar = try WeeklyCalendar.parse("Mon-Fri 08:30-17:30")
        let origin = 86_400.0 + 9 * 3600          // Tue 09:00
        var cursor = CalendarCursor(calendar, origin: origin)
        #expect(cursor.nextOpen(0) == 0)
        #expect(cursor.nextOpen(8.5 * 3600 - 1) == 8.5 * 3600 - 1)      // Tue 17:29:59, open
        #expect(cursor.nextOpen(8.5 * 3600) == 23.5 * 3600)              // Tue 17:30 → Wed 08:30
        #expect(cursor.nextOpen(23.5 * 3600) == 23.5 * 3600)
        #expect(cursor.nextOpen(3 * 86_400 + 8.5 * 3600) == 6 * 86_400 - 1800) // Fri 17:30 → Mon 08:30
        #expect(cursor.nextOpen(0) == 0)                                 // back to Tuesday
    }
}
