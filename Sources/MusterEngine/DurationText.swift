/// Durations written with a unit, as scenario files do: `45s`, `15m`,
/// `2h`, `1.5d`, `1w`. A bare `0` is accepted; any other bare number is not,
/// because "10" could mean seconds or minutes and guessing wrong costs days.
public enum DurationText {
    /// Seconds per unit suffix.
    public static let units: [(suffix: String, seconds: Double)] = [
        ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400), ("w", 604_800),
    ]

    /// Seconds for a duration text, or nil when it is not one.
    public static func seconds(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let v = Double(t), v == 0 { return 0 }
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            let number = t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)
            guard let v = Double(number), v.isFinite else { return nil }
            return v * factor
        }
        return nil
    }

    /// A compact text for a number of seconds, e.g. `2h`, `90s`, `1.5h`.
    public static func format(_ seconds: Double) -> String {
        // Beyond ~3e14 weeks `Int(seconds / factor)` would trap; such a
        // value is only ever shown in the message that refuses it.
        guard seconds.isFinite, abs(seconds) < 1e15 else { return CountText.format(seconds / 3600) + "h" }
        for (suffix, factor) in units.reversed() where seconds >= factor && seconds.truncatingRemainder(dividingBy: factor) == 0 {
            return "\(Int(seconds / factor))\(suffix)"
        }
        if seconds >= 3600 { return "\(seconds / 3600)h" }
        if seconds >= 60 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}

extension String {
    fileprivate func trimmingCharacters(in _: WhitespaceSet) -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}

fileprivate enum WhitespaceSet { case whitespaces }
