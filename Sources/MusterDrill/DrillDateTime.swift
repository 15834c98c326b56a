/// A local date and clock time as a drill log writes it (ISO 8601 without
/// a zone: `2026-03-10T09:00`, `2026-03-10T09:00:30`, or with a space
/// instead of the `T`). Local wall-clock time: the difference of two is
/// taken on the calendar, with no daylight-saving shift.
public struct DrillDateTime: Sendable, Equatable, CustomStringConvertible {
    /// Days since 1970-01-01 (proleptic Gregorian).
    public let day: Int
    /// Seconds since midnight.
    public let secondOfDay: Double

    /// Parses the text, or nil with the reason.
    public static func parse(_ text: String) -> Result<DrillDateTime, ParseFailure> {
        let t = Array(text.utf8)
        func digits(_ from: Int, _ n: Int) -> Int? {
            guard from + n <= t.count else { return nil }
            var v = 0
            for b in t[from..<from + n] {
                guard b >= 48, b <= 57 else { return nil }
                v = v * 10 + Int(b - 48)
            }
            return v
        }
        let shape = ParseFailure(text: text, reason: "expected a local date-time YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS (ISO 8601, no time zone)")
        guard t.count >= 16, let y = digits(0, 4), t[4] == 45, let mo = digits(5, 2), t[7] == 45, let d = digits(8, 2),
              t[10] == 84 || t[10] == 32, let h = digits(11, 2), t[13] == 58, let mi = digits(14, 2) else {
            return .failure(shape)
        }
        var sec = 0.0
        var rest = 16
        if t.count > 16 && t[16] == 58 {
            guard let s = digits(17, 2) else { return .failure(shape) }
            sec = Double(s)
            rest = 19
            if t.count > 19 && t[19] == 46 {
                var k = 20, scale = 0.1
                while k < t.count, t[k] >= 48, t[k] <= 57 { sec += Double(t[k] - 48) * scale; scale /= 10; k += 1 }
                guard k > 20 else { return .failure(shape) }
                rest = k
            }
        }
        if rest < t.count {
            let tail = String(decoding: t[rest...], as: UTF8.self)
            if tail == "Z" || tail.hasPrefix("+") || tail.hasPrefix("-") {
                return .failure(ParseFailure(text: text, reason: "a time zone ('\(tail)') is not accepted: give the local date-time of the drill, as the scenario's start is local"))
            }
            return .failure(shape)
        }
        guard (1...12).contains(mo), d >= 1, d <= daysInMonth(y, mo) else {
            return .failure(ParseFailure(text: text, reason: "no such date"))
        }
        guard h < 24, mi < 60, sec < 60 else { return .failure(ParseFailure(text: text, reason: "no such clock time")) }
        return .success(DrillDateTime(day: daysFromCivil(y, mo, d), secondOfDay: Double(h * 3600 + mi * 60) + sec))
    }

    /// Why a date-time was not read.
    public struct ParseFailure: Error, Equatable {
        public let text: String
        public let reason: String
    }

    /// Hours from `origin` to this date-time.
    public func hours(since origin: DrillDateTime) -> Double {
        (Double(day - origin.day) * 86_400 + secondOfDay - origin.secondOfDay) / 3600
    }

    /// Seconds since Monday 00:00 of its week (the scale of `WeekTime`).
    public var weekSeconds: Double {
        // 1970-01-01 was a Thursday: day 0 is weekday 3 counting Monday as 0.
        let weekday = ((day + 3) % 7 + 7) % 7
        return Double(weekday) * 86_400 + secondOfDay
    }

    public var description: String {
        let (y, m, d) = Self.civil(fromDays: day)
        let s = Int(secondOfDay)
        let pad = { (v: Int, n: Int) in String(repeating: "0", count: max(0, n - String(v).count)) + String(v) }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(s / 3600, 2)):\(pad(s % 3600 / 60, 2)):\(pad(s % 60, 2))"
    }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Howard Hinnant's days_from_civil.
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Howard Hinnant's civil_from_days.
    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
