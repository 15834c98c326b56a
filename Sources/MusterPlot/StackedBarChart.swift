import Foundation

/// Bars run sideways (categories down the left) or upwards (categories
/// along the bottom).
public enum BarOrientation: Sendable, Equatable {
    case horizontal
    case vertical
}

/// One layer of a stacked bar.
public struct BarSegment: Sendable, Equatable {
    public var name: String
    public var color: Color

    public init(name: String, color: Color) { self.name = name; self.color = color }
}

/// One bar per category, split into segments stacked in order: where the
/// time goes, what a total is made of.
public struct StackedBarChart: Sendable, Equatable {
    public var id: String
    public var title: String
    public var caption: String
    public var categories: [String]
    public var segments: [BarSegment]
    /// `values[category][segment]`; a negative or non-finite value is drawn
    /// as nothing (it has no length) but still named in the data attributes.
    public var values: [[Double]]
    /// The axis along the bars; fitted from zero to the largest total.
    public var valueAxis: AxisSpec
    public var orientation: BarOrientation
    /// Unit written after values on the bars, e.g. "h".
    public var valueUnit: String
    /// Decimals of the values written on the bars.
    public var valueDecimals: Int
    /// Writes each bar's total at its end.
    public var showsTotals: Bool
    public var style: ChartStyle

    public init(id: String, title: String, caption: String = "", categories: [String], segments: [BarSegment],
                values: [[Double]], valueAxis: AxisSpec, orientation: BarOrientation = .horizontal,
                valueUnit: String = "", valueDecimals: Int = 1, showsTotals: Bool = true,
                style: ChartStyle = ChartStyle()) {
        self.id = id; self.title = title; self.caption = caption; self.categories = categories
        self.segments = segments; self.values = values; self.valueAxis = valueAxis; self.orientation = orientation
        self.valueUnit = valueUnit; self.valueDecimals = valueDecimals; self.showsTotals = showsTotals; self.style = style
    }

    private func value(_ c: Int, _ s: Int) -> Double {
        guard values.indices.contains(c), values[c].indices.contains(s) else { return 0 }
        let v = values[c][s]
        return v.isFinite && v > 0 ? v : 0
    }

    private func total(_ c: Int) -> Double { segments.indices.reduce(0) { $0 + value(c, $1) } }

    /// The value axis fitted from zero to the longest bar (with room for
    /// the totals on vertical bars).
    public var axis: ResolvedAxis {
        var spec = valueAxis
        spec.includeZero = true
        if spec.scale == .auto { spec.scale = .linear }
        let longest = categories.indices.map(total).max() ?? 0
        return spec.resolve([0, orientation == .vertical && showsTotals ? longest * 1.08 : longest])
    }

    func text(_ v: Double) -> String {
        let s = String(format: "%.\(valueDecimals)f", v)
        return valueUnit.isEmpty ? s : s + " " + valueUnit
    }

    /// The chart as a standalone SVG document (no XML declaration, so it
    /// can also be inlined in HTML). Same chart, same bytes.
    public func svg() -> String {
        let axis = self.axis
        let tickWidth = axis.ticks.map { TextMetrics.width($0.label, size: style.tickSize) }.max() ?? 0
        let categoryWidth = categories.map { TextMetrics.width($0, size: style.axisTitleSize) }.max() ?? 0
        let totalWidth = categories.indices.map { TextMetrics.width(text(total($0)), size: style.annotationSize) }.max() ?? 0
        let legend = segments.map { LegendEntry(name: $0.name, color: $0.color, symbol: .swatch(opacity: 1)) }
        let frame: ChartFrame
        switch orientation {
        case .horizontal:
            let lastTick = axis.ticks.last.map { TextMetrics.width($0.label, size: style.tickSize) / 2 } ?? 0
            frame = ChartFrame(style: style, id: id, title: title, caption: caption, legend: legend,
                               xTitle: valueAxis.label, yTitle: nil, yLabelWidth: categoryWidth,
                               rightOverhang: max(lastTick, showsTotals ? totalWidth + 10 : 0))
        case .vertical:
            frame = ChartFrame(style: style, id: id, title: title, caption: caption, legend: legend,
                               xTitle: nil, yTitle: valueAxis.label, yLabelWidth: tickWidth, rightOverhang: 0)
        }
        var w = SVGWriter()
        frame.begin(&w)
        switch orientation {
        case .horizontal: frame.drawXAxis(&w, axis)
        case .vertical: frame.drawYAxis(&w, axis)
        }
        drawCategoryAxis(&w, frame)
        w.open("g", [("class", "data")])
        let band = (orientation == .horizontal ? frame.plot.height : frame.plot.width) / Double(max(1, categories.count))
        let thickness = min(band * 0.6, 90)
        for c in categories.indices {
            let centre = (orientation == .horizontal ? frame.plot.y : frame.plot.x) + (Double(c) + 0.5) * band
            var start = 0.0
            w.open("g", [("class", "bar"), ("data-category", categories[c])])
            for s in segments.indices {
                let v = value(c, s)
                let raw = values.indices.contains(c) && values[c].indices.contains(s) ? values[c][s] : .nan
                let r = rect(from: start, to: start + v, centre: centre, thickness: thickness, frame, axis)
                start += v
                w.leaf("rect", [("class", "segment segment-\(Slug.make(segments[s].name))"),
                                ("data-category", categories[c]), ("data-segment", segments[s].name),
                                ("data-value", raw.isFinite ? n(raw) : "NaN"),
                                ("x", n(r.x)), ("y", n(r.y)), ("width", n(r.width)), ("height", n(r.height)),
                                ("fill", segments[s].color.hex)])
                segmentLabel(&w, v, rect: r, color: segments[s].color)
            }
            if showsTotals {
                let end = rect(from: 0, to: total(c), centre: centre, thickness: thickness, frame, axis)
                switch orientation {
                case .horizontal:
                    frame.haloText(&w, text(total(c)), x: end.maxX + 6, y: centre + style.annotationSize * 0.36,
                                   anchor: "start", color: style.textColor, cls: "total", weight: "bold")
                case .vertical:
                    frame.haloText(&w, text(total(c)), x: centre, y: end.y - 6,
                                   anchor: "middle", color: style.textColor, cls: "total", weight: "bold")
                }
            }
            w.close("g")
        }
        w.close("g")
        frame.end(&w)
        return w.text
    }

    /// The rectangle of the stretch `a…b` of the value axis.
    private func rect(from a: Double, to b: Double, centre: Double, thickness: Double,
                      _ f: ChartFrame, _ axis: ResolvedAxis) -> Rect {
        switch orientation {
        case .horizontal:
            let x0 = f.px(a, axis), x1 = f.px(b, axis)
            return Rect(x: x0, y: centre - thickness / 2, width: max(0, x1 - x0), height: thickness)
        case .vertical:
            let y0 = f.py(a, axis), y1 = f.py(b, axis)
            return Rect(x: centre - thickness / 2, y: y1, width: thickness, height: max(0, y0 - y1))
        }
    }

    /// The value inside its segment, when it fits there.
    private func segmentLabel(_ w: inout SVGWriter, _ v: Double, rect r: Rect, color: Color) {
        let label = text(v)
        let size = style.annotationSize
        guard TextMetrics.width(label, size: size) + 8 <= r.width, size + 6 <= r.height else { return }
        w.text("text", [("class", "segment-label"), ("x", n(r.x + r.width / 2)), ("y", n(r.y + r.height / 2 + size * 0.36)),
                        ("text-anchor", "middle"), ("font-size", n(size)),
                        ("fill", color.prefersDarkText ? Palette.black.hex : "#FFFFFF")], label)
    }

    private func drawCategoryAxis(_ w: inout SVGWriter, _ f: ChartFrame) {
        w.open("g", [("class", "axis category-axis"), ("id", "\(id)-category-axis")])
        let count = Double(max(1, categories.count))
        for (c, name) in categories.enumerated() {
            switch orientation {
            case .horizontal:
                let y = f.plot.y + (Double(c) + 0.5) * f.plot.height / count
                w.text("text", [("class", "category-label"), ("x", n(f.plot.x - 10)), ("y", n(y + style.axisTitleSize * 0.36)),
                                ("text-anchor", "end"), ("font-size", n(style.axisTitleSize)), ("fill", style.textColor.hex)], name)
            case .vertical:
                let x = f.plot.x + (Double(c) + 0.5) * f.plot.width / count
                w.text("text", [("class", "category-label"), ("x", n(x)),
                                ("y", n(f.plot.maxY + ChartFrame.tickLength + 4 + style.tickSize * 0.8)),
                                ("text-anchor", "middle"), ("font-size", n(style.axisTitleSize)), ("fill", style.textColor.hex)], name)
            }
        }
        switch orientation {
        case .horizontal:
            w.leaf("line", [("class", "axis-line"), ("x1", n(f.plot.x)), ("y1", n(f.plot.y)), ("x2", n(f.plot.x)),
                            ("y2", n(f.plot.maxY)), ("stroke", style.axisColor.hex), ("stroke-width", "1")])
        case .vertical:
            w.leaf("line", [("class", "axis-line"), ("x1", n(f.plot.x)), ("y1", n(f.plot.maxY)), ("x2", n(f.plot.maxX)),
                            ("y2", n(f.plot.maxY)), ("stroke", style.axisColor.hex), ("stroke-width", "1")])
        }
        w.close("g")
    }
}
