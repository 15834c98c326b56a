import Foundation
import MusterModel
import MusterNumerics
import MusterOutput

/// The bottleneck attribution's file, text section and JSON
/// (docs/reference/outputs.md, "bottlenecks.csv").
extension BottleneckSummary {
    public static let csvHeader =
        "mode,unit_id,level,parent_id,depth,households,present,criticality,criticality_low,criticality_high,"
        + "slack_p50_hours,slack_p90_hours,relay_down_hours,office_wait_hours,field_work_hours,reports_up_hours,main_phase"

    /// `bottlenecks.csv`: one row per unit and mode, tiered before p2p,
    /// units depth-first (parents before children).
    public var csv: String {
        var out = Self.csvHeader + "\n"
        for mode in modesRun {
            for u in units {
                guard let b = u.modes[mode] else { continue }
                let fields = [
                    mode.rawValue, u.id, u.level.name, u.parentId, String(u.depth), CSVReports.number(u.households),
                    String(u.present), CSVReports.number(b.criticality), CSVReports.number(b.criticalityLow),
                    CSVReports.number(b.criticalityHigh), CSVReports.number(b.slackP50), CSVReports.number(b.slackP90),
                ] + b.phaseHours.map(CSVReports.number) + [b.mainPhase.name]
                out += fields.joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// The text report's section "Where the time goes, unit by unit": per
    /// mode, the `count` units most often on the critical path with their
    /// main phase. Ends with a newline.
    public func textSection(count: Int = 10) -> String {
        var lines = ["", "Where the time goes, unit by unit (critical path of order completion)"]
        for mode in modesRun {
            let n = replications[mode] ?? 0
            lines.append("")
            lines.append("\(mode.rawValue) · \(n) replication\(n == 1 ? "" : "s") · top \(count) units by criticality")
            let top = top(mode, count: count)
            guard !top.isEmpty else {
                lines.append("  no unit with siblings was ever on the critical path")
                continue
            }
            let width = min(28, max(4, top.map(\.id.count).max() ?? 4))
            lines.append("  " + pad("unit", width) + " " + pad("level", 10) + leftPad("critical", 9) + leftPad("95% CI", 12)
                         + leftPad("slack p50", 10) + "  main phase")
            for u in top {
                let b = u.modes[mode]!
                let id = u.id.count > width ? String(u.id.prefix(width - 1)) + "…" : u.id
                let ci = TextReport.fixed(b.criticalityLow, 2) + "–" + TextReport.fixed(b.criticalityHigh, 2)
                let main = b.mainPhase
                let mainText = main.label + " " + TextReport.fixed(b.phaseHours[main.rawValue], 1) + " h"
                lines.append("  " + pad(id, width) + " " + pad(u.level.name, 10) + leftPad(TextReport.fixed(b.criticality, 2), 9)
                             + leftPad(ci, 12) + leftPad(TextReport.fixed(b.slackP50, 1) + " h", 10) + "  " + mainText)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `bottlenecks` key of `--json`: per mode, the replications and
    /// the top units (as `textSection`) with every figure of the CSV.
    public func json(count: Int = 10) -> JSONValue {
        .object([
            ("units", .int(units.count)),
            ("file", .string("bottlenecks.csv")),
            ("modes", .object(modesRun.map { mode in
                (mode.rawValue, .object([
                    ("replications", .int(replications[mode] ?? 0)),
                    ("top", .array(top(mode, count: count).map { $0.json(mode) })),
                ]))
            })),
        ])
    }

    private func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    private func leftPad(_ s: String, _ width: Int) -> String {
        s.count >= width ? " " + s : String(repeating: " ", count: width - s.count) + s
    }
}

extension BottleneckUnit {
    /// One unit in one mode, keys as the columns of `bottlenecks.csv`.
    func json(_ mode: Mode) -> JSONValue {
        let b = modes[mode]!
        return .object([
            ("unit_id", .string(id)), ("level", .string(level.name)), ("parent_id", .string(parentId)),
            ("depth", .int(depth)), ("households", .number(households)), ("present", .int(present)),
            ("criticality", .number(b.criticality)), ("criticality_low", .number(b.criticalityLow)),
            ("criticality_high", .number(b.criticalityHigh)),
            ("slack_p50_hours", .number(b.slackP50)), ("slack_p90_hours", .number(b.slackP90)),
            ("phase_hours", .object(ReplicationResult.Phase.allCases.map { ($0.name, .number(b.phaseHours[$0.rawValue])) })),
            ("main_phase", .string(b.mainPhase.name)),
        ])
    }
}

extension ReplicationResult.Phase {
    /// The phase in words, for the text report.
    public var label: String {
        switch self {
        case .relayDown: "relay down"
        case .officeWait: "office wait"
        case .fieldWork: "field work"
        case .reportsUp: "reports up"
        }
    }
}

extension RunSummary {
    /// The summary object, with a `bottlenecks` key after the others when
    /// the run was attributed (`run --attribution`).
    public func jsonWith(bottlenecks: BottleneckSummary?) -> JSONValue {
        guard let bottlenecks, case .object(var members) = json else { return json }
        members.append(("bottlenecks", bottlenecks.json()))
        return .object(members)
    }
}
