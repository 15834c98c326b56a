import Foundation
import MusterNumerics
import MusterPlot
import MusterSweep

/// The figure of a sensitivity sweep: for mean order completion, each
/// input's indices with their bootstrap 95 % intervals — S1 and ST of a
/// Sobol design, μ* and σ of a Morris design — one panel per mode, inputs
/// in the order of their largest ranking index.
public enum SensitivityFigure {
    public static let stem = "sensitivity"

    /// The output the figure shows.
    public static let output = SensitivityAnalysis.Output(measure: .orderComplete, statistic: "mean")

    public static func svg(_ a: SensitivityAnalysis, sweep name: String) -> String? {
        let tables = a.tables.filter { $0.output == output }
        guard !tables.isEmpty else { return nil }
        let sobol: Bool
        if case .sobol = a.design { sobol = true } else { sobol = false }
        let kinds: [SensitivityIndex.Kind] = sobol ? [.s1, .st] : [.muStar, .sigma]
        func index(_ t: SensitivityAnalysis.Table, _ k: SensitivityIndex.Kind, _ i: Int) -> SensitivityIndex? {
            t.indices.first { $0.kind == k && $0.input == i && $0.other == nil }
        }
        func rankValue(_ i: Int) -> Double {
            tables.compactMap { index($0, a.rankingKind, i)?.value }.filter(\.isFinite).max() ?? -.infinity
        }
        let order = a.inputs.indices.sorted { rankValue($0) != rankValue($1) ? rankValue($0) > rankValue($1) : $0 < $1 }
        let rowHeight = 34.0
        let height = max(300, 170 + rowHeight * Double(order.count))
        let style = ChartStyle.sized(width: 860, height: height)
        let names = sobol ? ["S1 (first order)", "ST (total)"] : ["μ* (mean |elementary effect|)", "σ (spread of the effects)"]
        let colours = [Palette.blue, Palette.vermillion]
        let panels = tables.map { t -> String in
            let series = kinds.enumerated().map { s, k in
                IntervalSeries(name: names[s], color: colours[s],
                               values: order.map { index(t, k, $0)?.value ?? .nan },
                               lows: order.map { index(t, k, $0)?.low ?? .nan },
                               highs: order.map { index(t, k, $0)?.high ?? .nan })
            }
            let noise = t.noiseShare.isNaN ? "" : String(format: " · replication noise %.1f %% of the variance", t.noiseShare * 100)
            let axis = sobol
                ? AxisSpec(title: "Share of the variance of mean order completion", domain: nil, includeZero: true)
                : AxisSpec(title: "Elementary effect on mean order completion", unit: "hours per Δ", includeZero: true)
            return IntervalDotChart(
                id: "\(stem)-\(t.mode.rawValue)", title: "\(t.mode.rawValue): which input drives mean order completion",
                caption: "Sweep \(name) · \(a.design.name) design · \(a.points) points · bootstrap 95 % intervals (\(a.resamples) resamples)\(noise)",
                categories: order.map { a.inputs[$0] }, series: series, valueAxis: axis, style: style).svg()
        }
        return PanelStack.vertical(id: stem, title: "Sensitivity of mean order completion, sweep \(name)",
                                   panels: panels, heights: panels.map { _ in height }, width: style.width)
    }
}
