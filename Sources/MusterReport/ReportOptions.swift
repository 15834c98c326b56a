import Foundation
import MusterEngine
import MusterPlot

/// How a run's figures are drawn. The numbers are the same either way.
public struct ReportOptions: Sendable, Equatable {
    /// Hours axes read as weekday and time from the order's issue, with
    /// the relay's office hours shaded (`ClockAxis`).
    public var clockTime: Bool

    public init(clockTime: Bool = false) { self.clockTime = clockTime }
}

/// The clock of a run: when the order was issued and the relay's office
/// hours, read from `parameters.json`'s resolved scenario.
enum RunClock {
    /// Nil when the file does not say (an older folder) or cannot be read:
    /// the figures then fall back to plain hours.
    static func axis(parameters data: Data) -> ClockAxis? {
        guard let top = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let resolved = top["resolved_scenario"] as? [String: Any],
              let startText = resolved["start"] as? String, let start = WeekTime.parse(startText) else { return nil }
        var shaded: [Range<Double>] = []
        var label = ""
        if let tiered = resolved["tiered"] as? [String: Any], let levels = tiered["levels"] as? [String] {
            // The first level the order passes: where it waits first.
            for level in levels {
                if let spec = tiered[level] as? [String: Any], let hours = spec["office_hours"] as? String,
                   let calendar = try? WeeklyCalendar.parse(hours), !calendar.isAlways {
                    shaded = calendar.windows
                    label = "\(level) office hours \(hours)"
                    break
                }
            }
        }
        return ClockAxis(startWeekSeconds: start.seconds, shaded: shaded, shadedLabel: label)
    }

    /// The sentence a caption gains on a clock axis.
    static func note(_ clock: ClockAxis) -> String {
        "Times are weekday and clock time from the order's issue"
            + (clock.shadedLabel.isEmpty ? "." : "; shaded: \(clock.shadedLabel).")
    }
}
