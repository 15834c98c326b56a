/// Key parameters as a committee reads them: "lognormal, mean 3 min,
/// sd 2 min" for `{dist: lognormal, mean: 3m, sd: 2m}`, "15 %" for a
/// probability, and the unit of each key in words.
enum ParameterText {
    /// The unit of a key, or "" when the value carries its own.
    static func unit(_ key: String) -> String {
        let name = key.split(separator: ".").last.map(String.init) ?? key
        if key.hasPrefix("layout.fanout.") { return "children per parent" }
        switch name {
        case "households": return "households per micro-grid"
        case "heads", "members", "volunteers": return "people per team"
        case "volunteer_speed": return "× a grid member's speed"
        case "max_attempts": return "attempts per household"
        case "not_home": return "of attempts"
        case "push_fails": return "of pushes"
        case "adoption": return "of teams use the app"
        case "handlers": return "people per unit"
        case "start": return "weekday and time"
        case "hours", "duty_hours", "office_hours": return "each week"
        default: return ""
        }
    }

    /// Whether the key's number is a probability, shown in per cent.
    static func isShare(_ key: String) -> Bool {
        ["not_home", "push_fails", "adoption"].contains(key.split(separator: ".").last.map(String.init) ?? key)
    }

    /// The value in words; text that is not a scenario value's flow text
    /// is returned as it is.
    static func readable(_ key: String, _ flow: String) -> String {
        if isShare(key), let x = Double(flow) { return percent(x) }
        guard let entries = mapping(flow) else { return duration(flow) }
        let dict = Dictionary(entries, uniquingKeysWith: { a, _ in a })
        if let dist = dict["dist"] {
            let params = entries.filter { $0.0 != "dist" }
            if dist == "constant", let v = dict["value"] { return duration(v) }
            let name = dist == "poisson" ? "Poisson" : dist
            return ([name] + params.map { "\($0.0) \(duration($0.1))" }).joined(separator: ", ")
        }
        if entries.map(\.0) == ["min", "max"] { return "\(duration(dict["min"]!)) to \(duration(dict["max"]!))" }
        return entries.map { "\($0.0.replacingOccurrences(of: "_", with: " ")) \(readable($0.0, $0.1))" }.joined(separator: "; ")
    }

    /// The entries of a flow mapping `{a: 1, b: {c: 2}}`, nested values
    /// kept as text; nil when `text` is not one.
    static func mapping(_ text: String) -> [(String, String)]? {
        guard text.hasPrefix("{"), text.hasSuffix("}") else { return nil }
        let inner = text.dropFirst().dropLast()
        var parts: [String] = []
        var depth = 0, current = ""
        for c in inner {
            if c == "{" || c == "[" { depth += 1 }
            if c == "}" || c == "]" { depth -= 1 }
            if c == ",", depth == 0 { parts.append(current); current = ""; continue }
            current.append(c)
        }
        if !current.isEmpty { parts.append(current) }
        var out: [(String, String)] = []
        for p in parts {
            guard let colon = p.firstIndex(of: ":") else { return nil }
            out.append((p[..<colon].trimmingCharacters(in: .whitespaces),
                        p[p.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return out
    }

    /// "3 min" for `3m`, "2 h" for `2h`, "30 s", "1 d"; other text unchanged.
    static func duration(_ text: String) -> String {
        guard let unit = text.last, "smhd".contains(unit), Double(text.dropLast()) != nil else { return text }
        let words: [Character: String] = ["s": "s", "m": "min", "h": "h", "d": "d"]
        return "\(text.dropLast()) \(words[unit]!)"
    }

    static func percent(_ x: Double) -> String {
        let p = x * 100
        let text = p == p.rounded() ? String(Int(p)) : String(format: "%.4g", p)
        return "\(text) %"
    }
}
