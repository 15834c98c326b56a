import Foundation
import MusterEngine

/// Reads of the scenario's own value types: durations, calendars, week times.
extension NodeReader {
    static let durationHelp = "a duration with a unit such as 45s, 15m, 2h or 1.5d (units s, m, h, d, w), or 0"

    /// The longest duration any key accepts: 100,000 hours (about 11 years).
    /// Longer values are never meant and would overflow the clock-time
    /// arithmetic downstream (calendar weeks, figure day lines).
    public static let maxDurationSeconds = 100_000.0 * 3600

    /// A non-negative duration in seconds. Bare numbers other than 0 are
    /// refused: "10" could mean seconds or minutes.
    func duration(_ node: YNode, _ path: String) -> Double? {
        guard let s = node.scalar, s.type != .null, s.type != .bool else {
            report(node, path, "expected \(Self.durationHelp), found \(node.found)")
            return nil
        }
        let seconds: Double?
        switch s.type {
        case .int, .float:
            if let v = s.double, v < 0 {
                seconds = v
            } else if s.double == 0 {
                seconds = 0
            } else {
                report(node, path, "a duration needs a unit: write e.g. \(s.text)m or \(s.text)s, not \(s.text); expected \(Self.durationHelp)")
                return nil
            }
        default:
            seconds = DurationText.seconds(s.text)
        }
        guard let seconds, seconds.isFinite else {
            report(node, path, "expected \(Self.durationHelp), found \(node.found)")
            return nil
        }
        guard seconds >= 0 else {
            report(node, path, "a duration must not be negative, found \(node.found); expected \(Self.durationHelp)")
            return nil
        }
        guard seconds <= Self.maxDurationSeconds else {
            report(node, path, "a duration must be at most 100000h (about 11 years), found \(node.found)")
            return nil
        }
        return seconds
    }

    /// A weekly calendar that opens at least once a week.
    func calendar(_ node: YNode, _ path: String) -> WeeklyCalendar? {
        let example = "a calendar such as 'always', 'daily 07:00-21:00' or 'Mon-Fri 08:30-12:00 13:30-17:30'"
        guard let s = node.scalar, s.type == .string else {
            report(node, path, "expected \(example), found \(node.found)")
            return nil
        }
        do {
            let cal = try WeeklyCalendar.parse(s.text)
            guard !cal.isNever else {
                report(node, path, "calendar '\(s.text)' never opens, so work would wait forever; expected \(example)")
                return nil
            }
            return cal
        } catch {
            report(node, path, "bad calendar '\(s.text)': \(error.description)")
            return nil
        }
    }

    /// A weekday and time such as `Tue 09:00`.
    func weekTime(_ node: YNode, _ path: String) -> WeekTime? {
        let help = "a weekday and time such as 'Tue 09:00' (days Mon, Tue, Wed, Thu, Fri, Sat, Sun)"
        guard let s = node.scalar, s.type == .string, let t = WeekTime.parse(s.text) else {
            report(node, path, "expected \(help), found \(node.found)")
            return nil
        }
        return t
    }

    /// A non-negative 64-bit integer (random seeds use the whole range).
    func seed(_ node: YNode, _ path: String) -> UInt64? {
        guard let s = node.scalar, s.type == .int,
              let v = UInt64(s.text.replacingOccurrences(of: "_", with: "")) ?? s.int.flatMap(UInt64.init(exactly:))
        else {
            report(node, path, "expected a non-negative integer up to \(UInt64.max), found \(node.found)")
            return nil
        }
        return v
    }
}
