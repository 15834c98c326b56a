import Foundation

/// How values map onto an axis.
public enum AxisScale: Sendable, Equatable {
    case linear
    case log10
    /// log10 when every value is positive and the largest is at least ten
    /// times the smallest (an order of magnitude apart), else linear.
    case auto
}

/// What a chart's caller says about an axis; the chart resolves it
/// against the data into a `ResolvedAxis`.
public struct AxisSpec: Sendable, Equatable {
    /// What the axis measures, e.g. "Hours since the order".
    public var title: String
    /// Shown after the title in brackets, e.g. "h" or "%".
    public var unit: String?
    public var scale: AxisScale
    /// A fixed range; nil to fit the data with nice ticks.
    public var domain: ClosedRange<Double>?
    /// Linear axes fitted to data start (or end) at zero.
    public var includeZero: Bool
    public var format: TickFormat
    /// At most this many intervals between labelled ticks (linear axes).
    public var maxIntervals: Int

    public init(title: String, unit: String? = nil, scale: AxisScale = .linear,
                domain: ClosedRange<Double>? = nil, includeZero: Bool = false,
                format: TickFormat = .number, maxIntervals: Int = 10) {
        self.title = title; self.unit = unit; self.scale = scale; self.domain = domain
        self.includeZero = includeZero; self.format = format; self.maxIntervals = maxIntervals
    }

    /// The axis title as printed: "Hours since the order (h)".
    public var label: String { unit.map { "\(title) (\($0))" } ?? title }

    /// The scale `.auto` picks for `values` (finite ones only).
    public static func autoScale(for values: [Double]) -> AxisScale {
        let finite = values.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max(), lo > 0 else { return .linear }
        return hi / lo >= 10 ? .log10 : .linear
    }

    /// Resolves the axis for `values` as a clock (linear, weekday-and-time
    /// ticks) when `clock` is given, else as `resolve(_:)` does.
    public func resolve(_ values: [Double], clock: ClockAxis?) -> ResolvedAxis {
        guard let clock else { return resolve(values) }
        var spec = self
        spec.scale = .linear
        var r = spec.resolve(values)
        r.ticks = clock.ticks(r.domain)
        r.minor = []
        return r
    }

    /// Resolves the axis for `values`: picks the scale, fits or keeps the
    /// domain, computes ticks. Non-finite values are ignored, and so are
    /// non-positive ones on a log axis (they cannot be drawn there).
    public func resolve(_ values: [Double]) -> ResolvedAxis {
        let chosen = scale == .auto ? Self.autoScale(for: values) : scale
        var finite = values.filter(\.isFinite)
        if chosen == .log10 { finite = finite.filter { $0 > 0 } }
        var lo = domain?.lowerBound ?? finite.min() ?? (chosen == .log10 ? 1 : 0)
        var hi = domain?.upperBound ?? finite.max() ?? (chosen == .log10 ? 10 : 1)
        if domain == nil && includeZero && chosen == .linear { lo = min(lo, 0); hi = max(hi, 0) }
        let ticks: TickSet
        switch chosen {
        case .log10:
            ticks = AxisTicks.log10(lo, hi, format: format)
        default:
            ticks = AxisTicks.linear(lo, hi, maxIntervals: maxIntervals, format: format)
        }
        if let d = domain {
            // A fixed range keeps its bounds; only ticks inside it are shown.
            (lo, hi) = (d.lowerBound, d.upperBound)
            let inside = ticks.ticks.filter { $0.value >= lo - 1e-12 * abs(hi - lo) && $0.value <= hi + 1e-12 * abs(hi - lo) }
            return ResolvedAxis(spec: self, scale: chosen, domain: lo...hi, ticks: inside,
                                minor: ticks.minor.filter { $0 > lo && $0 < hi })
        }
        return ResolvedAxis(spec: self, scale: chosen, domain: ticks.domain, ticks: ticks.ticks, minor: ticks.minor)
    }
}

/// An axis fitted to its data: scale, range and ticks, and the map from
/// values to a 0…1 position along it.
public struct ResolvedAxis: Sendable, Equatable {
    public var spec: AxisSpec
    /// `.linear` or `.log10`, never `.auto`.
    public var scale: AxisScale
    public var domain: ClosedRange<Double>
    public var ticks: [Tick]
    public var minor: [Double]

    /// 0 at the start of the domain, 1 at its end; values outside give
    /// positions outside 0…1; non-positive values on a log axis give -∞.
    public func fraction(_ v: Double) -> Double {
        let (a, b) = (domain.lowerBound, domain.upperBound)
        if scale == .log10 {
            guard v > 0 else { return -.infinity }
            let la = Foundation.log10(a), lb = Foundation.log10(b)
            return lb > la ? (Foundation.log10(v) - la) / (lb - la) : 0.5
        }
        return b > a ? (v - a) / (b - a) : 0.5
    }

    /// Whether `v` can be drawn on this axis and lies within the domain.
    public func contains(_ v: Double) -> Bool {
        v.isFinite && (scale != .log10 || v > 0) && domain.contains(v)
    }
}
