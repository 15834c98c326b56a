import MusterCompare
import MusterModel
import MusterPlot

/// The figure of `muster compare --out`: the completion CDF of every
/// scenario and mode on one chart, drawn from the same values as
/// `completion_cdf.csv` (each replication one step; replications that never
/// completed keep a curve below 100 %).
public enum ComparisonFigure {
    public static let fileName = "completion_cdf.svg"

    /// Line styles that tell scenarios apart: solid, dashed, dotted, …
    /// Colour is kept for the mode, as in every figure of Muster.
    public static let dashes: [String?] = [nil, "9 5", "2 4", "12 4 2 4", "5 3", "1 6"]

    /// The dash of the `i`-th scenario.
    public static func dash(_ i: Int) -> String? { dashes[i % dashes.count] }

    /// Colour tells the mode (the same colours as a run's figures), the
    /// line style tells the scenario, so "beilun-2019, p2p" is the blue
    /// dashed line however many scenarios there are. With `clock`, hours
    /// read as weekday and time from the order's issue.
    public static func completionCDF(_ c: Comparison, clock: ClockAxis? = nil) -> String {
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
                                         color: Presentation.modeColor(mode.rawValue), points: points, shape: .stepAfter,
                                         dash: dash(i), extendsToEdges: true))
            }
        }
        let scale = clock == nil ? AxisSpec.autoScale(for: finite) : .linear
        let reps = c.replications == 1 ? "1 replication" : "\(c.replications) replications"
        var caption = "Scenarios " + c.scenarios.map(\.label).joined(separator: ", ")
            + " · seed \(c.seed) · \(reps) each, paired by replication · muster \(c.musterVersion). "
            + "Each step is one replication; read across at 50 % for the medians. Colour: the mode; line style: the scenario."
        if let clock { caption += " " + RunClock.note(clock) }
        return LineChart(
            id: "compare-cdf", title: "How long until the order is complete, scenario by scenario",
            caption: caption,
            x: clock == nil ? AxisSpec(title: "Hours from the order to completion", unit: scale == .log10 ? "h, log scale" : "h",
                                       scale: scale, includeZero: scale == .linear)
                : AxisSpec(title: "Order complete at", includeZero: true),
            y: AxisSpec(title: "Replications complete", unit: "%", domain: 0...1, format: .percent, maxIntervals: 5),
            series: series, guides: [HorizontalGuide(y: 0.5)], clock: clock).svg()
    }
}
