import Foundation

/// The one way coordinates and sizes become text in a figure, so the same
/// chart always gives the same bytes: at most two decimals (a hundredth of
/// a pixel is invisible), no trailing zeros, never `-0`, and a decimal
/// point whatever the user's locale.
enum SVGNumber {
    static func format(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        var s = String(format: "%.2f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }
}
