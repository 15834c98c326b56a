import Foundation

/// One labelled position on an axis.
public struct Tick: Sendable, Equatable {
    public var value: Double
    public var label: String

    public init(value: Double, label: String) {
        self.value = value; self.label = label
    }
}

/// How tick labels show values.
public enum TickFormat: Sendable, Equatable {
    /// The value itself: `0`, `2.5`, `10,000`.
    case number
    /// A share 0…1 shown in per cent: 0.2 → `20` (the axis title carries "%").
    case percent
}

/// Ticks and the range they span, for linear and log10 axes.
public struct TickSet: Sendable, Equatable {
    /// The axis runs from the first to the last tick.
    public var domain: ClosedRange<Double>
    public var ticks: [Tick]
    /// Unlabelled grid positions between ticks (log axes only).
    public var minor: [Double]
}

/// "Nice" ticks: round numbers a reader can interpolate between.
public enum AxisTicks {
    /// Ticks at multiples of 1, 2 or 5 × 10^k covering `lo…hi`: the
    /// smallest such step that needs at most `maxIntervals` intervals. The
    /// domain is widened to the tick below `lo` and the tick above `hi`.
    /// A zero-width range is widened first (±10 %, or ±1 around 0).
    public static func linear(_ lo: Double, _ hi: Double, maxIntervals: Int = 10,
                              format: TickFormat = .number) -> TickSet {
        var (lo, hi) = (min(lo, hi), max(lo, hi))
        if !(hi > lo) {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad; hi += pad
        }
        let intervals = max(1, maxIntervals)
        let e0 = decade(of: (hi - lo) / Double(intervals))
        for e in (e0 - 1)...(e0 + 2) {
            for m in [1, 2, 5] {
                let step = scaled(m, e)
                // The tolerance keeps 0.3/0.1 = 2.9999… from adding a tick.
                let d0 = (lo / step + 1e-9).rounded(.down)
                let d1 = (hi / step - 1e-9).rounded(.up)
                // Beyond 2^53 steps `Int` would trap or lose the step; such
                // an axis has too many intervals anyway.
                guard d0.isFinite, d1.isFinite, abs(d0) < 1e15, abs(d1) < 1e15 else { continue }
                let k0 = Int(d0)
                let k1 = Int(d1)
                guard k1 - k0 <= intervals else { continue }
                let decimals = max(0, -e - (format == .percent ? 2 : 0))
                let ticks = (k0...k1).map { k -> Tick in
                    let v = scaled(k * m, e)
                    return Tick(value: v, label: label(v, decimals: decimals, format: format))
                }
                return TickSet(domain: ticks.first!.value...ticks.last!.value, ticks: ticks, minor: [])
            }
        }
        // Unreachable for finite input: the last exponent's step covers the range.
        return TickSet(domain: lo...hi, ticks: [], minor: [])
    }

    /// Ticks for a log10 axis over positive `lo…hi`. Up to three decades:
    /// 1, 2, 5 × 10^k, the domain from the tick at or below `lo` to the one
    /// at or above `hi`, with 3, 4, 6, 7, 8, 9 × 10^k as minor grid lines.
    /// More decades: powers of ten only (minor lines at 2…9 × 10^k up to six
    /// decades). Non-positive bounds are replaced by the other bound / 10.
    public static func log10(_ lo: Double, _ hi: Double, format: TickFormat = .number) -> TickSet {
        var (lo, hi) = (min(lo, hi), max(lo, hi))
        if !(hi > 0) { hi = 1 }
        if !(lo > 0) { lo = hi / 10 }
        let dLo = decade(of: lo)
        var dHi = decade(of: hi)
        if scaled(1, dHi) < hi { dHi += 1 }
        let wide = dHi - dLo > 3
        let majors = wide ? [1] : [1, 2, 5]
        let minors = wide ? (dHi - dLo > 6 ? [] : Array(2...9)) : [3, 4, 6, 7, 8, 9]
        var candidates: [(value: Double, e: Int)] = []
        for e in (dLo - 1)...(dHi + 1) { for m in majors { candidates.append((scaled(m, e), e)) } }
        // Largest candidate at or below lo, smallest at or above hi; at least two ticks.
        var first = candidates.lastIndex { $0.value <= lo * (1 + 1e-12) } ?? 0
        var last = candidates.firstIndex { $0.value >= hi * (1 - 1e-12) } ?? candidates.count - 1
        if first == last { first = max(0, first - 1); last = min(candidates.count - 1, last + 1) }
        let chosen = candidates[first...last]
        let ticks = chosen.map { c in
            let decimals = max(0, -c.e - (format == .percent ? 2 : 0))
            return Tick(value: c.value, label: label(c.value, decimals: decimals, format: format))
        }
        let domain = chosen.first!.value...chosen.last!.value
        var minor: [Double] = []
        for e in (dLo - 1)...(dHi + 1) {
            for m in minors {
                let v = scaled(m, e)
                if v > domain.lowerBound && v < domain.upperBound { minor.append(v) }
            }
        }
        return TickSet(domain: domain, ticks: ticks, minor: minor)
    }

    /// Largest k with 10^k ≤ x, for x > 0; computed by comparison with
    /// exact powers so 1000 is decade 3 whatever log10(1000) rounds to.
    static func decade(of x: Double) -> Int {
        guard x > 0, x.isFinite else { return 0 }
        var k = Int(Foundation.log10(x).rounded(.down))
        while scaled(1, k) > x { k -= 1 }
        while scaled(1, k + 1) <= x { k += 1 }
        return k
    }

    /// m × 10^e, correctly rounded: dividing by an exact power of ten gives
    /// 0.3 for 3 × 10^-1, where multiplying by 0.1 would not.
    static func scaled(_ m: Int, _ e: Int) -> Double {
        e >= 0 ? Double(m) * power(e) : Double(m) / power(-e)
    }

    private static func power(_ e: Int) -> Double {
        // Powers of ten up to 10^22 are exact doubles; beyond, the nearest.
        var p = 1.0
        for _ in 0..<min(e, 308) { p *= 10 }
        return p
    }

    /// A tick label with fixed decimals; thousands grouped from 10,000.
    static func label(_ value: Double, decimals: Int, format: TickFormat) -> String {
        let v = format == .percent ? value * 100 : value
        var s = String(format: "%.\(decimals)f", v)
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
        if decimals == 0, abs(v) >= 10_000 { s = grouped(s) }
        return s
    }

    private static func grouped(_ digits: String) -> String {
        let negative = digits.hasPrefix("-")
        let body = Array(negative ? digits.dropFirst() : Substring(digits))
        var out = ""
        for (i, ch) in body.enumerated() {
            if i > 0 && (body.count - i) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return (negative ? "-" : "") + out
    }
}
