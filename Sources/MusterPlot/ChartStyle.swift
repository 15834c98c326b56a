/// Sizes, fonts and neutral colours shared by every chart. The defaults
/// are chosen to read at 800 px wide: no text under 12 px.
public struct ChartStyle: Sendable, Equatable {
    public var width: Double = 800
    public var height: Double = 480
    /// Space between the canvas edge and anything drawn.
    public var padding: Double = 16
    public var titleSize: Double = 19
    public var axisTitleSize: Double = 14
    public var tickSize: Double = 13
    public var legendSize: Double = 14
    public var annotationSize: Double = 13
    public var captionSize: Double = 12
    public var fontFamily = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"
    public var textColor = Color(red: 0x22, green: 0x22, blue: 0x22)
    public var mutedTextColor = Color(red: 0x55, green: 0x55, blue: 0x55)
    public var axisColor = Color(red: 0x44, green: 0x44, blue: 0x44)
    public var gridColor = Color(red: 0xDD, green: 0xDD, blue: 0xDD)
    public var minorGridColor = Color(red: 0xEE, green: 0xEE, blue: 0xEE)
    public var background = Color(red: 0xFF, green: 0xFF, blue: 0xFF)
    /// Shaded clock windows (office hours) behind the data.
    public var shadingColor = Color(red: 0xEE, green: 0xF2, blue: 0xE4)
    public var lineWidth: Double = 2.5

    public init() {}

    /// The default style at another size.
    public static func sized(width: Double = 800, height: Double = 480) -> ChartStyle {
        var s = ChartStyle()
        s.width = width; s.height = height
        return s
    }
}

/// An axis-aligned rectangle in SVG pixels (y grows downwards).
struct Rect: Equatable {
    var x: Double, y: Double, width: Double, height: Double
    var maxX: Double { x + width }
    var maxY: Double { y + height }
}
