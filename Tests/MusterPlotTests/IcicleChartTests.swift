import Testing
import MusterTestSupport
@testable import MusterPlot

/// The icicle of a tree: cells where their spans say, coloured by class,
/// ranked cells outlined.
@Suite struct IcicleChartTests {
    static func chart() -> IcicleChart {
        let cells = [
            IcicleCell(row: 0, start: 0, end: 1, value: 1, name: "root", label: "root"),
            IcicleCell(row: 1, start: 0, end: 0.25, value: 0, name: "a", label: "a"),
            IcicleCell(row: 1, start: 0.25, end: 1, value: 0.3, name: "b", label: "b", rank: 1),
        ]
        return IcicleChart(id: "ice", title: "t", panels: [IciclePanel(title: "p", rows: ["top", "below"], cells: cells, notes: ["1. b"])],
                           classes: [(0.2, "low", Palette.orange), (1, "high", Palette.vermillion)], zeroColor: Palette.black)
    }

    @Test func cellsSpanTheirShareOfTheRowAndTakeTheirClassColour() throws {
        let root = try XMLTree.parse(Self.chart().svg())
        let cells = root.elements("rect", class: "cell")
        #expect(cells.count == 3)
        let a = cells.first { $0.attributes["data-name"] == "a" }!, b = cells.first { $0.attributes["data-name"] == "b" }!
        let full = cells.first { $0.attributes["data-name"] == "root" }!
        // a is a quarter of the row, b three quarters, side by side.
        #expect(abs(a.number("width")! * 3 - b.number("width")!) < 0.01)
        #expect(abs(a.number("width")! + b.number("width")! - full.number("width")!) < 0.01)
        #expect(abs(a.number("x")! + a.number("width")! - b.number("x")!) < 0.01)
        #expect(a.attributes["fill"] == Palette.black.hex && b.attributes["fill"] == Palette.vermillion.hex)
        #expect(root.elements("rect", class: "ranked").count == 1)
        #expect(Self.chart().svg() == Self.chart().svg())
    }
}
