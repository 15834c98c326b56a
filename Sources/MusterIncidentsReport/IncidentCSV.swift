import MusterIncidents
import MusterModel
import MusterNumerics
import MusterStats

/// The incident files of an output folder (same number rules as
/// `CSVReports`: NaN is an empty field).
public enum IncidentCSV {
    public static let replicationsHeader =
        "replication,mode,occurred,counted,closed_by_horizon,backlog_at_horizon,close_mean_hours,close_p90_hours,within_limit_share,events"
    public static let closeCDFHeader = "mode,kind,share,hours"
    public static let stationsHeader =
        "mode,station,role,kind,stations,handlers,utilisation_expected,peak_utilisation_expected,"
        + "offered_load_erlangs_expected,stable,utilisation,offered_load_erlangs,mean_wait_hours,"
        + "mean_wait_hours_ci95_low,mean_wait_hours_ci95_high,mean_sojourn_hours,wait_p90_hours,max_wait_hours,mean_queue,peak_queue,"
        + "peak_queue_hour,backlog_at_horizon,jobs"
    public static let seriesHeader = "hour,mode,station,waiting_mean,waiting_p10,waiting_p90,busy_mean,wait_mean_hours"

    /// `incident_replications.csv`: one row per replication and mode.
    public static func replications(_ results: [Mode: [IncidentReplicationResult]], spec: IncidentSpec) -> String {
        var rows: [(Int, Int, IncidentReplicationResult)] = []
        for (order, mode) in Mode.allCases.enumerated() {
            for r in results[mode] ?? [] { rows.append((r.replication, order, r)) }
        }
        rows.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        var out = replicationsHeader + "\n"
        for (_, _, r) in rows {
            out += [String(r.replication), r.mode.rawValue, String(r.occurred), String(r.counted),
                    String(r.closedByHorizon), String(r.backlogAtHorizon),
                    CSVReports.number(r.close[0].mean), CSVReports.number(r.close[0].p90),
                    CSVReports.number(r.withinLimitShare()), String(r.events)].joined(separator: ",") + "\n"
        }
        return out
    }

    /// `incident_close_cdf.csv`: report-to-close hours at shares 0, 0.01,
    /// … 1 of incidents, pooled over replications, per mode, for all kinds
    /// (`all`) and each kind — the close-time CDF figure.
    public static func closeCDF(_ s: IncidentSummary) -> String {
        var out = closeCDFHeader + "\n"
        let names = ["all"] + s.kinds.map(\.name)
        for mode in s.modesRun {
            guard let m = s.modes[mode] else { continue }
            for (k, name) in names.enumerated() where k < m.closeCDF.count {
                for (share, hours) in zip(IncidentSummary.cdfShares, m.closeCDF[k]) {
                    out += "\(mode.rawValue),\(name),\(CSVReports.number(share)),\(CSVReports.number(hours))\n"
                }
            }
        }
        return out
    }

    /// `incident_stations.csv`: the "where the backlog is" table, one row
    /// per mode and station group the mode uses (kind `all`), then one per
    /// kind at that group; figures a kind's row does not have are empty.
    public static func stations(_ s: IncidentSummary) -> String {
        var out = stationsHeader + "\n"
        let n = CSVReports.number
        for mode in s.modesRun {
            for st in s.modes[mode]?.stations ?? [] where st.used {
                let head = [mode.rawValue, st.group.name, st.group.role.name]
                out += (head + ["all", n(st.stations), String(st.handlers),
                        n(st.utilisationExpected), n(st.peakUtilisationExpected), n(st.offeredErlangsExpected),
                        st.stable ? "true" : "false", n(st.utilisation.mean), n(st.offeredErlangs.mean),
                        n(st.meanWait.mean), n(st.meanWait.ci95Low), n(st.meanWait.ci95High), n(st.meanSojourn.mean),
                        n(st.wait.figures.p90), n(st.maxWaitHours), n(st.meanQueue.mean), n(st.peakQueue),
                        n(st.peakQueueHour), n(st.backlogAtHorizon), n(st.jobs)]).joined(separator: ",") + "\n"
                for k in st.byKind {
                    out += (head + [k.name, "", "", "", "", "", "", n(k.utilisation.mean), n(k.offeredErlangs.mean),
                            n(k.meanWait.mean), n(k.meanWait.ci95Low), n(k.meanWait.ci95High), n(k.meanSojourn.mean),
                            "", "", n(k.meanQueue.mean), "", "", "", n(k.jobs)]).joined(separator: ",") + "\n"
                }
            }
        }
        return out
    }

    /// `incident_queue_series.csv`: at each sample hour, per mode and
    /// station group, the number waiting (mean, 10th and 90th percentile
    /// across replications), busy handlers (mean) and the mean wait of jobs
    /// that became ready in that interval; plus a row `all_open` per hour
    /// with the open incidents in the waiting columns — the queue-length
    /// figure.
    public static func queueSeries(_ s: IncidentSummary) -> String {
        var out = seriesHeader + "\n"
        let n = CSVReports.number
        for mode in s.modesRun {
            guard let m = s.modes[mode] else { continue }
            let used = m.stations.filter(\.used)
            for k in m.open.mean.indices {
                let hour = n(Double(k) * s.sampleEveryHours)
                for st in used where k < st.waiting.mean.count {
                    out += [hour, mode.rawValue, st.group.name, n(st.waiting.mean[k]), n(st.waiting.p10[k]),
                            n(st.waiting.p90[k]), n(st.busyMean[k]),
                            n(k < st.waitByInterval.count ? st.waitByInterval[k] : .nan)].joined(separator: ",") + "\n"
                }
                out += [hour, mode.rawValue, "all_open", n(m.open.mean[k]), n(m.open.p10[k]), n(m.open.p90[k]), "", ""]
                    .joined(separator: ",") + "\n"
            }
        }
        return out
    }
}
