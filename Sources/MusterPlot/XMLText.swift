/// Text made safe for XML (SVG, XHTML): element content and attribute
/// values alike.
public enum XMLText {
    /// Escapes the five characters XML reserves, and drops control
    /// characters that XML 1.0 forbids outright (a stray one would make the
    /// whole figure unreadable to a parser).
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case let c where c.value < 0x20 || c.value == 0xFFFE || c.value == 0xFFFF: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
