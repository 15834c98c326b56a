/// Estimated widths of text in a sans-serif face (DejaVu Sans / Arial
/// proportions), to lay out labels, legends and margins without a font
/// engine. Errs on the wide side so estimates never cause overlaps.
enum TextMetrics {
    /// Width in pixels of `s` at `size` pixels.
    static func width(_ s: String, size: Double) -> Double {
        var em = 0.0
        for c in s.unicodeScalars {
            switch c {
            case "i", "l", "j", "I", ".", ",", ":", ";", "'", "|", "!": em += 0.32
            case " ", "(", ")", "[", "]", "f", "t", "r", "-": em += 0.4
            case "0"..."9", "a"..."z", "±", "×", "–", "−", "%", "+", "=", "<", ">", "≥", "≤": em += 0.64
            case "m", "w": em += 0.98
            case "M", "W": em += 1.0
            case "A"..."Z": em += 0.75
            default: em += c.value > 0x2E7F ? 1.0 : 0.7   // CJK full width
            }
        }
        return em * size
    }

    /// Splits `text` at spaces into lines no wider than `maxWidth`; a
    /// single word wider than that gets a line of its own.
    static func wrap(_ text: String, size: Double, maxWidth: Double) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if current.isEmpty || width(candidate, size: size) <= maxWidth {
                current = candidate
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
