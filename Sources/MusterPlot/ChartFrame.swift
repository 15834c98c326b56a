/// The parts every chart shares, laid out once: canvas, title, legend,
/// plot area, axes with grid and labels, caption. Charts draw their data
/// inside `plot`, clipped to it.
struct ChartFrame {
    let style: ChartStyle
    let id: String
    let title: String
    let caption: String
    let legend: LegendLayout
    let captionLines: [String]
    let xTitle: String?
    let yTitle: String?
    /// Where data goes.
    let plot: Rect

    /// Space under the plot for x tick labels and the tick marks.
    static let tickLength = 5.0

    /// - Parameters:
    ///   - yLabelWidth: widest label left of the plot (y ticks or categories).
    ///   - rightOverhang: how far the last x label or an end label reaches
    ///     past the plot's right edge.
    ///   - labelsAbovePlot: leave a row above the plot for marker labels.
    init(style: ChartStyle, id: String, title: String, caption: String, legend entries: [LegendEntry],
         xTitle: String?, yTitle: String?, yLabelWidth: Double, rightOverhang: Double, labelsAbovePlot: Bool = false) {
        self.style = style; self.id = id; self.title = title; self.caption = caption
        self.xTitle = xTitle; self.yTitle = yTitle
        let titleBaseline = style.padding + style.titleSize
        legend = LegendLayout(entries: entries, style: style, top: titleBaseline + 12)
        captionLines = caption.isEmpty ? []
            : TextMetrics.wrap(caption, size: style.captionSize, maxWidth: style.width - 2 * style.padding)
        // Room above the plot for marker labels stacked at its top.
        var top = titleBaseline + 12 + legend.height + 10
        if labelsAbovePlot { top += style.annotationSize + 6 }
        var bottom = style.height - style.padding - Double(captionLines.count) * (style.captionSize + 5)
        if !captionLines.isEmpty { bottom -= 8 }
        if xTitle != nil { bottom -= style.axisTitleSize + 10 }
        bottom -= style.tickSize + Self.tickLength + 8
        var left = style.padding + yLabelWidth + Self.tickLength + 6
        if yTitle != nil { left += style.axisTitleSize + 12 }
        let right = style.width - style.padding - max(0, rightOverhang)
        plot = Rect(x: left, y: top, width: max(10, right - left), height: max(10, bottom - top))
    }

    var clipID: String { "\(id)-plot-area" }

    // MARK: drawing

    func begin(_ w: inout SVGWriter) {
        w.open("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("id", id), ("class", "muster-chart"),
                       ("width", n(style.width)), ("height", n(style.height)),
                       ("viewBox", "0 0 \(n(style.width)) \(n(style.height))"),
                       ("font-family", style.fontFamily), ("role", "img"),
                       ("aria-labelledby", "\(id)-title \(id)-desc")])
        w.text("title", [("id", "\(id)-title")], title)
        w.text("desc", [("id", "\(id)-desc")], caption)
        w.open("defs")
        w.open("clipPath", [("id", clipID)])
        w.leaf("rect", [("x", n(plot.x)), ("y", n(plot.y)), ("width", n(plot.width)), ("height", n(plot.height))])
        w.close("clipPath")
        w.close("defs")
        w.leaf("rect", [("class", "background"), ("x", "0"), ("y", "0"), ("width", n(style.width)),
                        ("height", n(style.height)), ("fill", style.background.hex)])
        // A title too long for the canvas is set smaller rather than clipped.
        let room = style.width - 2 * style.padding
        let natural = TextMetrics.width(title, size: style.titleSize)
        let titleSize = natural > room ? max(12, style.titleSize * room / natural) : style.titleSize
        w.text("text", [("class", "chart-title"), ("x", n(style.padding)), ("y", n(style.padding + style.titleSize)),
                        ("font-size", n(titleSize)), ("font-weight", "bold"), ("fill", style.textColor.hex)], title)
        legend.draw(&w, style: style, chartID: id)
    }

    func end(_ w: inout SVGWriter) {
        if !captionLines.isEmpty {
            w.open("g", [("class", "caption")])
            let lineHeight = style.captionSize + 5
            let first = style.height - style.padding - Double(captionLines.count - 1) * lineHeight
            for (i, line) in captionLines.enumerated() {
                w.text("text", [("x", n(style.padding)), ("y", n(first + Double(i) * lineHeight)),
                                ("font-size", n(style.captionSize)), ("fill", style.mutedTextColor.hex)], line)
            }
            w.close("g")
        }
        w.close("svg")
    }

    /// The x pixel of a value on `axis` spanning the plot's width.
    func px(_ v: Double, _ axis: ResolvedAxis) -> Double { plot.x + axis.fraction(v) * plot.width }

    /// The y pixel of a value on `axis` spanning the plot's height, upwards.
    func py(_ v: Double, _ axis: ResolvedAxis) -> Double { plot.maxY - axis.fraction(v) * plot.height }

    /// Grid lines, tick marks, labels and title of a numeric x axis along
    /// the bottom. Labels that would touch are thinned to every second
    /// (or third…) one.
    func drawXAxis(_ w: inout SVGWriter, _ axis: ResolvedAxis) {
        w.open("g", [("class", "axis x-axis"), ("id", "\(id)-x-axis")])
        for v in axis.minor {
            let x = px(v, axis)
            w.leaf("line", [("class", "grid minor"), ("x1", n(x)), ("y1", n(plot.y)), ("x2", n(x)), ("y2", n(plot.maxY)),
                            ("stroke", style.minorGridColor.hex), ("stroke-width", "1")])
        }
        let every = thinning(axis.ticks.map { px($0.value, axis) }, widths: axis.ticks.map { TextMetrics.width($0.label, size: style.tickSize) })
        for (i, t) in axis.ticks.enumerated() {
            let x = px(t.value, axis)
            w.leaf("line", [("class", "grid"), ("x1", n(x)), ("y1", n(plot.y)), ("x2", n(x)), ("y2", n(plot.maxY)),
                            ("stroke", style.gridColor.hex), ("stroke-width", "1")])
            w.leaf("line", [("x1", n(x)), ("y1", n(plot.maxY)), ("x2", n(x)), ("y2", n(plot.maxY + Self.tickLength)),
                            ("stroke", style.axisColor.hex), ("stroke-width", "1")])
            if i % every == 0 {
                w.text("text", [("class", "tick-label"), ("x", n(x)), ("y", n(plot.maxY + Self.tickLength + 4 + style.tickSize * 0.8)),
                                ("text-anchor", "middle"), ("font-size", n(style.tickSize)), ("fill", style.textColor.hex)], t.label)
            }
        }
        w.leaf("line", [("class", "axis-line"), ("x1", n(plot.x)), ("y1", n(plot.maxY)), ("x2", n(plot.maxX)), ("y2", n(plot.maxY)),
                        ("stroke", style.axisColor.hex), ("stroke-width", "1")])
        drawXTitle(&w)
        w.close("g")
    }

    /// The x axis title, centred under the plot.
    func drawXTitle(_ w: inout SVGWriter) {
        guard let xTitle else { return }
        let y = plot.maxY + Self.tickLength + 8 + style.tickSize + 10 + style.axisTitleSize * 0.8
        w.text("text", [("class", "axis-title"), ("x", n(plot.x + plot.width / 2)), ("y", n(y)), ("text-anchor", "middle"),
                        ("font-size", n(style.axisTitleSize)), ("fill", style.textColor.hex)], xTitle)
    }

    /// Grid lines, tick marks, labels and title of a numeric y axis on the left.
    func drawYAxis(_ w: inout SVGWriter, _ axis: ResolvedAxis) {
        w.open("g", [("class", "axis y-axis"), ("id", "\(id)-y-axis")])
        for v in axis.minor {
            let y = py(v, axis)
            w.leaf("line", [("class", "grid minor"), ("x1", n(plot.x)), ("y1", n(y)), ("x2", n(plot.maxX)), ("y2", n(y)),
                            ("stroke", style.minorGridColor.hex), ("stroke-width", "1")])
        }
        for t in axis.ticks {
            let y = py(t.value, axis)
            w.leaf("line", [("class", "grid"), ("x1", n(plot.x)), ("y1", n(y)), ("x2", n(plot.maxX)), ("y2", n(y)),
                            ("stroke", style.gridColor.hex), ("stroke-width", "1")])
            w.leaf("line", [("x1", n(plot.x - Self.tickLength)), ("y1", n(y)), ("x2", n(plot.x)), ("y2", n(y)),
                            ("stroke", style.axisColor.hex), ("stroke-width", "1")])
            w.text("text", [("class", "tick-label"), ("x", n(plot.x - Self.tickLength - 4)), ("y", n(y + style.tickSize * 0.36)),
                            ("text-anchor", "end"), ("font-size", n(style.tickSize)), ("fill", style.textColor.hex)], t.label)
        }
        w.leaf("line", [("class", "axis-line"), ("x1", n(plot.x)), ("y1", n(plot.y)), ("x2", n(plot.x)), ("y2", n(plot.maxY)),
                        ("stroke", style.axisColor.hex), ("stroke-width", "1")])
        drawYTitle(&w)
        w.close("g")
    }

    /// The y axis title, rotated, centred beside the plot.
    func drawYTitle(_ w: inout SVGWriter) {
        guard let yTitle else { return }
        let x = style.padding + style.axisTitleSize * 0.8
        let y = plot.y + plot.height / 2
        w.text("text", [("class", "axis-title"), ("x", n(x)), ("y", n(y)), ("text-anchor", "middle"),
                        ("transform", "rotate(-90 \(n(x)) \(n(y)))"),
                        ("font-size", n(style.axisTitleSize)), ("fill", style.textColor.hex)], yTitle)
    }

    /// The clock's shaded windows (office hours) as pale columns behind
    /// the grid and data.
    func drawShading(_ w: inout SVGWriter, _ clock: ClockAxis?, _ xAxis: ResolvedAxis) {
        guard let clock else { return }
        let spans = clock.shadedHours(xAxis.domain)
        guard !spans.isEmpty else { return }
        w.open("g", [("class", "shading")])
        for r in spans {
            let a = px(r.lowerBound, xAxis), b = px(r.upperBound, xAxis)
            w.leaf("rect", [("class", "shaded-hours"), ("x", n(a)), ("y", n(plot.y)), ("width", n(max(0.5, b - a))),
                            ("height", n(plot.height)), ("fill", style.shadingColor.hex)])
        }
        w.close("g")
    }

    /// Horizontal guides across the plot, dotted, with an optional label at
    /// the left end.
    func drawGuides(_ w: inout SVGWriter, _ guides: [HorizontalGuide], _ yAxis: ResolvedAxis) {
        for g in guides where yAxis.contains(g.y) {
            let y = py(g.y, yAxis)
            w.leaf("line", [("class", "guide"), ("x1", n(plot.x)), ("y1", n(y)), ("x2", n(plot.maxX)), ("y2", n(y)),
                            ("stroke", style.mutedTextColor.hex), ("stroke-width", "1"), ("stroke-dasharray", "2 3")])
            if let label = g.label {
                haloText(&w, label, x: plot.x + 6, y: y - 5, anchor: "start", color: style.mutedTextColor, cls: "guide-label")
            }
        }
    }

    /// Vertical markers with their labels. Labels without a y are stacked
    /// in rows at the top of the plot; each label is flipped to the left of
    /// its line when it would cross the plot's right edge.
    func drawMarkers(_ w: inout SVGWriter, _ markers: [VerticalMarker], _ xAxis: ResolvedAxis, _ yAxis: ResolvedAxis?) {
        guard !markers.isEmpty else { return }
        w.open("g", [("class", "markers")])
        // Occupied x-ranges of top labels, per row: a label takes the first
        // row where it touches no other.
        var rows: [[ClosedRange<Double>]] = []
        var above: [ClosedRange<Double>] = []
        var beside: [(ClosedRange<Double>, ClosedRange<Double>)] = []
        let size = style.annotationSize
        for m in markers where xAxis.contains(m.x) {
            let x = px(m.x, xAxis)
            var attrs: SVGWriter.Attributes = [("class", "marker"), ("data-x", n(m.x)), ("x1", n(x)), ("y1", n(plot.y)),
                                               ("x2", n(x)), ("y2", n(plot.maxY)), ("stroke", m.color.hex), ("stroke-width", "1.5")]
            if let dash = m.dash { attrs.append(("stroke-dasharray", dash)) }
            w.leaf("line", attrs)
            let width = TextMetrics.width(m.label, size: size)
            let fitsRight = x + 6 + width <= plot.maxX
            if case .abovePlot = m.placement {
                // Centred on the line, but kept within the plot's width; a label
                // that would touch the previous one is left out (its line stays).
                let centre = min(max(x, plot.x + width / 2), plot.maxX - width / 2)
                let span = (centre - width / 2 - 6)...(centre + width / 2 + 6)
                if above.contains(where: { $0.overlaps(span) }) { continue }
                above.append(span)
                haloText(&w, m.label, x: centre, y: plot.y - 6, anchor: "middle", color: m.color, cls: "marker-label")
            } else if case .beside(let ly) = m.placement, let yAxis, yAxis.contains(ly) {
                // The collision rule: a label whose box would touch one
                // already placed moves a row further from the curve (down
                // on the right, up on the left) until it is free.
                var y = fitsRight ? py(ly, yAxis) + size + 4 : py(ly, yAxis) - 6
                let xs = fitsRight ? (x + 4)...(x + 8 + width) : (x - 8 - width)...(x - 4)
                func box(_ y: Double) -> (ClosedRange<Double>, ClosedRange<Double>) { (xs, (y - size - 1)...(y + 3)) }
                var tries = 0
                while tries < 12, beside.contains(where: { $0.0.overlaps(box(y).0) && $0.1.overlaps(box(y).1) }) {
                    y += fitsRight ? size + 6 : -(size + 6)
                    tries += 1
                }
                y = min(max(y, plot.y + size), plot.maxY - 4)
                beside.append(box(y))
                haloText(&w, m.label, x: fitsRight ? x + 6 : x - 6, y: y, anchor: fitsRight ? "start" : "end",
                         color: m.color, cls: "marker-label")
            } else {
                let span = fitsRight ? (x + 2)...(x + 10 + width) : (x - 10 - width)...(x - 2)
                let row = rows.firstIndex { $0.allSatisfy { !$0.overlaps(span) } } ?? rows.count
                if row == rows.count { rows.append([]) }
                rows[row].append(span)
                let y = plot.y + size + 4 + Double(row) * (size + 6)
                haloText(&w, m.label, x: fitsRight ? x + 6 : x - 6, y: y, anchor: fitsRight ? "start" : "end",
                         color: m.color, cls: "marker-label")
            }
        }
        w.close("g")
    }

    /// Text with a white outline under it, readable over lines and bars.
    func haloText(_ w: inout SVGWriter, _ s: String, x: Double, y: Double, anchor: String, color: Color,
                  cls: String, size: Double? = nil, weight: String? = nil) {
        var attrs: SVGWriter.Attributes = [("class", cls), ("x", n(x)), ("y", n(y)), ("text-anchor", anchor),
                                           ("font-size", n(size ?? style.annotationSize)), ("fill", color.hex),
                                           ("stroke", style.background.hex), ("stroke-width", "4"),
                                           ("stroke-linejoin", "round"), ("paint-order", "stroke")]
        if let weight { attrs.append(("font-weight", weight)) }
        w.text("text", attrs, s)
    }

    /// Every k-th label is shown so that neighbours keep 8 px apart.
    private func thinning(_ positions: [Double], widths: [Double]) -> Int {
        guard positions.count > 1 else { return 1 }
        for k in 1...positions.count {
            var ok = true
            var i = 0
            while i + k < positions.count {
                if positions[i + k] - positions[i] < (widths[i] + widths[i + k]) / 2 + 8 { ok = false; break }
                i += k
            }
            if ok { return k }
        }
        return positions.count
    }
}
