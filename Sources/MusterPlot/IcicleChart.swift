import Foundation

/// One rectangle of an icicle: a unit (or a run of small sibling units
/// drawn as one) on its level's row, spanning `start…end` of the row
/// (fractions 0…1), coloured by `value` (0…1).
public struct IcicleCell: Sendable, Equatable {
    public var row: Int
    public var start: Double
    public var end: Double
    public var value: Double
    /// What the cell holds, for the data attributes (a unit id, or "12 units").
    public var name: String
    /// Written inside the cell when it fits.
    public var label: String?
    /// Outlined and numbered: a unit the figure points out (rank, 1-based).
    public var rank: Int?

    public init(row: Int, start: Double, end: Double, value: Double, name: String, label: String? = nil, rank: Int? = nil) {
        self.row = row; self.start = start; self.end = end; self.value = value
        self.name = name; self.label = label; self.rank = rank
    }
}

/// One icicle: rows top to bottom (the root's level first).
public struct IciclePanel: Sendable, Equatable {
    public var title: String
    public var rows: [String]
    public var cells: [IcicleCell]
    /// Lines listed beside the panel, e.g. the ranked units.
    public var notes: [String]

    public init(title: String, rows: [String], cells: [IcicleCell], notes: [String] = []) {
        self.title = title; self.rows = rows; self.cells = cells; self.notes = notes
    }
}

/// A tree as nested rows of rectangles (an icicle), one panel per variant,
/// coloured in classes of a 0…1 value: which units of a hierarchy matter.
public struct IcicleChart: Sendable, Equatable {
    public var id: String
    public var title: String
    public var caption: String
    public var panels: [IciclePanel]
    /// Upper bounds of the colour classes after the first (value 0), with
    /// their colours; a value above the last bound takes the last colour.
    public var classes: [(bound: Double, name: String, color: Color)]
    public var zeroColor: Color
    public var style: ChartStyle

    public init(id: String, title: String, caption: String = "", panels: [IciclePanel],
                classes: [(bound: Double, name: String, color: Color)], zeroColor: Color, style: ChartStyle = ChartStyle()) {
        self.id = id; self.title = title; self.caption = caption; self.panels = panels
        self.classes = classes; self.zeroColor = zeroColor; self.style = style
    }

    public static func == (a: IcicleChart, b: IcicleChart) -> Bool { a.svg() == b.svg() }

    /// The colour of a value.
    public func color(_ v: Double) -> Color {
        guard v.isFinite, v > 0 else { return zeroColor }
        return (classes.first { v <= $0.bound } ?? classes.last)?.color ?? zeroColor
    }

    /// A cell's label, led by its rank when it has one.
    private func labelText(_ c: IcicleCell) -> String? {
        guard let label = c.label else { return nil }
        return c.rank.map { "\($0). " + label } ?? label
    }

    /// Width kept on the right for the panels' notes.
    private var notesWidth: Double {
        let widest = panels.flatMap(\.notes).map { TextMetrics.width($0, size: style.annotationSize) }.max() ?? 0
        return widest > 0 ? min(widest + 14, style.width * 0.42) : 0
    }

    /// The chart as a standalone SVG document; same chart, same bytes.
    public func svg() -> String {
        let rowNames = panels.flatMap(\.rows)
        let labelWidth = rowNames.map { TextMetrics.width($0, size: style.tickSize) }.max() ?? 0
        let legend = [LegendEntry(name: "never critical", color: zeroColor, symbol: .swatch(opacity: 1))]
            + classes.map { LegendEntry(name: $0.name, color: $0.color, symbol: .swatch(opacity: 1)) }
        let frame = ChartFrame(style: style, id: id, title: title, caption: caption, legend: legend,
                               xTitle: nil, yTitle: nil, yLabelWidth: labelWidth, rightOverhang: notesWidth)
        var w = SVGWriter()
        frame.begin(&w)
        let plot = frame.plot
        let gap = style.annotationSize + 10
        let panelHeight = (plot.height - gap * Double(panels.count)) / Double(max(1, panels.count))
        for (p, panel) in panels.enumerated() {
            let top = plot.y + Double(p) * (panelHeight + gap) + gap
            w.open("g", [("class", "panel"), ("data-panel", panel.title)])
            w.text("text", [("x", n(plot.x)), ("y", n(top - 5)), ("font-size", n(style.axisTitleSize)),
                            ("font-weight", "bold"), ("fill", style.textColor.hex)], panel.title)
            let rowHeight = panelHeight / Double(max(1, panel.rows.count))
            func fits(_ label: String, _ width: Double) -> Bool {
                TextMetrics.width(label, size: style.annotationSize) + 6 < width && rowHeight > style.annotationSize + 4
            }
            for (r, name) in panel.rows.enumerated() {
                w.text("text", [("class", "row-label"), ("x", n(plot.x - 6)),
                                ("y", n(top + (Double(r) + 0.5) * rowHeight + style.tickSize * 0.36)),
                                ("font-size", n(style.tickSize)), ("text-anchor", "end"),
                                ("fill", style.textColor.hex)], name)
            }
            for c in panel.cells {
                let x = plot.x + c.start * plot.width, width = max(0, (c.end - c.start) * plot.width)
                let y = top + Double(c.row) * rowHeight
                let fill = color(c.value)
                w.leaf("rect", [("class", "cell"), ("data-name", c.name), ("data-value", c.value.isFinite ? n(c.value) : "NaN"),
                                ("x", n(x)), ("y", n(y)), ("width", n(width)), ("height", n(rowHeight)),
                                ("fill", fill.hex), ("stroke", style.background.hex), ("stroke-width", "0.5")])
                if let label = labelText(c), fits(label, width) {
                    w.text("text", [("x", n(x + width / 2)), ("y", n(y + rowHeight / 2 + style.annotationSize * 0.36)),
                                    ("font-size", n(style.annotationSize)), ("text-anchor", "middle"),
                                    ("fill", (fill.prefersDarkText ? style.textColor : style.background).hex)], label)
                }
            }
            for c in panel.cells {
                guard let rank = c.rank else { continue }
                let x = plot.x + c.start * plot.width, width = max(3, (c.end - c.start) * plot.width)
                let y = top + Double(c.row) * rowHeight
                w.leaf("rect", [("class", "ranked"), ("data-name", c.name), ("x", n(x)), ("y", n(y)), ("width", n(width)),
                                ("height", n(rowHeight)), ("fill", "none"), ("stroke", style.textColor.hex), ("stroke-width", "1.5")])
                // The rank is in the label when the label fits in the cell.
                if let label = labelText(c), fits(label, max(0, (c.end - c.start) * plot.width)) { continue }
                frame.haloText(&w, String(rank), x: x + width / 2, y: y + rowHeight - 3, anchor: "middle",
                               color: style.textColor, cls: "rank", weight: "bold")
            }
            for (i, note) in panel.notes.enumerated() {
                w.text("text", [("class", "note"), ("x", n(plot.x + plot.width + 12)),
                                ("y", n(top + style.annotationSize + Double(i) * (style.annotationSize + 5))),
                                ("font-size", n(style.annotationSize)), ("fill", style.textColor.hex)], note)
            }
            w.close("g")
        }
        frame.end(&w)
        return w.text
    }
}
