import Foundation
import MusterModel

extension GateReport {
    /// The check as JUnit XML, for GitLab (`artifacts: reports: junit:`)
    /// and Jenkins: one `<testsuite>`, one `<testcase>` per compared
    /// statistic, a `<failure>` per regression.
    ///
    /// Statistical layer: a test case per mode, measure and quantile
    /// (`GateComparison.name`), failed when its outcome is a regression.
    /// Exact layer: a test case per mode and measure, saying the shared
    /// replications were bit-identical, or (verdict `changed`) failed naming
    /// the first replication that differs. `seconds`: the check's wall time.
    public static func junit(_ v: GateVerdict, _ c: GateContext, seconds: Double) -> String {
        struct Case { var name: String; var failure: (message: String, body: String)?; var out: String }
        var cases: [Case] = []
        if v.layer == .exact {
            for mode in c.modes {
                let shared = v.sharedReplications[mode] ?? 0
                for metric in GateMetric.allCases {
                    let name = "\(mode.rawValue) \(metric.label)"
                    let diffs = v.differences.filter { $0.mode == mode && $0.metric == metric }
                    if let first = diffs.first {
                        let message = "\(name) changed: \(differenceText(first))"
                            + (diffs.count > 1 ? " (\(diffs.count) of \(shared) replications differ)" : "")
                        cases.append(Case(name: name, failure: (message, paragraph(v, c)), out: ""))
                    } else {
                        cases.append(Case(name: name, failure: nil,
                                          out: "replications 1 to \(shared) are bit-identical to the baseline's "
                                            + "(seed \(c.seed))"))
                    }
                }
            }
        } else {
            for x in v.comparisons {
                let details = "\(x.name): baseline \(hours(x.test.baseline)), now \(hours(x.test.now)), change "
                    + "\(signedPercent(x.test.change)), \(levelText(x.intervalLevel)) CI of change \(interval(x)), "
                    + "z \(fixed(x.test.z, 1)), p \(pText(x.test.pValue)), p (Holm) \(pText(x.pAdjusted)); "
                    + "tolerance \(percent(v.settings.tolerance)), family-wise α \(percent(v.settings.alpha)): "
                    + verdictText(x.outcome) + (x.canBeSignificant ? "" : " (cannot be significant with these sample sizes)")
                if x.outcome == .regression {
                    let message = "\(x.name) rose \(signedPercent(x.test.change)) (\(hours(x.test.baseline)) → "
                        + "\(hours(x.test.now))), beyond the \(percent(v.settings.tolerance)) tolerance, p (Holm) = "
                        + pText(x.pAdjusted)
                    cases.append(Case(name: x.name, failure: (message, details), out: ""))
                } else {
                    cases.append(Case(name: x.name, failure: nil, out: details))
                }
            }
        }
        let failures = cases.filter { $0.failure != nil }.count
        let time = String(format: "%.3f", seconds.isFinite ? max(0, seconds) : 0)
        let classname = xmlEscape("muster.check.\(c.scenario)")
        var lines: [String] = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
        lines.append("<testsuite name=\"\(xmlEscape("muster check · \(c.scenario)"))\" tests=\"\(cases.count)\" "
                     + "failures=\"\(failures)\" errors=\"0\" skipped=\"0\" time=\"\(time)\">")
        lines.append("  <properties>")
        for (k, value) in [("verdict", v.outcome.rawValue), ("layer", v.layer.rawValue), ("exit_code", "\(v.outcome.exitCode)"),
                           ("baseline", c.baselineFile), ("seed", "\(c.seed)"), ("replications", "\(c.replications)"),
                           ("muster_version", c.musterVersion)] {
            lines.append("    <property name=\"\(k)\" value=\"\(xmlEscape(value))\"/>")
        }
        lines.append("  </properties>")
        for t in cases {
            lines.append("  <testcase classname=\"\(classname)\" name=\"\(xmlEscape(t.name))\" time=\"0\">")
            if let f = t.failure {
                lines.append("    <failure message=\"\(xmlEscape(f.message))\" type=\"\(v.outcome.rawValue)\">"
                             + xmlEscape(f.body) + "</failure>")
            }
            if !t.out.isEmpty { lines.append("    <system-out>\(xmlEscape(t.out))</system-out>") }
            lines.append("  </testcase>")
        }
        lines.append("  <system-out>\(xmlEscape(paragraph(v, c)))</system-out>")
        lines.append("</testsuite>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Text for an XML attribute or element: `& < > " '` escaped, and the
    /// characters XML 1.0 cannot hold at all (most control characters)
    /// replaced with U+FFFD.
    public static func xmlEscape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t": out += "&#9;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            default:
                let v = u.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF { out += "\u{FFFD}" } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }
}
