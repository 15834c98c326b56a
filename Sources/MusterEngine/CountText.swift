import Foundation

/// Whole-number text for counts and sizes that may be astronomically large
/// in a refused input: `Int(x)` traps beyond `Int.max` (and on NaN), and
/// the message that explains the refusal must never be what crashes.
public enum CountText {
    /// `12345` for values that fit an integer, `1.2e+17` beyond, `∞`/`NaN` as such.
    public static func format(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "∞" : "-∞") }
        let r = x.rounded()
        if abs(r) < 1e15 { return String(Int64(r)) }
        return String(format: "%.3g", x)
    }
}

extension Double {
    /// The value as an `Int`, clamped into `Int`'s range (NaN gives 0).
    /// For drawing and sizing code that must not trap on a huge time.
    @inlinable public var clampedInt: Int {
        @inline(__always) get {
            if isNaN { return 0 }
            if self >= 9.2e18 { return Int.max }
            if self <= -9.2e18 { return Int.min }
            return Int(self)
        }
    }
}
