/// One bar of a histogram: `lo…hi` on the x axis, `value` high (a count,
/// a share, a density — the y axis says which).
public struct Bin: Sendable, Equatable {
    public var lo: Double
    public var hi: Double
    public var value: Double

    public init(lo: Double, hi: Double, value: Double) { self.lo = lo; self.hi = hi; self.value = value }
}

/// One distribution of a histogram chart.
public struct HistogramSeries: Sendable, Equatable {
    public var name: String
    /// Names the series in ids and `data-series` attributes.
    public var key: String
    public var color: Color
    /// Ascending by `lo`; bins need not share edges with other series.
    public var bins: [Bin]

    public init(name: String, key: String? = nil, color: Color, bins: [Bin]) {
        self.name = name; self.key = key ?? Slug.make(name); self.color = color; self.bins = bins
    }
}

/// How several series share the x axis.
public enum HistogramLayout: Sendable, Equatable {
    /// Each series over the full width of its bins, translucent, with a
    /// solid outline so overlaps stay readable.
    case overlaid(opacity: Double)
    /// Each bin split into one narrow bar per series, side by side (for
    /// series on the same bin edges).
    case sideBySide
}

/// Histograms of one or more series on a shared numeric x axis.
public struct HistogramChart: Sendable, Equatable {
    public var id: String
    public var title: String
    public var caption: String
    public var x: AxisSpec
    public var y: AxisSpec
    public var series: [HistogramSeries]
    public var layout: HistogramLayout
    public var markers: [VerticalMarker]
    public var style: ChartStyle
    /// Read the x axis (hours) as weekday and time; nil for plain hours.
    public var clock: ClockAxis?

    public init(id: String, title: String, caption: String = "", x: AxisSpec, y: AxisSpec,
                series: [HistogramSeries], layout: HistogramLayout = .overlaid(opacity: 0.45),
                markers: [VerticalMarker] = [], style: ChartStyle = ChartStyle(), clock: ClockAxis? = nil) {
        self.id = id; self.title = title; self.caption = caption; self.x = x; self.y = y
        self.series = series; self.layout = layout; self.markers = markers; self.style = style
        self.clock = clock
    }

    /// Axes fitted to the bins (x) and from zero to the tallest bar (y).
    public var axes: (x: ResolvedAxis, y: ResolvedAxis) {
        var xSpec = x
        if xSpec.scale == .auto { xSpec.scale = .linear }
        var ySpec = y
        ySpec.includeZero = true
        if ySpec.scale != .linear { ySpec.scale = .linear }
        let edges: [Double] = series.flatMap { s in s.bins.flatMap { [$0.lo, $0.hi] } }
        let xs = edges + markers.map(\.x)
        let heights: [Double] = series.flatMap { s in s.bins.map(\.value) }
        let tallest = heights.filter(\.isFinite).max() ?? 0
        // Headroom above the tallest bar for marker labels stacked at the top.
        let headroom: Double = markers.isEmpty ? 1 : 1 + 0.09 * Double(markers.count)
        let top = tallest * headroom
        return (xSpec.resolve(xs, clock: clock), ySpec.resolve([0, top]))
    }

    /// The chart as a standalone SVG document (no XML declaration, so it
    /// can also be inlined in HTML). Same chart, same bytes.
    public func svg() -> String {
        let (xAxis, yAxis) = axes
        let yLabels = yAxis.ticks.map { TextMetrics.width($0.label, size: style.tickSize) }.max() ?? 0
        let lastX = xAxis.ticks.last.map { TextMetrics.width($0.label, size: style.tickSize) / 2 } ?? 0
        let opacity: Double
        switch layout {
        case .overlaid(let o): opacity = o
        case .sideBySide: opacity = 0.85
        }
        let frame = ChartFrame(style: style, id: id, title: title, caption: caption,
                               legend: series.map { LegendEntry(name: $0.name, color: $0.color, symbol: .swatch(opacity: opacity)) },
                               xTitle: x.label, yTitle: y.label, yLabelWidth: yLabels, rightOverhang: lastX,
                               labelsAbovePlot: markers.contains { $0.placement == .abovePlot })
        var w = SVGWriter()
        frame.begin(&w)
        frame.drawShading(&w, clock, xAxis)
        frame.drawYAxis(&w, yAxis)
        frame.drawXAxis(&w, xAxis)
        w.open("g", [("class", "data"), ("clip-path", "url(#\(frame.clipID))")])
        let k = Double(max(1, series.count))
        for (i, s) in series.enumerated() {
            let slug = Slug.make(s.key)
            w.open("g", [("class", "histogram"), ("id", "\(id)-bins-\(slug)"), ("data-series", s.key)])
            for b in s.bins where b.value.isFinite && b.value > 0 && b.lo.isFinite && b.hi.isFinite {
                var (lo, hi) = (b.lo, b.hi)
                if layout == .sideBySide {
                    let width = (b.hi - b.lo) / k
                    lo = b.lo + Double(i) * width
                    hi = lo + width
                }
                let x0 = frame.px(lo, xAxis), x1 = frame.px(hi, xAxis), y = frame.py(b.value, yAxis)
                w.leaf("rect", [("class", "bin"), ("x", n(x0)), ("y", n(y)), ("width", n(max(0, x1 - x0))),
                                ("height", n(max(0, frame.plot.maxY - y))), ("fill", s.color.hex),
                                ("fill-opacity", n(opacity))])
            }
            w.close("g")
            if case .overlaid = layout {
                w.leaf("path", [("class", "series"), ("id", "\(id)-series-\(slug)"), ("data-series", s.key),
                                ("d", outline(s.bins, frame, xAxis, yAxis)), ("fill", "none"),
                                ("stroke", s.color.hex), ("stroke-width", "1.5"), ("stroke-linejoin", "round")])
            }
        }
        w.close("g")
        frame.drawMarkers(&w, markers, xAxis, nil)
        frame.end(&w)
        return w.text
    }

    /// The histogram's skyline: up each bar, across, down at gaps.
    private func outline(_ bins: [Bin], _ f: ChartFrame, _ xAxis: ResolvedAxis, _ yAxis: ResolvedAxis) -> String {
        let base = f.py(yAxis.domain.lowerBound, yAxis)
        var d: [String] = []
        var previousHi: Double? = nil
        for b in bins where b.lo.isFinite && b.hi.isFinite {
            let v = b.value.isFinite ? max(0, b.value) : 0
            if let p = previousHi, abs(p - b.lo) <= 1e-9 * max(1, abs(p)) {
                d.append("V\(n(f.py(v, yAxis)))")
            } else {
                if previousHi != nil { d.append("V\(n(base))") }
                d.append("M\(n(f.px(b.lo, xAxis))) \(n(base))")
                d.append("V\(n(f.py(v, yAxis)))")
            }
            d.append("H\(n(f.px(b.hi, xAxis)))")
            previousHi = b.hi
        }
        if previousHi != nil { d.append("V\(n(base))") }
        return d.joined(separator: " ")
    }
}
