import Foundation

/// Seconds in a week; calendars repeat weekly.
public let secondsPerWeek: Double = 7 * 86_400

/// A weekly set of half-open windows `[open, close)` in which work may
/// *start*. Work is never pre-empted, so a calendar only delays starts.
///
/// Times are "week times": seconds since Monday 00:00. Text forms:
/// `always`; `daily 07:00-21:00`; `Mon-Fri 08:30-12:00 13:30-17:30`;
/// `Sat,Sun 10:00-16:00`; `daily 20:00-08:00` (past midnight); clauses
/// joined with `;`.
public struct WeeklyCalendar: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Sorted, disjoint, non-adjacent windows within `[0, secondsPerWeek]`.
    public let windows: [Range<Double>]
    /// True for `always`: every instant is open.
    public let isAlways: Bool
    /// The text the calendar was parsed from (kept for reports).
    public let text: String

    public var description: String { text }

    /// The calendar that never closes.
    public static let always = WeeklyCalendar(windows: [], isAlways: true, text: "always")

    init(windows: [Range<Double>], isAlways: Bool, text: String) {
        self.windows = windows
        self.isAlways = isAlways
        self.text = text
    }

    /// Builds a calendar from windows given in week seconds; windows may
    /// overlap or run past the end of the week (they wrap to Monday).
    public init(weekWindows raw: [Range<Double>], text: String) {
        var pieces: [Range<Double>] = []
        for w in raw {
            let open = w.lowerBound.truncatingRemainder(dividingBy: secondsPerWeek)
            let close = open + (w.upperBound - w.lowerBound)
            if close <= secondsPerWeek {
                pieces.append(open..<close)
            } else {
                pieces.append(open..<secondsPerWeek)
                pieces.append(0..<(close - secondsPerWeek))
            }
        }
        pieces.sort { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Double>] = []
        for p in pieces where !p.isEmpty {
            if let last = merged.last, p.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, p.upperBound)
            } else {
                merged.append(p)
            }
        }
        let full = merged.count == 1 && merged[0].lowerBound == 0 && merged[0].upperBound >= secondsPerWeek
        self.init(windows: merged, isAlways: full, text: text)
    }

    /// True when no instant of the week is open.
    public var isNever: Bool { !isAlways && windows.isEmpty }

    /// The earliest week time ≥ `t` at which work may start.
    /// `t` is any week time (it may exceed one week); returns `.infinity`
    /// for a calendar that never opens.
    @inlinable
    public func nextOpen(_ t: Double) -> Double { nextOpen(t, origin: 0) }

    /// The earliest simulation time ≥ `t` at which work may start, for a
    /// simulation whose time zero is week time `origin`. Returns `t` itself,
    /// bit for bit, when the calendar is open at `t`: rounding in
    /// `origin + t − origin` must never delay a start.
    @inlinable
    public func nextOpen(_ t: Double, origin: Double) -> Double {
        if isAlways { return t }
        if windows.isEmpty { return .infinity }
        let x = origin + t
        let weekIndex = (x / secondsPerWeek).rounded(.down)
        let base = weekIndex * secondsPerWeek
        let w = x - base
        // Windows are few (a handful a week): a linear scan beats bisection.
        for win in windows where win.upperBound > w {
            return win.lowerBound <= w ? t : max(t, base + win.lowerBound - origin)
        }
        return max(t, base + secondsPerWeek + windows[0].lowerBound - origin)
    }

    /// Seconds of simulation interval `[a, b)` during which the calendar is
    /// open (simulation time zero is week time `origin`). Used to tell
    /// waiting for office hours from waiting in a queue.
    public func openSeconds(from a: Double, to b: Double, origin: Double) -> Double {
        guard b > a else { return 0 }
        if isAlways { return b - a }
        let x0 = origin + a, x1 = origin + b
        var week = (x0 / secondsPerWeek).rounded(.down)
        var total = 0.0
        while week * secondsPerWeek < x1 {
            let base = week * secondsPerWeek
            for w in windows {
                let lo = max(x0, base + w.lowerBound), hi = min(x1, base + w.upperBound)
                if hi > lo { total += hi - lo }
            }
            week += 1
        }
        return total
    }

    /// True when work may start at week time `t`.
    @inlinable
    public func isOpen(_ t: Double) -> Bool { nextOpen(t) == t }

    /// Parses the text form; the error says what is allowed.
    public static func parse(_ text: String) throws(CalendarParseError) -> WeeklyCalendar {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == "always" { return .always }
        var raw: [Range<Double>] = []
        let clauses = trimmed.split(separator: ";", omittingEmptySubsequences: false)
        for clause in clauses {
            let tokens = clause.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard let dayToken = tokens.first else {
                throw CalendarParseError(text: text, reason: "empty clause")
            }
            if dayToken.lowercased() == "always" { return .always }
            let days = try parseDays(dayToken, text: text)
            let ranges = tokens.dropFirst()
            if ranges.isEmpty {
                throw CalendarParseError(text: text, reason: "'\(dayToken)' has no time range such as 08:30-17:30")
            }
            for r in ranges {
                let parts = r.split(separator: "-", omittingEmptySubsequences: false)
                guard parts.count == 2, let open = parseClock(parts[0]), let close = parseClock(parts[1]) else {
                    throw CalendarParseError(text: text, reason: "'\(r)' is not a time range HH:MM-HH:MM")
                }
                if open == close {
                    throw CalendarParseError(text: text, reason: "'\(r)' opens and closes at the same time")
                }
                // close < open runs past midnight into the next day.
                let length = close > open ? close - open : close + 86_400 - open
                for d in days {
                    let start = Double(d) * 86_400 + open
                    raw.append(start..<(start + length))
                }
            }
        }
        return WeeklyCalendar(weekWindows: raw, text: trimmed)
    }

    static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    static func parseDays(_ token: String, text: String) throws(CalendarParseError) -> [Int] {
        let t = token.lowercased()
        if t == "daily" { return Array(0..<7) }
        if t == "weekdays" { return Array(0..<5) }
        if t == "weekends" { return [5, 6] }
        var days: [Int] = []
        for item in t.split(separator: ",") {
            let ends = item.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(ends.count),
                  let a = dayNames.firstIndex(of: String(ends[0])),
                  let b = dayNames.firstIndex(of: String(ends[ends.count - 1])) else {
                throw CalendarParseError(text: text, reason: "'\(token)' is not a day spec (daily, weekdays, weekends, Mon-Fri, Sat,Sun)")
            }
            var d = a
            while true {
                days.append(d)
                if d == b { break }
                d = (d + 1) % 7
            }
        }
        if days.isEmpty {
            throw CalendarParseError(text: text, reason: "'\(token)' names no day (daily, weekdays, weekends, Mon-Fri, Sat,Sun)")
        }
        return days
    }

    /// "HH:MM" or "HH:MM:SS" → seconds after midnight; 24:00 is allowed.
    static func parseClock<S: StringProtocol>(_ s: S) -> Double? {
        let f = s.split(separator: ":", omittingEmptySubsequences: false)
        guard f.count == 2 || f.count == 3,
              let h = Int(f[0]), let m = Int(f[1]), (0...24).contains(h), (0..<60).contains(m) else { return nil }
        let sec = f.count == 3 ? Int(f[2]) : 0
        guard let sec, (0..<60).contains(sec) else { return nil }
        let total = h * 3600 + m * 60 + sec
        guard total <= 86_400 else { return nil }
        return Double(total)
    }
}

/// Why a calendar text could not be read.
public struct CalendarParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String {
        "\(reason); expected 'always', or days and windows such as 'Mon-Fri 08:30-12:00 13:30-17:30', 'daily 20:00-08:00', clauses joined by ';'"
    }
}

/// A weekday and clock time, such as the scenario's `start: Tue 09:00`.
public struct WeekTime: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Seconds since Monday 00:00.
    public let seconds: Double

    public init(seconds: Double) { self.seconds = seconds }

    /// Parses `Tue 09:00`.
    public static func parse(_ text: String) -> WeekTime? {
        let f = text.split(separator: " ", omittingEmptySubsequences: true)
        guard f.count == 2,
              let d = WeeklyCalendar.dayNames.firstIndex(of: f[0].lowercased()),
              let c = WeeklyCalendar.parseClock(f[1]), c < 86_400 else { return nil }
        return WeekTime(seconds: Double(d) * 86_400 + c)
    }

    public var description: String {
        let d = Int(seconds / 86_400)
        let s = Int(seconds) - d * 86_400
        let name = WeeklyCalendar.dayNames[d % 7].capitalized
        return String(format: "%@ %02d:%02d", name, s / 3600, (s % 3600) / 60)
    }
}

/// A calendar bound to a simulation's origin that remembers the last
/// window it found open, so that the many starts inside one window skip the
/// search. Its answers are exactly `WeeklyCalendar.nextOpen(_:origin:)`'s:
/// the membership test uses the same arithmetic on the same week base.
public struct CalendarCursor: Sendable {
    public let calendar: WeeklyCalendar
    public let origin: Double
    @usableFromInline var base: Double = -1
    @usableFromInline var lo: Double = 0
    @usableFromInline var hi: Double = 0

    public init(_ calendar: WeeklyCalendar, origin: Double) {
        self.calendar = calendar
        self.origin = origin
        // An always-open calendar is one endless window.
        if calendar.isAlways { lo = -.infinity; hi = .infinity }
    }

    /// The earliest simulation time ≥ `t` at which work may start.
    ///
    /// Inside the remembered window the answer is `t` itself: that test is
    /// inlined into the event loop; the search is not.
    @inlinable @inline(__always)
    public mutating func nextOpen(_ t: Double) -> Double {
        let w = origin + t - base
        if w >= lo && w < hi { return t }
        return nextOpenOutsideWindow(t)
    }

    @usableFromInline
    mutating func nextOpenOutsideWindow(_ t: Double) -> Double {
        if calendar.isAlways { return t }
        let r = calendar.nextOpen(t, origin: origin)
        if r.isFinite {
            // Remember the window that is open at r.
            let x = origin + r
            let b = (x / secondsPerWeek).rounded(.down) * secondsPerWeek
            let wr = x - b
            if let win = calendar.windows.first(where: { $0.lowerBound <= wr && $0.upperBound > wr }) {
                base = b; lo = win.lowerBound; hi = win.upperBound
            }
        }
        return r
    }
}
