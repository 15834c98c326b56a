/// A point of a line series.
public struct DataPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) { self.x = x; self.y = y }
}

/// A point of a shaded band: the range `low…high` at `x`.
public struct BandPoint: Sendable, Equatable {
    public var x: Double
    public var low: Double
    public var high: Double

    public init(x: Double, low: Double, high: Double) { self.x = x; self.low = low; self.high = high }
}

/// How consecutive points are joined.
public enum LineShape: Sendable, Equatable {
    /// Straight segments.
    case straight
    /// A step function that keeps each y until the next x (an empirical
    /// CDF, a count over time).
    case stepAfter
}

/// One named line of a `LineChart`, with an optional band (an interval
/// around it: a 10–90 % range, a confidence interval) in its colour.
public struct LineSeries: Sendable, Equatable {
    public var name: String
    /// Names the series in ids and `data-series` attributes (`tiered`);
    /// defaults to the name made id-safe.
    public var key: String
    public var color: Color
    /// In drawing order; a non-finite value breaks the line.
    public var points: [DataPoint]
    public var shape: LineShape
    /// SVG dash pattern; nil for a solid line.
    public var dash: String?
    /// Drawn under the line, straight-edged; empty for none.
    public var band: [BandPoint]
    /// Dots at the points (for a few measured points, such as a sweep's).
    public var showsPoints: Bool
    /// Carries the first point's y back to the start of the x axis and the
    /// last one's on to its end (a CDF is 0 before the first value and
    /// stays at its last level after it).
    public var extendsToEdges: Bool

    public init(name: String, key: String? = nil, color: Color, points: [DataPoint], shape: LineShape = .straight,
                dash: String? = nil, band: [BandPoint] = [], showsPoints: Bool = false,
                extendsToEdges: Bool = false) {
        self.name = name; self.key = key ?? Slug.make(name); self.color = color; self.points = points
        self.shape = shape; self.dash = dash
        self.band = band; self.showsPoints = showsPoints; self.extendsToEdges = extendsToEdges
    }
}

/// Lines (straight or stepped) against a numeric x axis, with shaded
/// bands, vertical markers and horizontal guides: CDFs, coverage curves,
/// response curves of a sweep.
public struct LineChart: Sendable, Equatable {
    /// Prefix of every id in the SVG; unique per page when charts are
    /// inlined together.
    public var id: String
    public var title: String
    /// Small print under the chart: scenario, seed, what the band means.
    public var caption: String
    public var x: AxisSpec
    public var y: AxisSpec
    public var series: [LineSeries]
    public var markers: [VerticalMarker]
    public var guides: [HorizontalGuide]
    public var style: ChartStyle
    /// Read the x axis (hours) as weekday and time, with shaded windows;
    /// nil for plain hours.
    public var clock: ClockAxis?

    public init(id: String, title: String, caption: String = "", x: AxisSpec, y: AxisSpec,
                series: [LineSeries], markers: [VerticalMarker] = [], guides: [HorizontalGuide] = [],
                style: ChartStyle = ChartStyle(), clock: ClockAxis? = nil) {
        self.id = id; self.title = title; self.caption = caption; self.x = x; self.y = y
        self.series = series; self.markers = markers; self.guides = guides; self.style = style
        self.clock = clock
    }

    /// The axes fitted to every point, band edge and marker.
    public var axes: (x: ResolvedAxis, y: ResolvedAxis) {
        let xs = series.flatMap { $0.points.map(\.x) + $0.band.map(\.x) } + markers.map(\.x)
        let ys = series.flatMap { $0.points.map(\.y) + $0.band.flatMap { [$0.low, $0.high] } }
        return (x.resolve(xs, clock: clock), y.resolve(ys))
    }

    /// The chart as a standalone SVG document (no XML declaration, so it
    /// can also be inlined in HTML). Same chart, same bytes.
    public func svg() -> String {
        let (xAxis, yAxis) = axes
        let yLabels = yAxis.ticks.map { TextMetrics.width($0.label, size: style.tickSize) }.max() ?? 0
        let lastX = xAxis.ticks.last.map { TextMetrics.width($0.label, size: style.tickSize) / 2 } ?? 0
        let frame = ChartFrame(style: style, id: id, title: title, caption: caption,
                               legend: series.map { LegendEntry(name: $0.name, color: $0.color,
                                                                symbol: .line(dash: $0.dash, band: !$0.band.isEmpty)) },
                               xTitle: x.label, yTitle: y.label, yLabelWidth: yLabels, rightOverhang: lastX,
                               labelsAbovePlot: markers.contains { $0.placement == .abovePlot })
        var w = SVGWriter()
        frame.begin(&w)
        frame.drawShading(&w, clock, xAxis)
        frame.drawYAxis(&w, yAxis)
        frame.drawXAxis(&w, xAxis)
        frame.drawGuides(&w, guides, yAxis)
        w.open("g", [("class", "data"), ("clip-path", "url(#\(frame.clipID))")])
        for s in series where !s.band.isEmpty {
            w.leaf("path", [("class", "band"), ("id", "\(id)-band-\(Slug.make(s.key))"), ("data-series", s.key),
                            ("d", bandPath(s.band, frame, xAxis, yAxis)), ("fill", s.color.hex),
                            ("fill-opacity", "0.2"), ("stroke", "none")])
        }
        for s in series {
            var attrs: SVGWriter.Attributes = [("class", "series"), ("id", "\(id)-series-\(Slug.make(s.key))"),
                                               ("data-series", s.key), ("d", linePath(s, frame, xAxis, yAxis)),
                                               ("fill", "none"), ("stroke", s.color.hex),
                                               ("stroke-width", n(style.lineWidth)), ("stroke-linejoin", "round")]
            if let dash = s.dash { attrs.append(("stroke-dasharray", dash)) }
            w.leaf("path", attrs)
            if s.showsPoints {
                for p in s.points where xAxis.contains(p.x) && p.y.isFinite {
                    w.leaf("circle", [("class", "point"), ("data-series", s.key), ("cx", n(frame.px(p.x, xAxis))),
                                      ("cy", n(frame.py(p.y, yAxis))), ("r", "4"), ("fill", s.color.hex),
                                      ("stroke", style.background.hex), ("stroke-width", "1.5")])
                }
            }
        }
        w.close("g")
        frame.drawMarkers(&w, markers, xAxis, yAxis)
        frame.end(&w)
        return w.text
    }

    private func drawable(_ x: Double, _ y: Double, _ xAxis: ResolvedAxis) -> Bool {
        x.isFinite && y.isFinite && (xAxis.scale != .log10 || x > 0)
    }

    /// Path data of a series; a point that cannot be drawn starts a new
    /// piece.
    private func linePath(_ s: LineSeries, _ f: ChartFrame, _ xAxis: ResolvedAxis, _ yAxis: ResolvedAxis) -> String {
        var d: [String] = []
        var pen = false
        let first = s.points.firstIndex { drawable($0.x, $0.y, xAxis) }
        let last = s.points.lastIndex { drawable($0.x, $0.y, xAxis) }
        for (i, p) in s.points.enumerated() {
            guard drawable(p.x, p.y, xAxis) else { pen = false; continue }
            let x = f.px(p.x, xAxis), y = f.py(p.y, yAxis)
            if !pen {
                if s.extendsToEdges, i == first {
                    d.append("M\(n(f.plot.x)) \(n(y))")
                    d.append("H\(n(x))")
                } else {
                    d.append("M\(n(x)) \(n(y))")
                }
                pen = true
            } else {
                switch s.shape {
                case .straight: d.append("L\(n(x)) \(n(y))")
                case .stepAfter: d.append("H\(n(x))"); d.append("V\(n(y))")
                }
            }
            if s.extendsToEdges, i == last { d.append("H\(n(f.plot.maxX))") }
        }
        return d.joined(separator: " ")
    }

    /// A closed outline per unbroken run of band points: along the lows,
    /// back along the highs.
    private func bandPath(_ band: [BandPoint], _ f: ChartFrame, _ xAxis: ResolvedAxis, _ yAxis: ResolvedAxis) -> String {
        var pieces: [String] = []
        var run: [BandPoint] = []
        func flush() {
            defer { run = [] }
            guard run.count >= 2 else { return }
            var d = "M" + run.map { "\(n(f.px($0.x, xAxis))) \(n(f.py($0.low, yAxis)))" }.joined(separator: " L")
            d += " L" + run.reversed().map { "\(n(f.px($0.x, xAxis))) \(n(f.py($0.high, yAxis)))" }.joined(separator: " L")
            pieces.append(d + " Z")
        }
        for p in band {
            if drawable(p.x, p.low, xAxis) && p.high.isFinite { run.append(p) } else { flush() }
        }
        flush()
        return pieces.joined(separator: " ")
    }
}

/// Names made safe for ids and classes: lower case letters, digits and
/// hyphens.
public enum Slug {
    public static func make(_ name: String) -> String {
        var out = ""
        for c in name.lowercased().unicodeScalars {
            if (c >= "a" && c <= "z") || (c >= "0" && c <= "9") {
                out.unicodeScalars.append(c)
            } else if !out.hasSuffix("-") && !out.isEmpty {
                out += "-"
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "x" : out
    }
}
