import MusterPlot
import MusterSelect

/// The figure of `muster select --out`: candidates ranked with their
/// estimates and intervals over the indifference zone next to the
/// selected one, and below, how many replications each got before it was
/// eliminated (or the procedure stopped).
public enum SelectFigure {
    public static let stem = "select"

    public static func svg(_ report: SelectionReport) -> String {
        let a = report.answer
        let ranked = report.ranking
        let categories = ranked.enumerated().map { rank, r in "\(rank + 1). \(report.labels[r.index])" }
        let rowHeight = 34.0
        let height = max(260, 170 + rowHeight * Double(ranked.count))
        let style = ChartStyle.sized(width: 900, height: height)
        let unit = report.isTime ? "h" : nil
        let kept: (CandidateResult) -> Bool = { $0.inContention }
        func series(_ name: String, _ color: Color, _ pick: (CandidateResult) -> Bool,
                    value: (CandidateResult) -> Double, low: (CandidateResult) -> Double, high: (CandidateResult) -> Double) -> IntervalSeries {
            IntervalSeries(name: name, color: color,
                           values: ranked.map { pick($0) ? value($0) : .nan },
                           lows: ranked.map { pick($0) ? low($0) : .nan },
                           highs: ranked.map { pick($0) ? high($0) : .nan })
        }
        let lead = a.outcome == .capped ? "best estimate (no guarantee)" : "selected"
        let estimates = [
            series(lead, Palette.bluishGreen, { $0.index == a.selected }, value: \.estimate, low: \.low, high: \.high),
            series("in contention", Palette.orange, { kept($0) && $0.index != a.selected }, value: \.estimate, low: \.low, high: \.high),
            series("eliminated", Palette.blue, { !kept($0) }, value: \.estimate, low: \.low, high: \.high),
        ].filter { $0.values.contains { $0.isFinite } }
        let best = a.candidates[a.selected].estimate
        let delta = a.settings.indifference
        let zone = a.settings.goal == .smallest ? (best, best + delta) : (best - delta, best)
        var top = IntervalDotChart(
            id: "\(stem)-estimates", title: "\(report.measure): which candidate is best (\(a.settings.goal.rawValue) wins)",
            caption: "Dots: each candidate's estimate (mean of its observations); bars: its "
                + "\(String(format: "%g", a.settings.confidence * 100)) % t-interval on its own. Shaded: the indifference zone "
                + "(\(report.indifferenceText)) from the \(lead) one.",
            categories: categories, series: estimates,
            valueAxis: AxisSpec(title: report.measure, unit: unit), style: style)
        top.bands = [ValueBand(low: zone.0, high: zone.1, label: "indifference \(report.indifferenceText)", color: Palette.bluishGreen)]
        let b = Double(a.settings.statistic.batchSize)
        let spent = [
            series("eliminated after", Palette.blue, { !kept($0) }, value: { Double($0.replications) }, low: { _ in 0 },
                   high: { Double($0.replications) }),
            series("still in contention at the stop", Palette.bluishGreen, kept, value: { Double($0.replications) }, low: { _ in 0 },
                   high: { Double($0.replications) }),
        ].filter { $0.values.contains { $0.isFinite } }
        let bottom = IntervalDotChart(
            id: "\(stem)-replications", title: "Replications each candidate got: when it was eliminated",
            caption: "\(a.replicationsSpent) replications in all (first stage \(Int(b) * a.settings.firstStage) each); "
                + "a fixed-size Bonferroni procedure with the same guarantee: \(a.bonferroniReplications).",
            categories: categories, series: spent,
            valueAxis: AxisSpec(title: "Replications of the candidate", includeZero: true), style: style)
        return PanelStack.vertical(id: stem, title: "Selection of the best: \(report.measure)",
                                   panels: [top.svg(), bottom.svg()], heights: [height, height], width: style.width)
    }
}
