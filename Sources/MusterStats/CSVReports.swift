import MusterModel

/// The CSV files of an output folder. Numbers follow the `NumberText` rule;
/// NaN is an empty field and ±infinity is `inf`/`-inf` (read as such by
/// pandas and R). Lines end in `\n`, the last one too.
public enum CSVReports {
    public static let replicationsHeader =
        "replication,mode,order_complete_hours,field_complete_hours,notified_p50_hours,"
        + "microgrid_done_p50_hours,households,visited,unreached,attempts,events"

    public static let coverageHeader = "hour,mode,p10,median,p90"

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

    static func number(_ x: Double) -> String {
        if let s = NumberText.format(x) { return s }
        if x.isNaN { return "" }
        return x > 0 ? "inf" : "-inf"
    }
}
