/// Where a vertical marker's label goes.
public enum MarkerLabelPlacement: Sendable, Equatable {
    /// Inside the plot along its top; labels that would touch are stacked
    /// in rows.
    case insideTop
    /// Beside the line at height `y` (a value of the y axis): to the lower
    /// right of the point (x, y) when it fits, else to its upper left — the
    /// free corners beside a rising curve through that point.
    case beside(y: Double)
    /// Above the plot's top edge, like a second axis: for reference lines
    /// (days, deadlines) that should not sit on the data.
    case abovePlot
}

/// A vertical line across the plot at a value of the x axis, with a label:
/// a median, a target, a deadline.
public struct VerticalMarker: Sendable, Equatable {
    public var x: Double
    public var label: String
    public var color: Color
    /// SVG dash pattern; nil for a solid line.
    public var dash: String?
    public var placement: MarkerLabelPlacement

    public init(x: Double, label: String, color: Color, dash: String? = "6 4",
                placement: MarkerLabelPlacement = .insideTop) {
        self.x = x; self.label = label; self.color = color; self.dash = dash; self.placement = placement
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
