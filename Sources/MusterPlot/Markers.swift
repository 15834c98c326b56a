/// A vertical line across the plot at a value of the x axis, with a label:
/// a median, a target, a deadline.
public struct VerticalMarker: Sendable, Equatable {
    public var x: Double
    public var label: String
    public var color: Color
    /// SVG dash pattern; nil for a solid line.
    public var dash: String?
    /// Where the label goes: nil stacks labels along the top of the plot;
    /// a y value puts the label beside the line at that height, to the
    /// lower right of the point (x, y) when it fits, else to its upper left
    /// (the free corners beside a rising curve through that point).
    public var labelY: Double?

    public init(x: Double, label: String, color: Color, dash: String? = "6 4", labelY: Double? = nil) {
        self.x = x; self.label = label; self.color = color; self.dash = dash; self.labelY = labelY
    }
}

/// A horizontal guide line at a value of the y axis (e.g. 50 %).
public struct HorizontalGuide: Sendable, Equatable {
    public var y: Double
    public var label: String?

    public init(y: Double, label: String? = nil) {
        self.y = y; self.label = label
    }
}
