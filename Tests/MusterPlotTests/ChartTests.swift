import Foundation
import Testing
import MusterTestSupport
@testable import MusterPlot

/// Charts are checked as a reader of the SVG would: parse it, find the
/// series by class and id, and measure where things were drawn.
@Suite struct LineChartTests {
    static func twoModes(markers: [VerticalMarker] = []) -> LineChart {
        LineChart(
            id: "cdf", title: "Order complete <by> mode & \"seed\"", caption: "Scenario t · seed 7",
            x: AxisSpec(title: "Hours", unit: "h", scale: .auto),
            y: AxisSpec(title: "Replications", unit: "%", domain: 0...1, format: .percent, maxIntervals: 5),
            series: [
                LineSeries(name: "Tiered relay", key: "tiered", color: Palette.vermillion,
                           points: [DataPoint(x: 50, y: 0), DataPoint(x: 50, y: 0.5), DataPoint(x: 60, y: 1)],
                           shape: .stepAfter, extendsToEdges: true),
                LineSeries(name: "Point-to-point", key: "p2p", color: Palette.blue,
                           points: [DataPoint(x: 4, y: 0), DataPoint(x: 4, y: 0.5), DataPoint(x: 6, y: 1)],
                           shape: .stepAfter, extendsToEdges: true),
            ],
            markers: markers)
    }

    @Test func svgParsesAndHoldsOnePathPerSeries() throws {
        let root = try XMLTree.parse(Self.twoModes().svg())
        #expect(root.name == "svg")
        #expect(root.attributes["width"] == "800" && root.attributes["viewBox"] == "0 0 800 480")
        let series = root.elements("path", class: "series")
        #expect(series.map { $0.attributes["id"] } == ["cdf-series-tiered", "cdf-series-p2p"])
        #expect(series.map { $0.attributes["stroke"] } == ["#D55E00", "#0072B2"])
        // Title and caption survive escaping unchanged.
        #expect(root.elements("title").first?.text == "Order complete <by> mode & \"seed\"")
        #expect(root.elements("text", class: "chart-title").first?.text == "Order complete <by> mode & \"seed\"")
        #expect(root.element(id: "cdf-legend")?.elements("text").map(\.text) == ["Tiered relay", "Point-to-point"])
        #expect(root.elements("text", class: "axis-title").map(\.text) == ["Replications (%)", "Hours (h)"])
        #expect(root.all.contains { $0.text == "Scenario t · seed 7" })
    }

    @Test func anOrderOfMagnitudeApartGivesALogAxis() throws {
        // 4…60 h: a ratio of 15, so log10 with ticks 2, 5, 10, 20, 50, 100.
        let chart = Self.twoModes()
        #expect(chart.axes.x.scale == .log10)
        let labels = try XMLTree.parse(chart.svg()).element(id: "cdf-x-axis")!.elements("text", class: "tick-label").map(\.text)
        #expect(labels == ["2", "5", "10", "20", "50", "100"])
        // Within a factor of ten: linear.
        var near = chart
        near.series[1].points = near.series[1].points.map { DataPoint(x: $0.x + 20, y: $0.y) }
        #expect(near.axes.x.scale == .linear)
    }

    @Test func pointsLandWhereTheAxesSay() throws {
        // Fixed domains: (0, 0) is the plot's lower-left corner, (10, 1) its upper right.
        let chart = LineChart(id: "t", title: "t", x: AxisSpec(title: "x", domain: 0...10),
                              y: AxisSpec(title: "y", domain: 0...1),
                              series: [LineSeries(name: "a", color: Palette.blue,
                                                  points: [DataPoint(x: 0, y: 0), DataPoint(x: 5, y: 0.25), DataPoint(x: 10, y: 1)])])
        let root = try XMLTree.parse(chart.svg())
        let clip = try #require(root.element(id: "t-plot-area")?.elements("rect").first)
        let (x, y, w, h) = (clip.number("x")!, clip.number("y")!, clip.number("width")!, clip.number("height")!)
        let d = try #require(root.element(id: "t-series-a")?.attributes["d"])
        let cmds = pathCommands(d)
        #expect(cmds.map(\.0) == ["M", "L", "L"])
        func near(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 0.01 }
        #expect(near(cmds[0].1[0], x) && near(cmds[0].1[1], y + h))
        #expect(near(cmds[1].1[0], x + w / 2) && near(cmds[1].1[1], y + h * 0.75))
        #expect(near(cmds[2].1[0], x + w) && near(cmds[2].1[1], y))
    }

    @Test func logPositionsAreProportionalToTheLogarithm() throws {
        let chart = LineChart(id: "t", title: "t", x: AxisSpec(title: "x", scale: .log10, domain: 1...100),
                              y: AxisSpec(title: "y", domain: 0...1),
                              series: [LineSeries(name: "a", color: Palette.blue,
                                                  points: [DataPoint(x: 1, y: 0), DataPoint(x: 10, y: 0), DataPoint(x: 0, y: 1)])])
        let root = try XMLTree.parse(chart.svg())
        let clip = try #require(root.element(id: "t-plot-area")?.elements("rect").first)
        let cmds = pathCommands(try #require(root.element(id: "t-series-a")?.attributes["d"]))
        // 10 is half-way along a 1…100 log axis; x = 0 cannot be drawn and is left out.
        #expect(cmds.count == 2)
        #expect(abs(cmds[1].1[0] - (clip.number("x")! + clip.number("width")! / 2)) <= 0.01)
    }

    @Test func aStepSeriesHoldsEachValueUntilTheNextAndReachesTheEdges() throws {
        let root = try XMLTree.parse(Self.twoModes().svg())
        let clip = try #require(root.element(id: "cdf-plot-area")?.elements("rect").first)
        let cmds = pathCommands(try #require(root.element(id: "cdf-series-p2p")?.attributes["d"]))
        // From the left edge at 0 %, across to 4 h, up to 50 %, across to 6 h, up to 100 %, on to the right edge.
        #expect(cmds.map(\.0) == ["M", "H", "H", "V", "H", "V", "H"])
        #expect(abs(cmds[0].1[0] - clip.number("x")!) <= 0.01)
        #expect(abs(cmds.last!.1[0] - (clip.number("x")! + clip.number("width")!)) <= 0.01)
    }

    @Test func bandsAndMarkersAreDrawn() throws {
        var chart = Self.twoModes(markers: [VerticalMarker(x: 55, label: "median 55 h", color: Palette.vermillion,
                                                           placement: .beside(y: 0.5)),
                                            VerticalMarker(x: 24, label: "1 day", color: Palette.black, placement: .abovePlot)])
        chart.series[0].band = [BandPoint(x: 50, low: 0, high: 0.2), BandPoint(x: 60, low: 0.8, high: 1)]
        let root = try XMLTree.parse(chart.svg())
        let band = try #require(root.element(id: "cdf-band-tiered"))
        #expect(band.attributes["fill"] == "#D55E00")
        #expect(pathCommands(band.attributes["d"]!).map(\.0) == ["M", "L", "L", "L", "Z"])
        #expect(root.elements("line", class: "marker").compactMap { $0.attributes["data-x"] } == ["55", "24"])
        #expect(root.elements("text", class: "marker-label").map(\.text) == ["median 55 h", "1 day"])
        // The legend shows a band behind the tiered key only.
        #expect(root.element(id: "cdf-legend")!.elements("rect").count == 1)
    }

    @Test func labelsAboveThePlotThatWouldTouchAreLeftOut() throws {
        let chart = Self.twoModes(markers: [VerticalMarker(x: 24, label: "1 day", color: Palette.black, placement: .abovePlot),
                                            VerticalMarker(x: 25, label: "close by", color: Palette.black, placement: .abovePlot),
                                            VerticalMarker(x: 48, label: "2 days", color: Palette.black, placement: .abovePlot)])
        let root = try XMLTree.parse(chart.svg())
        #expect(root.elements("line", class: "marker").count == 3)
        #expect(root.elements("text", class: "marker-label").map(\.text) == ["1 day", "2 days"])
    }

    @Test func sameChartSameBytes() {
        #expect(Self.twoModes().svg() == Self.twoModes().svg())
    }

    /// Plain decimals with at most two places: no exponent, no -0, no NaN.
    static func isFixed(_ s: Substring) -> Bool {
        let body = s.hasPrefix("-") ? s.dropFirst() : s
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return false }
        return s != "-0" && (parts.count == 1 || (1...2).contains(parts[1].count) && parts[1].last != "0")
    }

    @Test func everyCoordinateIsAPlainFixedDecimal() throws {
        let root = try XMLTree.parse(Self.twoModes(markers: [VerticalMarker(x: 55, label: "m", color: Palette.black)]).svg())
        var checked = 0
        for e in root.all {
            for key in ["x", "y", "x1", "y1", "x2", "y2", "width", "height", "cx", "cy", "r"] {
                guard let v = e.attributes[key] else { continue }
                #expect(Self.isFixed(Substring(v)), "\(e.name) \(key)=\(v)")
                checked += 1
            }
            if let d = e.attributes["d"] {
                for token in d.split(separator: " ") {
                    let number = token.first!.isLetter ? token.dropFirst() : token
                    if !number.isEmpty { #expect(Self.isFixed(number), "d token \(token)"); checked += 1 }
                }
            }
        }
        #expect(checked > 100)
        #expect(!Self.isFixed("1e-05") && !Self.isFixed("-0") && !Self.isFixed("1.50") && Self.isFixed("-12.5"))
    }

    @Test func nonFinitePointsBreakTheLine() throws {
        let chart = LineChart(id: "t", title: "t", x: AxisSpec(title: "x"), y: AxisSpec(title: "y"),
                              series: [LineSeries(name: "a", color: Palette.blue,
                                                  points: [DataPoint(x: 0, y: 0), DataPoint(x: 1, y: .nan),
                                                           DataPoint(x: 2, y: 1), DataPoint(x: 3, y: 2)])])
        let cmds = pathCommands(try #require(try XMLTree.parse(chart.svg()).element(id: "t-series-a")?.attributes["d"]))
        #expect(cmds.map(\.0) == ["M", "M", "L"])
    }
}

@Suite struct ResponseCurveTests {
    /// The sweep's chart: x a parameter, y hours, one line per mode with its CI band.
    static let chart = ResponseCurveChart.make(
        id: "sweep", title: "Order completion against volunteers per micro-grid", caption: "sweep t",
        parameter: AxisSpec(title: "Volunteers per micro-grid"),
        response: AxisSpec(title: "Order complete, mean", unit: "h", includeZero: true),
        series: [
            ResponseSeries(name: "Tiered relay", key: "tiered", color: Palette.vermillion, points: [
                ResponsePoint(parameter: 6, value: 52, low: 51, high: 53), ResponsePoint(parameter: 0, value: 60, low: 58, high: 62),
                ResponsePoint(parameter: 3, value: 55, low: 54, high: 56), ResponsePoint(parameter: 9, value: 51, low: 50, high: 52)]),
            ResponseSeries(name: "Point-to-point", key: "p2p", color: Palette.blue, points: [
                ResponsePoint(parameter: 0, value: 12, low: 11, high: 13), ResponsePoint(parameter: 3, value: 8, low: 7.5, high: 8.5),
                ResponsePoint(parameter: 6, value: 6, low: 5.8, high: 6.2), ResponsePoint(parameter: 9, value: 5, low: 4.9, high: 5.1)]),
        ])

    @Test func oneLineBandAndDotPerMeasuredPointForEachSeries() throws {
        let root = try XMLTree.parse(Self.chart.svg())
        #expect(root.elements("path", class: "series").map { $0.attributes["id"] } == ["sweep-series-tiered", "sweep-series-p2p"])
        #expect(root.elements("path", class: "band").map { $0.attributes["id"] } == ["sweep-band-tiered", "sweep-band-p2p"])
        let dots = root.elements("circle", class: "point")
        #expect(dots.filter { $0.attributes["data-series"] == "tiered" }.count == 4)
        #expect(dots.filter { $0.attributes["data-series"] == "p2p" }.count == 4)
    }

    @Test func pointsAreJoinedInParameterOrder() throws {
        let root = try XMLTree.parse(Self.chart.svg())
        let xs = pathCommands(try #require(root.element(id: "sweep-series-tiered")?.attributes["d"])).map { $0.1[0] }
        #expect(xs == xs.sorted() && xs.count == 4)
        // y: hours from zero.
        #expect(Self.chart.axes.y.domain.lowerBound == 0)
        #expect(root.elements("text", class: "axis-title").map(\.text) == ["Order complete, mean (h)", "Volunteers per micro-grid"])
    }
}

@Suite struct StackedBarChartTests {
    static func chart(_ orientation: BarOrientation) -> StackedBarChart {
        StackedBarChart(id: "phases", title: "Where the time goes", categories: ["Tiered relay", "Point-to-point"],
                        segments: [BarSegment(name: "Relay down", color: Palette.orange),
                                   BarSegment(name: "Field work", color: Palette.bluishGreen)],
                        values: [[20, 30], [1, 4]],
                        valueAxis: AxisSpec(title: "Hours", unit: "h"), orientation: orientation, valueUnit: "h")
    }

    @Test func horizontalSegmentsAreProportionalAndStacked() throws {
        let root = try XMLTree.parse(Self.chart(.horizontal).svg())
        let segs = root.elements("rect", class: "segment")
        #expect(segs.count == 4)
        #expect(segs.map { $0.attributes["data-segment"] } == ["Relay down", "Field work", "Relay down", "Field work"])
        let w = segs.map { $0.number("width")! }
        // 20 h : 30 h on one bar, and 50 h spans the whole plot (axis 0…50).
        let clip = try #require(root.element(id: "phases-plot-area")?.elements("rect").first)
        #expect(abs(w[0] / w[1] - 20.0 / 30) < 1e-3)
        #expect(abs(w[0] + w[1] - clip.number("width")!) < 0.02)
        #expect(abs(segs[1].number("x")! - (segs[0].number("x")! + w[0])) < 0.02)
        #expect(root.elements("text", class: "total").map(\.text) == ["50.0 h", "5.0 h"])
        #expect(root.elements("text", class: "category-label").map(\.text) == ["Tiered relay", "Point-to-point"])
    }

    @Test func verticalBarsGrowUpwardsFromTheAxis() throws {
        let root = try XMLTree.parse(Self.chart(.vertical).svg())
        let segs = root.elements("rect", class: "segment")
        let clip = try #require(root.element(id: "phases-plot-area")?.elements("rect").first)
        let bottom = clip.number("y")! + clip.number("height")!
        // The first segment sits on the axis; the second on top of it.
        #expect(abs(segs[0].number("y")! + segs[0].number("height")! - bottom) < 0.02)
        #expect(abs(segs[1].number("y")! + segs[1].number("height")! - segs[0].number("y")!) < 0.02)
        #expect(abs(segs[0].number("height")! / segs[1].number("height")! - 20.0 / 30) < 1e-3)
    }

    @Test func valuesThatDoNotFitAreNotWrittenOnTheBar() throws {
        let root = try XMLTree.parse(Self.chart(.horizontal).svg())
        // "1.0 h" cannot fit in a 1-hour sliver of a 50-hour axis.
        let labels = root.elements("text", class: "segment-label").map(\.text)
        #expect(labels.contains("20.0 h") && labels.contains("30.0 h") && !labels.contains("1.0 h"))
    }
}

@Suite struct HistogramChartTests {
    static let bins = [Bin(lo: 0, hi: 1, value: 2), Bin(lo: 1, hi: 2, value: 4), Bin(lo: 3, hi: 4, value: 1)]

    @Test func overlaidSeriesHaveTheirBinsAndAnOutline() throws {
        let chart = HistogramChart(id: "h", title: "h", x: AxisSpec(title: "Hours", unit: "h"),
                                   y: AxisSpec(title: "Count"),
                                   series: [HistogramSeries(name: "Tiered relay", key: "tiered", color: Palette.vermillion, bins: Self.bins),
                                            HistogramSeries(name: "Point-to-point", key: "p2p", color: Palette.blue,
                                                            bins: [Bin(lo: 0.5, hi: 1.5, value: 3)])])
        let root = try XMLTree.parse(chart.svg())
        #expect(root.element(id: "h-bins-tiered")?.elements("rect", class: "bin").count == 3)
        #expect(root.element(id: "h-bins-p2p")?.elements("rect", class: "bin").count == 1)
        #expect(root.elements("path", class: "series").map { $0.attributes["id"] } == ["h-series-tiered", "h-series-p2p"])
        // The outline drops to the axis at the gap between 2 and 3.
        let cmds = pathCommands(root.element(id: "h-series-tiered")!.attributes["d"]!)
        #expect(cmds.map(\.0) == ["M", "V", "H", "V", "H", "V", "M", "V", "H", "V"])
        #expect(chart.axes.y.domain.lowerBound == 0)
    }

    @Test func sideBySideSplitsEachBin() throws {
        let chart = HistogramChart(id: "h", title: "h", x: AxisSpec(title: "x", domain: 0...4), y: AxisSpec(title: "y"),
                                   series: [HistogramSeries(name: "a", color: Palette.blue, bins: Self.bins),
                                            HistogramSeries(name: "b", color: Palette.orange, bins: Self.bins)],
                                   layout: .sideBySide)
        let root = try XMLTree.parse(chart.svg())
        let clip = try #require(root.element(id: "h-plot-area")?.elements("rect").first)
        let a = root.element(id: "h-bins-a")!.elements("rect"), b = root.element(id: "h-bins-b")!.elements("rect")
        let binWidth = clip.number("width")! / 4
        #expect(abs(a[0].number("width")! - binWidth / 2) < 0.02)
        #expect(abs(b[0].number("x")! - (a[0].number("x")! + binWidth / 2)) < 0.02)
    }
}
