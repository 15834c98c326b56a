import Foundation

/// An hours axis read as a clock: hour 0 is the order's issue, ticks are
/// labelled with weekday and time ("Tue 09:00", "Wed 12:00"), and windows
/// of the week (office hours) are shaded, so a Friday-evening order shows
/// its weekend. Times are seconds from Monday 00:00 of a week.
public struct ClockAxis: Sendable, Equatable {
    /// Where in the week hour 0 falls, in seconds from Monday 00:00.
    public var startWeekSeconds: Double
    /// Week windows to shade, in seconds from Monday 00:00.
    public var shaded: [Range<Double>]
    /// What the shading means, for the caption ("office hours mon-fri 09:00-17:00").
    public var shadedLabel: String

    public init(startWeekSeconds: Double, shaded: [Range<Double>], shadedLabel: String) {
        self.startWeekSeconds = startWeekSeconds; self.shaded = shaded; self.shadedLabel = shadedLabel
    }

    static let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let week = 7 * 86_400.0

    /// "Tue 09:00" for `hours` after the start.
    public func label(hours: Double) -> String {
        var t = (startWeekSeconds + hours * 3600).truncatingRemainder(dividingBy: Self.week)
        if t < 0 { t += Self.week }
        let minutes = Int((t / 60).rounded())
        let day = (minutes / 1440) % 7
        let hh = (minutes % 1440) / 60, mm = minutes % 60
        return Self.days[day] + " " + (hh < 10 ? "0" : "") + "\(hh):" + (mm < 10 ? "0" : "") + "\(mm)"
    }

    /// Ticks on whole clock hours (every 3, 6, 12 or 24 h, or whole weeks'
    /// days) across `domain`, at most about `maxTicks`; the first tick is
    /// the start itself when it falls on the axis.
    public func ticks(_ domain: ClosedRange<Double>, maxTicks: Int = 8) -> [Tick] {
        let span = domain.upperBound - domain.lowerBound
        guard span > 0, span.isFinite else { return [] }
        let steps: [Double] = [1, 2, 3, 6, 12, 24, 48, 72, 168]
        let step = steps.first { span / $0 <= Double(maxTicks) } ?? 168 * ((span / 168 / Double(maxTicks)).rounded(.up))
        // Clock hour of the axis start; ticks fall where the clock is a multiple of the step.
        let startHour = startWeekSeconds / 3600
        var first = ((startHour + domain.lowerBound) / step).rounded(.up) * step - startHour
        if first < domain.lowerBound - 1e-9 { first += step }
        var out: [Tick] = []
        var h = first
        while h <= domain.upperBound + 1e-9 {
            out.append(Tick(value: h, label: label(hours: h)))
            h += step
        }
        return out
    }

    /// The shaded windows within `domain`, as hour ranges of the axis.
    public func shadedHours(_ domain: ClosedRange<Double>) -> [ClosedRange<Double>] {
        guard !shaded.isEmpty, domain.upperBound > domain.lowerBound,
              domain.upperBound - domain.lowerBound < 24 * 7 * 26 else { return [] }
        var out: [ClosedRange<Double>] = []
        let startAbs = startWeekSeconds / 3600 + domain.lowerBound
        var weekStart = (startAbs / 168).rounded(.down) * 168
        let endAbs = startWeekSeconds / 3600 + domain.upperBound
        while weekStart < endAbs {
            for w in shaded {
                let a = weekStart + w.lowerBound / 3600, b = weekStart + w.upperBound / 3600
                let lo = max(a, startAbs), hi = min(b, endAbs)
                if hi > lo { out.append((lo - startWeekSeconds / 3600)...(hi - startWeekSeconds / 3600)) }
            }
            weekStart += 168
        }
        return out
    }
}
