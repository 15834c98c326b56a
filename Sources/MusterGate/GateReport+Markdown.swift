import Foundation
import MusterModel

extension GateReport {
    /// The verdict in a word or two, as the paragraph starts it:
    /// "PASS, unchanged", "REGRESSION", …
    public static func headline(_ v: GateVerdict) -> String {
        switch v.outcome {
        case .unchanged: "PASS, unchanged"
        case .pass: "PASS"
        case .improvement: "PASS, with an improvement"
        case .regression: "REGRESSION"
        case .changed: "CHANGED"
        }
    }

    /// The check as GitHub-flavoured Markdown, for a step summary
    /// (`muster check --format markdown >> "$GITHUB_STEP_SUMMARY"`): a
    /// heading with the verdict, the paragraph, and a table of the
    /// comparisons (none in the exact layer). Built from the same values as
    /// `text` and `json`. Ends with a newline.
    public static func markdown(_ v: GateVerdict, _ c: GateContext) -> String {
        var lines: [String] = []
        lines.append("### muster check · \(markdownInline(c.scenario)): \(headline(v))")
        lines.append("")
        lines.append("Baseline `\(markdownInline(c.baselineFile))`: seed \(c.baseline.seed), \(c.baseline.replications) "
                     + "replications, muster \(markdownInline(c.baseline.musterVersion))"
                     + markdownInline(overridesText(c.baseline.overrides)) + ". Now: seed \(c.seed), \(c.replications) "
                     + "replications, muster \(markdownInline(c.musterVersion))" + markdownInline(overridesText(c.overrides)) + ".")
        lines.append("")
        lines.append(markdownInline(paragraph(v, c)))
        if !c.warnings.isEmpty {
            lines.append("")
            for w in c.warnings { lines.append("- warning: \(markdownInline(w))") }
        }
        if !v.comparisons.isEmpty {
            lines.append("")
            let header = ["mode", "measure", "quantile", "baseline", "now", "change", "CI of change (level)", "p (Holm)", "verdict"]
            lines.append(markdownRow(header))
            lines.append("|" + header.indices.map { $0 < 3 || $0 == header.count - 1 ? "---|" : "---:|" }.joined())
            for x in v.comparisons {
                lines.append(markdownRow([
                    x.mode.rawValue, x.metric.label + (x.canBeSignificant ? "" : " †"),
                    GateComparison.quantileName(x.test.quantile), hours(x.test.baseline), hours(x.test.now),
                    signedPercent(x.test.change), interval(x) + " (" + levelText(x.intervalLevel) + ")",
                    pText(x.pAdjusted), verdictText(x.outcome),
                ]))
            }
            lines.append("")
            lines.append("Regression = significant after Holm's adjustment (p (Holm) < \(trim(v.settings.alpha))), higher, "
                         + "and beyond the \(percent(v.settings.tolerance)) tolerance."
                         + (v.comparisons.contains { !$0.canBeSignificant } ? " †: cannot be significant with these sample sizes." : ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One table row, each cell escaped.
    static func markdownRow(_ cells: [String]) -> String {
        "| " + cells.map(markdownCell).joined(separator: " | ") + " |"
    }

    /// A table cell: `|` escaped, on one line.
    static func markdownCell(_ s: String) -> String {
        markdownInline(s).replacingOccurrences(of: "|", with: "\\|")
    }

    /// Text on one line (a newline would end the paragraph or the row), with
    /// the characters that would start HTML escaped.
    static func markdownInline(_ s: String) -> String {
        s.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "<", with: "&lt;")
    }
}
