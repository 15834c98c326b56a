import Foundation
import MusterIncidents
import MusterIncidentsReport
import MusterModel
import MusterPlot

/// The figures of an incident run: how long incidents take to close, per
/// mode, and where they wait hour by hour — the two questions of a typhoon
/// day (is it done in time? who holds the backlog?).
public enum IncidentFigures {
    /// File stems, in the order `--out` writes them.
    public static let stems = ["incident_close_cdf", "incident_queues"]

    /// The SVGs, keyed by stem; `caption` names the scenario and seed.
    public static func render(_ s: IncidentSummary, caption: String) -> [(name: String, svg: String)] {
        [(stems[0], closeCDF(s, caption: caption).svg()), (stems[1], queues(s, caption: caption).svg())]
    }

    /// The SVG files, and a PNG of each when a converter is given and
    /// works (PNGs are a convenience: without them the SVGs are complete).
    public static func files(_ s: IncidentSummary, caption: String, converter: URL?) -> [(name: String, data: Data)] {
        let figures = render(s, caption: caption)
        var out = figures.map { ($0.name + ".svg", Data($0.svg.utf8)) }
        if let converter,
           let pngs = try? figures.map({ ($0.name + ".png", try SVGRasterizer.png(from: $0.svg, converter: converter)) }) {
            out += pngs
        }
        return out
    }

    /// Report-to-close hours against the share of incidents closed, all
    /// kinds pooled; the tightest time limit as a marker.
    static func closeCDF(_ s: IncidentSummary, caption: String) -> LineChart {
        var series: [LineSeries] = []
        var all: [Double] = []
        for mode in s.modesRun {
            guard let hours = s.modes[mode]?.closeCDF.first else { continue }
            let points = zip(IncidentSummary.cdfShares, hours).filter { $1.isFinite }.map { DataPoint(x: $1, y: $0) }
            all += points.map(\.x)
            series.append(LineSeries(name: Presentation.modeName(mode.rawValue), key: mode.rawValue,
                                     color: Presentation.modeColor(mode.rawValue), points: points))
        }
        let scale = AxisSpec.autoScale(for: all.filter { $0 > 0 })
        let markers = s.kinds.map(\.limitHours).filter(\.isFinite).sorted().prefix(1).map {
            VerticalMarker(x: $0, label: "tightest limit \(HoursText.hours($0))", color: ChartStyle().mutedTextColor,
                           dash: "2 4", placement: .abovePlot)
        }
        return LineChart(
            id: "incident-close-cdf", title: "How long incidents take to close",
            caption: caption + ". From the report to the grid member's confirmation, every incident of every "
                + "replication after the warm-up, all kinds together.",
            x: AxisSpec(title: "Hours from report to close", unit: scale == .log10 ? "h, log scale" : "h",
                        scale: scale, includeZero: scale == .linear),
            y: AxisSpec(title: "Incidents closed", unit: "%", domain: 0...1, format: .percent, maxIntervals: 5),
            series: series, markers: Array(markers), guides: [HorizontalGuide(y: 0.5)])
    }

    /// Jobs waiting at each station group over the horizon (mean across
    /// replications); colour tells the station, the dash the mode.
    static func queues(_ s: IncidentSummary, caption: String) -> LineChart {
        var series: [LineSeries] = []
        var colourOf: [String: Int] = [:]
        for mode in s.modesRun {
            guard let m = s.modes[mode] else { continue }
            for st in m.stations where st.used {
                let colour = colourOf[st.group.name] ?? colourOf.count
                colourOf[st.group.name] = colour
                let points = st.waiting.mean.enumerated().map { DataPoint(x: Double($0) * s.sampleEveryHours, y: $1) }
                series.append(LineSeries(name: "\(st.group.name), \(mode.rawValue)", color: Palette.color(colour),
                                         points: points, dash: mode == .p2p && s.modesRun.count > 1 ? "7 4" : nil))
            }
        }
        return LineChart(
            id: "incident-queues", title: "Where incidents wait, hour by hour",
            caption: caption + ". Jobs waiting for a handler at each level or department (all its units together), "
                + "the mean over replications at each sampled hour; dashed: point-to-point.",
            x: AxisSpec(title: "Hours since the start", unit: "h", includeZero: true),
            y: AxisSpec(title: "Jobs waiting", includeZero: true),
            series: series)
    }
}
