/// How a legend entry draws its key.
public enum LegendSymbol: Sendable, Equatable {
    /// A line, optionally dashed, with a shaded band behind it when the
    /// series has one.
    case line(dash: String?, band: Bool)
    /// A filled square, at the given opacity.
    case swatch(opacity: Double)
}

/// One entry of a chart's legend.
public struct LegendEntry: Sendable, Equatable {
    public var name: String
    public var color: Color
    public var symbol: LegendSymbol

    public init(name: String, color: Color, symbol: LegendSymbol) {
        self.name = name; self.color = color; self.symbol = symbol
    }
}

/// Places legend entries in rows under the title, wrapping at the canvas
/// width, so a legend never covers data.
struct LegendLayout {
    struct Placed { var entry: LegendEntry; var x: Double; var y: Double }
    let placed: [Placed]
    /// Height taken, 0 for no entries.
    let height: Double

    static let keyWidth = 26.0
    static let keyGap = 7.0
    static let entryGap = 24.0

    init(entries: [LegendEntry], style: ChartStyle, top: Double) {
        let rowHeight = style.legendSize + 10
        var x = style.padding, row = 0
        var placed: [Placed] = []
        for e in entries {
            let w = Self.keyWidth + Self.keyGap + TextMetrics.width(e.name, size: style.legendSize)
            if x > style.padding && x + w > style.width - style.padding {
                row += 1
                x = style.padding
            }
            placed.append(Placed(entry: e, x: x, y: top + Double(row) * rowHeight))
            x += w + Self.entryGap
        }
        self.placed = placed
        height = entries.isEmpty ? 0 : Double(row + 1) * rowHeight
    }

    func draw(_ w: inout SVGWriter, style: ChartStyle, chartID: String) {
        guard !placed.isEmpty else { return }
        w.open("g", [("class", "legend"), ("id", "\(chartID)-legend")])
        for p in placed {
            let mid = p.y + style.legendSize / 2 + 2
            w.open("g", [("class", "legend-entry"), ("data-series", p.entry.name)])
            switch p.entry.symbol {
            case .line(let dash, let band):
                if band {
                    w.leaf("rect", [("x", n(p.x)), ("y", n(mid - 7)), ("width", n(Self.keyWidth)), ("height", "14"),
                                    ("fill", p.entry.color.hex), ("fill-opacity", "0.2")])
                }
                var attrs: SVGWriter.Attributes = [("x1", n(p.x)), ("y1", n(mid)), ("x2", n(p.x + Self.keyWidth)), ("y2", n(mid)),
                                                   ("stroke", p.entry.color.hex), ("stroke-width", n(style.lineWidth + 0.5))]
                if let dash { attrs.append(("stroke-dasharray", dash)) }
                w.leaf("line", attrs)
            case .swatch(let opacity):
                w.leaf("rect", [("x", n(p.x + 5)), ("y", n(mid - 8)), ("width", "16"), ("height", "16"),
                                ("fill", p.entry.color.hex), ("fill-opacity", n(opacity)),
                                ("stroke", p.entry.color.hex), ("stroke-width", "1")])
            }
            w.text("text", [("x", n(p.x + Self.keyWidth + Self.keyGap)), ("y", n(mid + style.legendSize * 0.36)),
                            ("font-size", n(style.legendSize)),
                            ("fill", style.textColor.hex)], p.entry.name)
            w.close("g")
        }
        w.close("g")
    }
}
