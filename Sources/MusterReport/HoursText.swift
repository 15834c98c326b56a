import Foundation
import MusterStats

/// Numbers as the report writes them: fixed decimals, a decimal point in
/// every locale, "n/a" for an undefined figure.
enum HoursText {
    static func fixed(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "never" : "n/a") }
        let s = String(format: "%.\(decimals)f", x)
        return s.allSatisfy({ $0 == "-" || $0 == "0" || $0 == "." }) ? String(s.drop(while: { $0 == "-" })) : s
    }

    /// "42 min", "7.8 h", "54.3 h (2.3 d)": the text report's rule.
    static func hours(_ h: Double) -> String { TextReport.formatHours(h) }

    /// A whole number with thousands separators: 332,177.
    static func count(_ x: Double) -> String {
        guard x.isFinite else { return "n/a" }
        let digits = String(format: "%.0f", x.rounded())
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
