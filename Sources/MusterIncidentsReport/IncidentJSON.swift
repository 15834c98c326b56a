import MusterIncidents
import MusterModel
import MusterNumerics
import MusterOutput
import MusterStats

extension IncidentSummary {
    /// The summary's `incidents` object. Per mode only the groups the mode
    /// uses appear under `stations` (levels in tiered, the platform in
    /// point-to-point, departments in both), bottom-up; undefined figures
    /// are `null`. `comparison` is `null` unless both modes ran.
    public var json: JSONValue {
        .object([
            ("horizon_hours", .number(horizonHours)),
            ("warmup_hours", .number(warmupHours)),
            ("sample_every_hours", .number(sampleEveryHours)),
            ("kinds", .object(kinds.map { ($0.name, .object([("limit_hours", .number($0.limitHours))])) })),
            ("warnings", .array(warnings.map { .string($0) })),
            ("modes", .object(modesRun.compactMap { mode in modes[mode].map { (mode.rawValue, $0.json(self)) } })),
            ("comparison", comparison?.json ?? .null),
        ])
    }

    /// The whole summary object for a run that simulated `simulated`:
    /// the order's summary (or, without the order, the same top-level keys
    /// with no mode) followed by `simulated` and `incidents`.
    /// `precision` is the outcome of `run --precision` on the incidents'
    /// mean close time (incident-only runs), written as the order's is.
    public func summaryJSON(order: RunSummary?, scenario: String, seed: UInt64, replications: Int,
                            version: String, simulated: [SimulatedPart], precision: PrecisionOutcome? = nil) -> JSONValue {
        let base: [(String, JSONValue)]
        if let order, case .object(let members) = order.json {
            base = members
        } else {
            base = [("muster_version", .string(version)), ("scenario", .string(scenario)), ("seed", .uint(seed)),
                    ("replications", .int(replications)), ("modes", .object([])), ("comparison", .null),
                    ("precision", precision?.json ?? .null)]
        }
        return .object(base + [("simulated", .array(simulated.map { .string($0.rawValue) })), ("incidents", json)])
    }
}

extension IncidentModeSummary {
    func json(_ summary: IncidentSummary) -> JSONValue {
        let groups = summary.groups
        return .object([
            ("occurred", .number(occurred)),
            ("counted", .number(counted)),
            ("closed_by_horizon", .number(closedByHorizon)),
            ("events", .number(events)),
            ("events_per_incident", .number(eventsPerIncident)),
            ("close_hours", close.json),
            ("occurrence_to_close_hours", occurrenceToClose.json),
            ("close_hours_by_kind", .object(summary.kinds.indices.map { (summary.kinds[$0].name, closeByKind[$0].json) })),
            ("within_limit", withinLimit.json),
            ("within_limit_by_kind", .object(summary.kinds.indices.map { (summary.kinds[$0].name, withinLimitByKind[$0].json) })),
            ("backlog_at_horizon", .object(
                [("total", .number(backlog.total)), ("undiscovered", .number(backlog.undiscovered))]
                + groups.indices.filter { stations[$0].used }.map { (groups[$0].name, .number(backlog.byGroup[$0])) }
                + [("confirming", .number(backlog.confirming))])),
            ("bottleneck", .object([
                ("by_utilisation", bottleneck.byUtilisation.map { .string(groups[$0].name) } ?? .null),
                ("by_queue", bottleneck.byQueue.map { .string(groups[$0].name) } ?? .null),
            ])),
            ("stations", .object(stations.filter(\.used).map { ($0.group.name, $0.json) })),
        ])
    }
}

extension StationSummary {
    var json: JSONValue {
        .object([
            ("role", .string(group.role.name)),
            ("stations", .number(stations)),
            ("handlers", .int(handlers)),
            ("utilisation_expected", .number(utilisationExpected)),
            ("peak_utilisation_expected", .number(peakUtilisationExpected)),
            ("offered_load_erlangs_expected", .number(offeredErlangsExpected)),
            ("peak_offered_load_erlangs_expected", .number(peakOfferedErlangsExpected)),
            ("stable", .bool(stable)),
            ("utilisation", utilisation.json),
            ("offered_load_erlangs", offeredErlangs.json),
            ("mean_wait_hours", meanWait.json),
            ("mean_sojourn_hours", meanSojourn.json),
            ("wait_hours", wait.json),
            ("max_wait_hours", .number(maxWaitHours)),
            ("mean_queue", meanQueue.json),
            ("by_kind", .object(byKind.map { ($0.name, $0.json) })),
            ("peak_queue", .number(peakQueue)),
            ("peak_queue_hour", .number(peakQueueHour)),
            ("backlog_at_horizon", .number(backlogAtHorizon)),
            ("jobs", .number(jobs)),
        ])
    }
}

extension KindStationSummary {
    var json: JSONValue {
        .object([
            ("jobs", .number(jobs)),
            ("mean_wait_hours", meanWait.json),
            ("mean_sojourn_hours", meanSojourn.json),
            ("utilisation", utilisation.json),
            ("offered_load_erlangs", offeredErlangs.json),
            ("mean_queue", meanQueue.json),
        ])
    }
}

extension SectionedStatistics {
    /// The statistics object of `SummaryStatistics` (`mean`, `ci95`, `sd`,
    /// `n` over replication means; percentiles pooled; `p50_ci95`… by
    /// sectioning), then `pooled_n` (values pooled) and `pooled_mean`.
    var json: JSONValue {
        guard case .object(let members) = figures.json else { return .null }
        return .object(members + [("pooled_n", .int(pooledCount)), ("pooled_mean", .number(pooledMean))])
    }
}

extension ShareFigure {
    /// `{"share": pooled, "mean", "ci95", "n", "non_finite"}` (the latter
    /// four over replications' own shares).
    var json: JSONValue {
        guard case .object(let members) = perReplication.json else { return .null }
        return .object([("share", .number(pooled)), ("incidents", .int(count))] + members)
    }
}

extension IncidentComparison {
    var json: JSONValue {
        .object([
            ("close_mean_diff_hours", closeMeanDiff.json),
            ("within_limit_diff", withinLimitDiff.json),
        ])
    }
}
