/// The one way Muster reads a fraction written by a person, on the command
/// line (`--precision`, `--tolerance`, `--alpha`) and in files (a sweep's
/// `precision.target`, a scenario's probabilities): a percentage (`2%`) or
/// a plain fraction (`0.02`).
///
/// A bare number above 1 is refused rather than guessed at: `5` could mean
/// 5 % or 500 %, and reading it as 500 % once let a 2.7 % regression pass a
/// gate. The error says "did you mean 5%?".
///
/// A percentage is read as the decimal it spells divided by 100 exactly
/// (`2.5%` is the Double nearest to 0.025, the same bits as `0.025`); a
/// plain number is read as Swift's `Double(_:)` reads it.
public enum FractionText {
    /// What a fraction may be: from `lower` to `upper`, each end included
    /// or not.
    public struct Range: Sendable, Equatable {
        public var lower: Double
        public var lowerIncluded: Bool
        public var upper: Double
        public var upperIncluded: Bool

        public init(lower: Double, lowerIncluded: Bool, upper: Double, upperIncluded: Bool) {
            self.lower = lower; self.lowerIncluded = lowerIncluded
            self.upper = upper; self.upperIncluded = upperIncluded
        }

        /// 0 < f < 1: a tolerance, a significance level, a precision target.
        public static let open = Range(lower: 0, lowerIncluded: false, upper: 1, upperIncluded: false)
        /// 0 ≤ f ≤ 1: a probability or share.
        public static let closed = Range(lower: 0, lowerIncluded: true, upper: 1, upperIncluded: true)
        /// 0 ≤ f < 1.
        public static let belowOne = Range(lower: 0, lowerIncluded: true, upper: 1, upperIncluded: false)

        public func contains(_ f: Double) -> Bool {
            (lowerIncluded ? f >= lower : f > lower) && (upperIncluded ? f <= upper : f < upper)
        }

        /// "0 ≤ p < 1" for `symbol` "p".
        public func symbolic(_ symbol: String) -> String {
            func n(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }
            return "\(n(lower)) \(lowerIncluded ? "≤" : "<") \(symbol) \(upperIncluded ? "≤" : "<") \(n(upper))"
        }

        /// "strictly between 0% and 100%", "from 0% to 100%", …
        public var description: String {
            let a = FractionText.percent(lower), b = FractionText.percent(upper)
            switch (lowerIncluded, upperIncluded) {
            case (false, false): return "strictly between \(a) and \(b)"
            case (true, true): return "from \(a) to \(b)"
            case (true, false): return "at least \(a) and below \(b)"
            case (false, true): return "above \(a) and at most \(b)"
            }
        }
    }

    /// Why a text is not an allowed fraction; `message` reads after the name
    /// of the option or key ("--tolerance: …").
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public enum Kind: Sendable, Equatable {
            /// Empty, not a number, not finite.
            case notAFraction
            /// A bare number above 1: a percentage without its `%`?
            case bareAboveOne
            /// A fraction, outside the allowed range.
            case outOfRange
        }
        public var kind: Kind
        public var message: String
        public var description: String { message }

        public init(_ kind: Kind, message: String) { self.kind = kind; self.message = message }
    }

    /// "e.g. 2% or 0.02".
    public static let example = "a percentage such as 2% or a fraction such as 0.02"

    /// Reads `text` (surrounding blanks ignored) as a fraction in `range`.
    public static func parse(_ text: String, in range: Range) throws(Problem) -> Double {
        let t = trimmed(text)
        guard !t.isEmpty else { throw Problem(.notAFraction, message: "empty; expected \(example)") }
        if t.hasSuffix("%") {
            let body = trimmed(String(t.dropLast()))
            guard isPlainDecimal(body), let v = Double(body + "e-2"), v.isFinite else {
                throw Problem(.notAFraction, message: "'\(t)' is not a percentage; expected \(example)")
            }
            return try check(v, text: t, in: range, percent: true)
        }
        guard isPlainDecimal(t) || isExponent(t), let v = Double(t) else {
            throw Problem(.notAFraction, message: "'\(t)' is not a number; expected \(example)")
        }
        guard v.isFinite else { throw Problem(.notAFraction, message: "'\(t)' is not a finite number; expected \(example)") }
        return try check(v, text: t, in: range, percent: false)
    }

    /// The rules for a value already read as a number (a YAML float, say):
    /// a bare number above 1 is refused with the percentage it may have
    /// meant, and the value must lie in `range`. Returns `value` unchanged.
    public static func check(_ value: Double, text: String, in range: Range, percent: Bool = false) throws(Problem) -> Double {
        guard value.isFinite else { throw Problem(.notAFraction, message: "'\(text)' is not a finite number; expected \(example)") }
        if !percent && value > 1 {
            throw Problem(.bareAboveOne, message: "\(text) is not a fraction: did you mean \(text)%? Write a percentage (\(text)%) "
                          + "or a fraction (\(fractionText(of: text) ?? "0.02")); allowed: \(range.description)")
        }
        guard range.contains(value) else {
            throw Problem(.outOfRange, message: "must be \(range.description) (\(example)), found \(text)")
        }
        return value
    }

    /// "2%", "0.5%", "99.875%": a fraction as a percentage, shortest form.
    public static func percent(_ f: Double) -> String {
        let p = f * 100
        if p == p.rounded(), abs(p) < 1e15 { return String(Int(p)) + "%" }
        var s = String(p)
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s + "%"
    }

    // MARK: -

    private static func trimmed(_ s: String) -> String {
        String(s.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    /// [+-]digits[.digits] or [+-].digits: no exponent, no hex, no words.
    private static func isPlainDecimal(_ s: String) -> Bool {
        var chars = Substring(s)
        if let f = chars.first, f == "+" || f == "-" { chars = chars.dropFirst() }
        let parts = chars.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return false }
        return parts.contains { !$0.isEmpty }
    }

    /// A plain decimal with an exponent: 2e-2, 1.5E-3.
    private static func isExponent(_ s: String) -> Bool {
        guard let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return false }
        var exp = Substring(s[s.index(after: e)...])
        if let f = exp.first, f == "+" || f == "-" { exp = exp.dropFirst() }
        return isPlainDecimal(String(s[..<e])) && !exp.isEmpty && exp.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// "5" → "0.05", "12.5" → "0.125": the decimal point moved two places.
    private static func fractionText(of text: String) -> String? {
        guard isPlainDecimal(text), !text.hasPrefix("-"), !text.hasPrefix("+") else { return nil }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        var whole = parts[0], frac = parts.count > 1 ? parts[1] : ""
        while whole.count < 3 { whole = "0" + whole }
        frac = String(whole.suffix(2)) + frac
        whole = String(whole.dropLast(2))
        while whole.count > 1 && whole.hasPrefix("0") { whole.removeFirst() }
        while frac.hasSuffix("0") { frac.removeLast() }
        return frac.isEmpty ? whole : whole + "." + frac
    }
}
