import MusterPlot

/// How modes and phases appear in figures and the report: names a
/// committee reads, and fixed colours so a mode looks the same everywhere.
enum Presentation {
    static func modeName(_ mode: String) -> String {
        switch mode {
        case "tiered": "Tiered relay"
        case "p2p": "Point-to-point (app)"
        default: mode
        }
    }

    /// Short form for table headers.
    static func modeShortName(_ mode: String) -> String {
        switch mode {
        case "tiered": "Tiered relay"
        case "p2p": "Point-to-point"
        default: mode
        }
    }

    /// Vermillion against blue: the pair of Okabe–Ito colours that differ
    /// most for every kind of colour vision, and in lightness too.
    static func modeColor(_ mode: String) -> Color {
        switch mode {
        case "tiered": Palette.vermillion
        case "p2p": Palette.blue
        default: Palette.bluishGreen
        }
    }

    static func phaseName(_ phase: String) -> String {
        switch phase {
        case "relay_down": "Relay down"
        case "office_wait": "Waiting for office hours"
        case "field_work": "Field work"
        case "reports_up": "Reports up"
        default: phase.replacingOccurrences(of: "_", with: " ")
        }
    }

    static func phaseColor(_ phase: String, index: Int) -> Color {
        switch phase {
        case "relay_down": Palette.orange
        case "office_wait": Palette.reddishPurple
        case "field_work": Palette.bluishGreen
        case "reports_up": Palette.skyBlue
        default: Palette.color(index)
        }
    }
}
