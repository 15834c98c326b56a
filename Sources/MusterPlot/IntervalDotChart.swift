import Foundation

/// One series of an interval dot chart: a value per category with its
/// interval, drawn as a dot on a horizontal bar.
public struct IntervalSeries: Sendable, Equatable {
    public var name: String
    public var color: Color
    /// Per category (NaN: nothing drawn).
    public var values: [Double]
    public var lows: [Double]
    public var highs: [Double]

    public init(name: String, color: Color, values: [Double], lows: [Double], highs: [Double]) {
        self.name = name; self.color = color; self.values = values; self.lows = lows; self.highs = highs
    }
}

/// A shaded stretch of the value axis behind an interval dot chart's data
/// (an indifference zone), with its label at the top.
public struct ValueBand: Sendable, Equatable {
    public var low: Double
    public var high: Double
    public var label: String
    public var color: Color

    public init(low: Double, high: Double, label: String, color: Color) {
        self.low = low; self.high = high; self.label = label; self.color = color
    }
}

/// Categories down the left, one row each; in every row each series draws
/// its value as a dot and its interval as a bar across the value axis, the
/// series side by side within the row. Sensitivity indices with their
/// bootstrap intervals, one row per input.
public struct IntervalDotChart: Sendable, Equatable {
    public var id: String
    public var title: String
    public var caption: String
    public var categories: [String]
    public var series: [IntervalSeries]
    public var valueAxis: AxisSpec
    public var style: ChartStyle
    /// Drawn behind the data; the axis takes it in.
    public var bands: [ValueBand] = []

    public init(id: String, title: String, caption: String = "", categories: [String], series: [IntervalSeries],
                valueAxis: AxisSpec, style: ChartStyle = ChartStyle()) {
        self.id = id; self.title = title; self.caption = caption; self.categories = categories
        self.series = series; self.valueAxis = valueAxis; self.style = style
    }

    /// The value axis fitted to every finite value, interval end and band.
    public var axis: ResolvedAxis {
        let data: [Double] = series.flatMap { $0.values + $0.lows + $0.highs }
        let shaded: [Double] = bands.flatMap { [$0.low, $0.high] }
        let all = (data + shaded).filter(\.isFinite)
        return valueAxis.resolve(all.isEmpty ? [0, 1] : all)
    }

    /// The chart as a standalone SVG document.
    public func svg() -> String {
        let axis = self.axis
        let categoryWidth = categories.map { TextMetrics.width($0, size: style.tickSize) }.max() ?? 0
        let lastTick = axis.ticks.last.map { TextMetrics.width($0.label, size: style.tickSize) / 2 } ?? 0
        let legend = series.map { LegendEntry(name: $0.name, color: $0.color, symbol: .swatch(opacity: 1)) }
        let frame = ChartFrame(style: style, id: id, title: title, caption: caption, legend: legend,
                               xTitle: valueAxis.label, yTitle: nil, yLabelWidth: categoryWidth, rightOverhang: lastTick)
        var w = SVGWriter()
        frame.begin(&w)
        frame.drawXAxis(&w, axis)
        let band = frame.plot.height / Double(max(1, categories.count))
        w.open("g", [("class", "axis category-axis"), ("id", "\(id)-category-axis")])
        for (c, name) in categories.enumerated() {
            let y = frame.plot.y + (Double(c) + 0.5) * band
            w.text("text", [("class", "category-label"), ("x", n(frame.plot.x - 10)), ("y", n(y + style.tickSize * 0.36)),
                            ("text-anchor", "end"), ("font-size", n(style.tickSize)), ("fill", style.textColor.hex)], name)
        }
        w.leaf("line", [("class", "axis-line"), ("x1", n(frame.plot.x)), ("y1", n(frame.plot.y)), ("x2", n(frame.plot.x)),
                        ("y2", n(frame.plot.maxY)), ("stroke", style.axisColor.hex), ("stroke-width", "1")])
        w.close("g")
        for b in bands where b.low.isFinite && b.high.isFinite {
            let x0 = frame.px(min(b.low, b.high), axis), x1 = frame.px(max(b.low, b.high), axis)
            w.leaf("rect", [("class", "band"), ("data-low", n(b.low)), ("data-high", n(b.high)),
                            ("x", n(x0)), ("y", n(frame.plot.y)), ("width", n(max(x1 - x0, 1))), ("height", n(frame.plot.height)),
                            ("fill", b.color.hex), ("fill-opacity", "0.15")])
            w.text("text", [("class", "band-label"), ("x", n(x0 + 3)), ("y", n(frame.plot.y + style.tickSize)),
                            ("font-size", n(style.tickSize)), ("fill", style.textColor.hex)], b.label)
        }
        w.open("g", [("class", "data"), ("clip-path", "url(#\(frame.clipID))")])
        let slot = band * 0.7 / Double(max(1, series.count))
        let radius = min(5, max(2, slot * 0.35))
        for (s, ser) in series.enumerated() {
            w.open("g", [("class", "series series-\(Slug.make(ser.name))"), ("data-series", ser.name)])
            for c in categories.indices where c < ser.values.count {
                let y = frame.plot.y + Double(c) * band + band * 0.15 + (Double(s) + 0.5) * slot
                let lo = ser.lows[c], hi = ser.highs[c], v = ser.values[c]
                if lo.isFinite && hi.isFinite {
                    w.leaf("line", [("class", "interval"), ("data-category", categories[c]),
                                    ("data-low", n(lo)), ("data-high", n(hi)),
                                    ("x1", n(frame.px(lo, axis))), ("y1", n(y)), ("x2", n(frame.px(hi, axis))), ("y2", n(y)),
                                    ("stroke", ser.color.hex), ("stroke-width", "2")])
                }
                if v.isFinite {
                    w.leaf("circle", [("class", "value"), ("data-category", categories[c]), ("data-value", n(v)),
                                      ("cx", n(frame.px(v, axis))), ("cy", n(y)), ("r", n(radius)), ("fill", ser.color.hex)])
                }
            }
            w.close("g")
        }
        w.close("g")
        frame.end(&w)
        return w.text
    }
}

/// Several charts one above the other in one SVG document: panels that
/// share a story (one per mode).
public enum PanelStack {
    /// `panels` are standalone SVG documents of width `width`, each
    /// `heights[i]` tall; they are nested at their offsets.
    public static func vertical(id: String, title: String, panels: [String], heights: [Double], width: Double) -> String {
        let total = heights.reduce(0, +)
        var w = SVGWriter()
        w.open("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("id", id), ("class", "muster-chart muster-panels"),
                       ("width", n(width)), ("height", n(total)), ("viewBox", "0 0 \(n(width)) \(n(total))"),
                       ("role", "img"), ("aria-labelledby", "\(id)-title")])
        w.text("title", [("id", "\(id)-title")], title)
        var y = 0.0
        for (panel, h) in zip(panels, heights) {
            w.open("g", [("class", "panel"), ("transform", "translate(0,\(n(y)))")])
            w.raw(panel.trimmingCharacters(in: .whitespacesAndNewlines))
            w.close("g")
            y += h
        }
        w.close("svg")
        return w.text
    }
}
