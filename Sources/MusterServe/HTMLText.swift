/// Text made safe inside HTML elements and attribute values.
enum HTMLText {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Hours with one decimal, "—" when never reached.
    static func hours(_ h: Double) -> String {
        h.isFinite ? String(format: "%.1f", h) : "—"
    }
}
