import MusterPlot

/// The four figures of a run, each answering one question a planner asks.
struct RunFigures {
    let data: RunData
    var options = ReportOptions()

    /// The clock of the x axes when clock time is asked for and known.
    private var clock: ClockAxis? { options.clockTime ? data.clock : nil }

    /// A caption with the clock's note when the axes are clock time.
    private func withClock(_ caption: String) -> String {
        guard let clock else { return caption }
        return caption + " " + RunClock.note(clock)
    }

    /// A rendered figure: file stem, SVG markup, and how to read it.
    struct Figure {
        let name: String
        let svg: String
        let guide: String
    }

    /// The figures in report order.
    var all: [Figure] {
        [Figure(name: "completion_cdf", svg: completionCDF().svg(),
                guide: "Read across at 50 % for the median and at 90 % for the time by which nine replications in ten "
                    + "are complete. The further left a curve, the sooner the order is done; the steeper, the more predictable."),
         Figure(name: "coverage", svg: coverage().svg(),
                guide: "How much of the door-to-door work is done at each hour since the order. The band shows how much "
                    + "this varies from one replication to another."),
         Figure(name: "phases", svg: phases().svg(),
                guide: "What the mean completion time is made of. Waiting for office hours is time in which the order "
                    + "lies on a desk: nobody can work on it."),
         Figure(name: "microgrid_done", svg: microgridDone().svg(),
                guide: "How spread out the finishing times of single micro-grids are. A narrow peak means the teams "
                    + "finish at about the same time; a long tail means a few teams hold the whole order up.")]
            + (data.bottlenecks.isEmpty ? [] : [
                Figure(name: "bottlenecks", svg: bottlenecks().svg(),
                       guide: "Where to act: the darker a unit, the more often its report was the last one its parent "
                           + "waited for. Compare the modes: in tiered relay the office-hours chain decides, "
                           + "in point-to-point the largest or slowest teams.")])
    }

    static let titles = (cdf: "How long until the order is complete",
                         coverage: "Households visited, hour by hour",
                         phases: "Where the time goes",
                         histogram: "When micro-grids finish their households")

    /// "Scenario beilun · seed 20200601 · 200 replications · muster 0.1.0".
    var runLine: String {
        let reps = data.replications == 1 ? "1 replication" : "\(data.replications) replications"
        return "Scenario \(data.scenario) · seed \(data.seed) · \(reps) · muster \(data.musterVersion)"
    }

    /// Vertical day lines (24 h, 48 h, …) up to the last data, for axes that
    /// reach past a day: the unit a committee thinks in.
    private func dayMarkers(upTo end: Double) -> [VerticalMarker] {
        // On a clock axis the ticks name the days already.
        guard clock == nil, end.isFinite, end >= 24 else { return [] }
        // Past a month of days, weekly lines; past half a year, none (the
        // axis ticks say enough, and thousands of lines would say nothing).
        let days = end / 24
        guard days <= 182 else { return [] }
        let step = days <= 31 ? 1 : 7
        return stride(from: step, through: Int(days), by: step).map { d in
            VerticalMarker(x: Double(24 * d), label: d == 1 ? "1 day" : "\(d) days",
                           color: ChartStyle().mutedTextColor, dash: "2 4", placement: .abovePlot)
        }
    }

    /// The empirical CDF of order completion, one step per replication, per
    /// mode; medians marked. Log hours when the modes are an order of
    /// magnitude apart.
    func completionCDF() -> LineChart {
        let finite = data.modes.flatMap { $0.orderValues.filter(\.isFinite) }
        // A clock reads left to right in time: never a log scale.
        let scale = clock == nil ? AxisSpec.autoScale(for: finite) : .linear
        var series: [LineSeries] = []
        var markers: [VerticalMarker] = []
        var neverDone: [String] = []
        for m in data.modes {
            let values = m.orderValues.filter(\.isFinite).sorted()
            let total = Double(m.orderValues.count)
            var points: [DataPoint] = []
            if let first = values.first { points.append(DataPoint(x: first, y: 0)) }
            for (i, v) in values.enumerated() { points.append(DataPoint(x: v, y: Double(i + 1) / total)) }
            series.append(LineSeries(name: Presentation.modeName(m.mode), key: m.mode, color: Presentation.modeColor(m.mode),
                                     points: points, shape: .stepAfter, extendsToEdges: true))
            if m.order.p50.isFinite {
                markers.append(VerticalMarker(x: m.order.p50, label: "median \(HoursText.hours(m.order.p50))",
                                              color: Presentation.modeColor(m.mode), placement: .beside(y: 0.5)))
            }
            let missing = m.orderValues.count - values.count
            if missing > 0 { neverDone.append("\(Presentation.modeName(m.mode)): \(missing) never completed") }
        }
        markers += dayMarkers(upTo: finite.max() ?? 0)
        let note = "Each step is one replication: the share of replications in which the whole order was complete "
            + "(every micro-grid done and reported to the top) by that hour."
            + (neverDone.isEmpty ? "" : " " + neverDone.joined(separator: "; ") + " (the curve stops short of 100 %).")
        return LineChart(
            id: "completion-cdf", title: Self.titles.cdf, caption: withClock(runLine + ". " + note),
            x: clock == nil ? AxisSpec(title: "Hours from the order to completion", unit: scale == .log10 ? "h, log scale" : "h",
                                       scale: scale, includeZero: scale == .linear)
                : AxisSpec(title: "Order complete at", includeZero: true),
            y: AxisSpec(title: "Replications complete", unit: "%", domain: 0...1, format: .percent, maxIntervals: 5),
            series: series, markers: markers, guides: [HorizontalGuide(y: 0.5)], clock: clock)
    }

    /// The coverage curve: median share of households visited, with the
    /// 10–90 % band across replications.
    func coverage() -> LineChart {
        var series: [LineSeries] = []
        var end = 0.0
        for m in data.modes {
            series.append(LineSeries(
                name: Presentation.modeName(m.mode), key: m.mode, color: Presentation.modeColor(m.mode),
                points: m.coverage.map { DataPoint(x: $0.hour, y: $0.median) },
                band: m.coverage.map { BandPoint(x: $0.hour, low: $0.p10, high: $0.p90) }))
            end = max(end, m.coverage.last?.hour ?? 0)
        }
        return LineChart(
            id: "coverage", title: Self.titles.coverage,
            caption: withClock(runLine + ". Line: the median replication; coloured band: 10 % to 90 % of replications."),
            x: clock == nil ? AxisSpec(title: "Hours since the order", unit: "h", includeZero: true)
                : AxisSpec(title: "Time", includeZero: true),
            y: AxisSpec(title: "Households visited", unit: "%", domain: 0...1, format: .percent, maxIntervals: 5),
            series: series, markers: dayMarkers(upTo: end), clock: clock)
    }

    /// Where the time goes: mean hours per micro-grid in each phase, stacked.
    func phases() -> StackedBarChart {
        var names: [String] = []
        for m in data.modes { for p in m.phases where !names.contains(p.name) { names.append(p.name) } }
        let values = data.modes.map { m in
            names.map { name in m.phases.first { $0.name == name }?.hours ?? 0 }
        }
        return StackedBarChart(
            id: "phases", title: Self.titles.phases + ": mean hours per micro-grid",
            caption: runLine + ". For each micro-grid, from the order until the top knows the whole order is done; "
                + "the phases add up to the mean order completion. Relay down: handling and calls down the levels "
                + "(tiered) or acknowledging the push (point-to-point). Waiting for office hours: relay work waiting for "
                + "an office to open. Field work: first team person active to the last household. Reports up: "
                + "aggregation up the levels and waiting for slower micro-grids.",
            categories: data.modes.map { Presentation.modeShortName($0.mode) },
            segments: names.enumerated().map { BarSegment(name: Presentation.phaseName($1), color: Presentation.phaseColor($1, index: $0)) },
            values: values,
            valueAxis: AxisSpec(title: "Mean hours per micro-grid", unit: "h", includeZero: true),
            orientation: .horizontal, valueUnit: "h", valueDecimals: 1,
            style: ChartStyle.sized(width: 800, height: 400))
    }

    /// The distribution of micro-grid completion times, pooled over all
    /// micro-grids of all replications, as a density so that modes binned
    /// at different widths compare by area.
    func microgridDone() -> HistogramChart {
        var series: [HistogramSeries] = []
        var markers: [VerticalMarker] = []
        for m in data.modes {
            let total = m.histogram.reduce(0.0) { $0 + Double($1.count) }
            let bins = m.histogram.map { b in
                Bin(lo: b.lo, hi: b.hi, value: total > 0 && b.hi > b.lo ? Double(b.count) / total / (b.hi - b.lo) : 0)
            }
            series.append(HistogramSeries(name: Presentation.modeName(m.mode), key: m.mode,
                                          color: Presentation.modeColor(m.mode), bins: bins))
            if m.microgridDone.p50.isFinite {
                markers.append(VerticalMarker(x: m.microgridDone.p50,
                                              label: "\(Presentation.modeShortName(m.mode)) median \(HoursText.hours(m.microgridDone.p50))",
                                              color: Presentation.modeColor(m.mode)))
            }
        }
        return HistogramChart(
            id: "microgrid-done", title: Self.titles.histogram,
            caption: withClock(runLine + ". Every micro-grid of every replication; bar height is the share of micro-grids "
                + "finishing per hour, so the area of each mode's bars is 100 %."),
            x: clock == nil ? AxisSpec(title: "Hours since the order", unit: "h", includeZero: true)
                : AxisSpec(title: "Time", includeZero: true),
            y: AxisSpec(title: "Micro-grids finishing", unit: "% per hour", format: .percent, maxIntervals: 6),
            series: series, layout: .overlaid(opacity: 0.45), markers: markers, clock: clock)
    }
}
