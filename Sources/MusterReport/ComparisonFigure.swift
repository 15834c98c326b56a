import MusterCompare
import MusterModel
import MusterPlot

/// The figure of `muster compare --out`: the completion CDF of every
/// scenario and mode on one chart, drawn from the same values as
/// `completion_cdf.csv` (each replication one step; replications that never
/// completed keep a curve below 100 %).
public enum ComparisonFigure {
    public static let fileName = "completion_cdf.svg"

    /// Colour tells the scenario, the dash tells the mode (p2p dashed), so
    /// that "beilun-2019, p2p" can be found among many lines.
    public static func completionCDF(_ c: Comparison) -> String {
        var series: [LineSeries] = []
        var finite: [Double] = []
        for (i, s) in c.scenarios.enumerated() {
            for mode in c.modes {
                let values = (s.results[mode] ?? []).map(\.orderComplete)
                let sorted = values.filter(\.isFinite).sorted()
                finite += sorted
                var points: [DataPoint] = []
                if let first = sorted.first { points.append(DataPoint(x: first, y: 0)) }
                for (k, v) in sorted.enumerated() { points.append(DataPoint(x: v, y: Double(k + 1) / Double(values.count))) }
                series.append(LineSeries(name: "\(s.label), \(Presentation.modeName(mode.rawValue))",
                                         color: Palette.color(i), points: points, shape: .stepAfter,
                                         dash: mode == .p2p && c.modes.count > 1 ? "7 4" : nil, extendsToEdges: true))
            }
        }
        let scale = AxisSpec.autoScale(for: finite)
        let reps = c.replications == 1 ? "1 replication" : "\(c.replications) replications"
        return LineChart(
            id: "compare-cdf", title: "How long until the order is complete, scenario by scenario",
            caption: "Scenarios " + c.scenarios.map(\.label).joined(separator: ", ")
                + " · seed \(c.seed) · \(reps) each, paired by replication · muster \(c.musterVersion). "
                + "Each step is one replication; read across at 50 % for the medians.",
            x: AxisSpec(title: "Hours from the order to completion", unit: scale == .log10 ? "h, log scale" : "h",
                        scale: scale, includeZero: scale == .linear),
            y: AxisSpec(title: "Replications complete", unit: "%", domain: 0...1, format: .percent, maxIntervals: 5),
            series: series, guides: [HorizontalGuide(y: 0.5)]).svg()
    }
}
