import MusterOptimize
import MusterPlot

/// The figure of `muster optimize --out`: the response at every probed
/// value with its interval, the target as a horizontal line and the answer
/// as a vertical one.
public enum OptimizeFigure {
    public static let stem = "optimize"

    public static func svg(_ report: OptimizeReport) -> String {
        let a = report.answer
        let points = a.probes.filter { $0.interval.estimate.isFinite }.map { p in
            ResponsePoint(parameter: p.value, value: p.interval.estimate,
                          low: p.interval.low.isFinite ? p.interval.low : p.interval.estimate,
                          high: p.interval.high.isFinite ? p.interval.high : p.interval.estimate)
        }
        let t = report.target
        let unit = t.measure.isTime ? "h" : nil
        let series = ResponseSeries(name: "\(t.mode.rawValue) \(t.measure.rawValue) \(t.statistic.name)",
                                    color: Presentation.modeColor(t.mode.rawValue), points: points)
        var markers: [VerticalMarker] = []
        if let v = a.value {
            markers.append(VerticalMarker(x: v, label: "answer \(report.range.text(v))", color: Palette.black,
                                          dash: "6 4", placement: .abovePlot))
        }
        let outcome: String
        switch a.outcome {
        case .found: outcome = "the \(report.goal.rawValue) value meeting the target"
        case .metAtFirst: outcome = "met at the first value of the range"
        case .unreachable: outcome = "unreachable in the range"
        }
        let caption = "Probed values only (a bisection), joined by lines; the band is each probe's interval at "
            + NumberWords.trimmed((a.lookLevel * 1000).rounded() / 10) + " % each, so that all decisions together "
            + "hold at \(NumberWords.trimmed(a.confidence * 100)) %. \(a.replicationsSpent) replications "
            + "(a grid of \(a.candidates) values: \(a.gridEquivalent)). Scenario \(report.scenario)."
        let chart = ResponseCurveChart.make(
            id: stem, title: "\(report.range.path): \(outcome)", caption: caption,
            parameter: AxisSpec(title: report.range.path, domain: report.range.low...report.range.high),
            response: AxisSpec(title: "\(t.mode.rawValue) \(t.measure.rawValue.replacingOccurrences(of: "_", with: " ")) \(t.statistic.name)",
                               unit: unit, includeZero: true),
            series: [series])
        var withTarget = chart
        withTarget.markers = markers
        withTarget.guides = [HorizontalGuide(y: t.value, label: "target \(t.relation.rawValue) \(t.valueText)")]
        return withTarget.svg()
    }
}
