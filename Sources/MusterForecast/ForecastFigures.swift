import Foundation
import MusterPlot

/// The forecast's figures (docs/reference/forecast.md), drawn by MusterPlot
/// against clock time.
extension ForecastSummary {
    /// Micro-grids done: the log's progress up to `now`, then the forecast
    /// mean with its 10–90 % band, and the total to reach.
    public func progressFigure() -> String {
        var so = [DataPoint(x: 0, y: 0)]
        for (i, t) in doneTimes.enumerated() { so.append(DataPoint(x: t, y: Double(i + 1))) }
        so.append(DataPoint(x: now, y: Double(doneTimes.count)))
        let ahead = LineSeries(name: "forecast (mean, 10–90 % band)", key: "forecast", color: Palette.vermillion,
                               points: hourly.map { DataPoint(x: $0.hour, y: $0.mean) },
                               band: hourly.map { BandPoint(x: $0.hour, low: $0.p10, high: $0.p90) })
        let seen = LineSeries(name: "log so far", key: "log", color: Palette.blue, points: so, shape: .stepAfter)
        let chart = LineChart(
            id: "forecast-progress", title: "Micro-grids done: the log so far, then the forecast",
            caption: "\(scenario), \(mode.rawValue), forecast at \(clock(now)) from \(replications) replications (seed \(seed)); "
                + "order complete p10 / p50 / p90: \(clock(orderComplete.p10)) / \(clock(orderComplete.p50)) / \(clock(orderComplete.p90))",
            x: AxisSpec(title: "Time", unit: nil, includeZero: true),
            y: AxisSpec(title: "Micro-grids done", includeZero: true),
            series: [seen, ahead],
            markers: [VerticalMarker(x: now, label: "now", color: Palette.black),
                      VerticalMarker(x: lastDone.p50, label: "last done p50", color: Palette.vermillion)],
            guides: [HorizontalGuide(y: Double(microgrids), label: "\(microgrids) micro-grids")],
            clock: ClockAxis(startWeekSeconds: start.seconds, shaded: [], shadedLabel: ""))
        return chart.svg()
    }
}

/// The replay figure: at each moment of a finished order, the forecast
/// of its last micro-grid done (median and 10–90 % band) against the
/// time it really finished.
public enum ReplayFigure {
    public static func svg(points: [ReplayPoint], actual: Double, scenario: String, modeName: String,
                           start: Double, replications: Int, seed: UInt64) -> String {
        let band = points.map { BandPoint(x: $0.now, low: $0.lastDone.p10, high: $0.lastDone.p90) }
        let median = LineSeries(name: "forecast of the last micro-grid done (p50, 10–90 % band)", key: "forecast",
                                color: Palette.vermillion, points: points.map { DataPoint(x: $0.now, y: $0.lastDone.p50) },
                                band: band, showsPoints: true)
        let diagonal = LineSeries(name: "now", key: "now", color: Palette.black,
                                  points: [DataPoint(x: 0, y: 0), DataPoint(x: points.last?.now ?? 0, y: points.last?.now ?? 0)],
                                  dash: "2 3")
        let chart = LineChart(
            id: "forecast-replay", title: "What the forecast said hour by hour, against when the order was done",
            caption: "\(scenario), \(modeName), \(replications) replications per forecast (seed \(seed)); "
                + "the horizontal line is the log's last micro-grid done",
            x: AxisSpec(title: "Forecast made at (hours since issue)", unit: "h", includeZero: true),
            y: AxisSpec(title: "Forecast completion (hours since issue)", unit: "h", includeZero: true),
            series: [median, diagonal],
            guides: [HorizontalGuide(y: actual, label: "done: \(String(format: "%.1f", actual)) h")])
        return chart.svg()
    }
}

/// The coverage study's figure: the share of 80 % intervals that cover
/// the true completion at each cut, with the range consistent with 80 %.
public enum CoverageFigure {
    public static func svg(rows: [(mode: String, rows: [ForecastCalibration.Row])], caption: String) -> String {
        var series: [LineSeries] = []
        for (i, m) in rows.enumerated() {
            let color = Palette.series[i % Palette.series.count]
            series.append(LineSeries(
                name: "\(m.mode): last micro-grid done", key: "\(m.mode)-last", color: color,
                points: m.rows.map { DataPoint(x: 100 * $0.fraction, y: 100 * Double($0.coveredLastDone) / Double(max($0.cases, 1))) },
                band: m.rows.map { BandPoint(x: 100 * $0.fraction, low: 100 * Double($0.acceptLow) / Double(max($0.cases, 1)),
                                             high: 100 * Double($0.acceptHigh) / Double(max($0.cases, 1))) },
                showsPoints: true))
            series.append(LineSeries(
                name: "\(m.mode): order complete", key: "\(m.mode)-order", color: color,
                points: m.rows.map { DataPoint(x: 100 * $0.fraction, y: 100 * Double($0.coveredOrderComplete) / Double(max($0.cases, 1))) },
                dash: "5 3", showsPoints: true))
        }
        let chart = LineChart(
            id: "forecast-coverage", title: "How often the 80 % forecast interval covers the true completion",
            caption: caption + "; band: the counts consistent with 80 % (central 95 % of the binomial)",
            x: AxisSpec(title: "Micro-grids done when the forecast is made", unit: "%", domain: 20...80),
            y: AxisSpec(title: "Intervals covering the truth", unit: "%", domain: 50...100),
            series: series, guides: [HorizontalGuide(y: 80, label: "80 %")])
        return chart.svg()
    }
}
