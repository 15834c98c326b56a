import Foundation
import Testing
import MusterTestSupport
@testable import MusterPlot

/// Clock-time axes, against times worked out by hand.
@Suite struct ClockAxisTests {
    static let hour = 3600.0
    /// Tuesday 09:00: one day and nine hours after Monday 00:00.
    static let tuesdayNine = (24 + 9) * hour
    /// Mon–Fri 08:30–17:30.
    static let office: [Range<Double>] = (0..<5).map { d in
        let day = Double(d) * 24 * hour
        return (day + 8.5 * hour)..<(day + 17.5 * hour)
    }

    @Test func labelsCountWeekdayAndTimeFromTheStart() {
        let c = ClockAxis(startWeekSeconds: Self.tuesdayNine, shaded: [], shadedLabel: "")
        #expect(c.label(hours: 0) == "Tue 09:00")
        #expect(c.label(hours: 15) == "Wed 00:00")
        #expect(c.label(hours: 103) == "Sat 16:00")
        // A week later it is Tuesday again, and past Sunday comes Monday.
        #expect(c.label(hours: 168.5) == "Tue 09:30")
        #expect(c.label(hours: 135) == "Mon 00:00")
    }

    @Test func ticksFallOnWholeClockHours() {
        let c = ClockAxis(startWeekSeconds: Self.tuesdayNine, shaded: [], shadedLabel: "")
        // 48 h in at most 8 steps: every 6 h, at 12:00, 18:00, 00:00, 06:00.
        let ticks = c.ticks(0...48, maxTicks: 8)
        #expect(ticks.map(\.value) == [3, 9, 15, 21, 27, 33, 39, 45])
        #expect(ticks.first?.label == "Tue 12:00" && ticks.last?.label == "Thu 06:00")
    }

    @Test func aFridayAfternoonOrderShowsTheWeekendUnshaded() {
        // Friday 16:00: four days and sixteen hours after Monday 00:00.
        let c = ClockAxis(startWeekSeconds: (4 * 24 + 16) * Self.hour, shaded: Self.office, shadedLabel: "office hours")
        let spans = c.shadedHours(0...72)
        // Friday until 17:30, then nothing until Monday 08:30 (64.5 h later), until the axis ends.
        #expect(spans == [0...1.5, 64.5...72])
    }

    @Test func aLineChartOnAClockDrawsShadingAndClockTicks() throws {
        let c = ClockAxis(startWeekSeconds: Self.tuesdayNine, shaded: Self.office, shadedLabel: "office hours")
        let chart = LineChart(id: "c", title: "t", x: AxisSpec(title: "Time", includeZero: true),
                              y: AxisSpec(title: "y", domain: 0...1),
                              series: [LineSeries(name: "a", color: Palette.blue, points: [DataPoint(x: 0, y: 0), DataPoint(x: 30, y: 1)])],
                              clock: c)
        let root = try XMLTree.parse(chart.svg())
        #expect(!root.elements("rect", class: "shaded-hours").isEmpty)
        let labels = root.elements("text", class: "tick-label").map(\.text)
        #expect(labels.contains("Wed 00:00"))
    }

    @Test func medianLabelsBesideACurveNeverOverlap() throws {
        var chart = LineChartTests.twoModes()
        // Three medians within a few hours: their labels would sit on each other.
        chart.markers = [50, 51, 52].map { VerticalMarker(x: Double($0), label: "median \($0) h", color: Palette.blue, placement: .beside(y: 0.5)) }
        let root = try XMLTree.parse(chart.svg())
        let ys = root.elements("text", class: "marker-label").compactMap { $0.number("y") }.sorted()
        #expect(ys.count == 3)
        for (a, b) in zip(ys, ys.dropFirst()) { #expect(b - a >= ChartStyle().annotationSize) }
    }
}
