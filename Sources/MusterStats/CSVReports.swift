import MusterModel
import MusterNumerics
import MusterOutput

/// The CSV files of an output folder. Numbers follow the `NumberText` rule;
/// NaN is an empty field and ±infinity is `inf`/`-inf` (read as such by
/// pandas and R). Lines end in `\n`, the last one too.
public enum CSVReports {
    public static let replicationsHeader =
        "replication,mode,order_complete_hours,field_complete_hours,notified_p50_hours,"
        + "microgrid_done_p50_hours,households,visited,unreached,attempts,events"

    public static let coverageHeader = "hour,mode,p10,p50,p90"
    /// The header Muster 0.1 and 0.2 wrote (`median` for `p50`); still read.
    public static let coverageHeaderBefore03 = "hour,mode,p10,median,p90"

    /// `replications.csv`: one row per replication and mode, by replication
    /// index (0-based, as `ReplicationResult.replication`), tiered before p2p
    /// within a replication. The p50 columns are the median over that
    /// replication's micro-grids.
    public static func replications(_ results: [Mode: [ReplicationResult]]) -> String {
        var rows: [(Int, Int, ReplicationResult)] = []
        for (order, mode) in Mode.allCases.enumerated() {
            for r in results[mode] ?? [] { rows.append((r.replication, order, r)) }
        }
        rows.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        var out = replicationsHeader + "\n"
        for (_, _, r) in rows {
            let fields = [
                String(r.replication), r.mode.rawValue,
                number(r.orderComplete), number(r.fieldComplete),
                number(Quantile.median(r.notified)), number(Quantile.median(r.microgridDone)),
                String(r.households), String(r.visited), String(r.unreached), String(r.attempts), String(r.events),
            ]
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// `coverage.csv`: the coverage curve of each mode that ran (shares of
    /// households visited, 0…1), all hours of tiered, then all of p2p.
    public static func coverage(_ summary: RunSummary) -> String {
        var out = coverageHeader + "\n"
        for mode in summary.modesRun {
            guard let c = summary.modes[mode]?.coverage else { continue }
            for i in c.hours.indices {
                out += [number(c.hours[i]), mode.rawValue, number(c.p10[i]), number(c.median[i]), number(c.p90[i])]
                    .joined(separator: ",") + "\n"
            }
        }
        return out
    }

    public static let phasesHeader = "mode,phase,mean_hours"
    public static let histogramHeader = "mode,lo_hours,hi_hours,count"

    /// `phases.csv`: where the time goes, mean hours per micro-grid in each
    /// phase (`ReplicationResult.Phase`), per mode.
    public static func phases(_ summary: RunSummary) -> String {
        var out = phasesHeader + "\n"
        for mode in summary.modesRun {
            guard let m = summary.modes[mode] else { continue }
            for phase in ReplicationResult.Phase.allCases where phase.rawValue < m.phaseHours.count {
                out += "\(mode.rawValue),\(phase.name),\(number(m.phaseHours[phase.rawValue]))\n"
            }
        }
        return out
    }

    /// `microgrid_done_histogram.csv`: pooled micro-grid completion times,
    /// binned, per mode.
    public static func microgridDoneHistogram(_ summary: RunSummary) -> String {
        var out = histogramHeader + "\n"
        for mode in summary.modesRun {
            for b in summary.modes[mode]?.microgridDoneHistogram ?? [] {
                out += "\(mode.rawValue),\(number(b.lo)),\(number(b.hi)),\(b.count)\n"
            }
        }
        return out
    }

    package static func number(_ x: Double) -> String {
        if let s = NumberText.format(x) { return s }
        if x.isNaN { return "" }
        return x > 0 ? "inf" : "-inf"
    }
}
