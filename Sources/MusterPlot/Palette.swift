import Foundation

/// A colour as `#RRGGBB`.
public struct Color: Sendable, Equatable, Hashable, CustomStringConvertible {
    public let red: UInt8, green: UInt8, blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red; self.green = green; self.blue = blue
    }

    /// `#RRGGBB`, upper case.
    public var hex: String {
        "#" + [red, green, blue].map { b in
            let s = String(b, radix: 16, uppercase: true)
            return s.count == 1 ? "0" + s : s
        }.joined()
    }

    public var description: String { hex }

    /// Whether dark text reads better than white on this colour: the WCAG
    /// contrast against black beats the contrast against white.
    public var prefersDarkText: Bool {
        func channel(_ v: UInt8) -> Double {
            let c = Double(v) / 255
            return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        let l = 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
        return (l + 0.05) / 0.05 > 1.05 / (l + 0.05)
    }
}

/// The Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"):
/// eight colours that stay distinct for the common forms of colour
/// blindness and in grey-scale print of the darker ones.
public enum Palette {
    public static let black = Color(red: 0x00, green: 0x00, blue: 0x00)
    public static let orange = Color(red: 0xE6, green: 0x9F, blue: 0x00)
    public static let skyBlue = Color(red: 0x56, green: 0xB4, blue: 0xE9)
    public static let bluishGreen = Color(red: 0x00, green: 0x9E, blue: 0x73)
    public static let yellow = Color(red: 0xF0, green: 0xE4, blue: 0x42)
    public static let blue = Color(red: 0x00, green: 0x72, blue: 0xB2)
    public static let vermillion = Color(red: 0xD5, green: 0x5E, blue: 0x00)
    public static let reddishPurple = Color(red: 0xCC, green: 0x79, blue: 0xA7)

    /// Series colours in the order charts hand them out: the strongest
    /// contrasts first, black and yellow (poor on white) last.
    public static let series: [Color] = [blue, vermillion, bluishGreen, orange, reddishPurple, skyBlue, black, yellow]

    /// The `i`-th series colour, cycling.
    public static func color(_ i: Int) -> Color { series[((i % series.count) + series.count) % series.count] }
}
