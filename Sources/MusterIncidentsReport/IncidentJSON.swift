import MusterIncidents
import MusterModel
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
    public func summaryJSON(order: RunSummary?, scenario: String, seed: UInt64, replications: Int,
                            version: String, simulated: [SimulatedPart]) -> JSONValue {
        let base: [(String, JSONValue)]
        if let order, case .object(let members) = order.json {
            base = members
        } else {
            base = [("muster_version", .string(version)), ("scenario", .string(scenario)), ("seed", .uint(seed)),
                    ("replications", .int(replications)), ("modes", .object([])), ("comparison", .null)]
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
            ("close_hours", close.json),
            ("occurrence_to_close_hours", occurrenceToClose.json),
            ("close_hours_by_kind", .object(summary.kinds.indices.map { (summary.kinds[$0].name, closeByKind[$0].json) })),
            ("within_limit", withinLimit.json),
            ("within_limit_by_kind", .object(summary.kinds.indices.map { (summary.kinds[$0].name, withinLimitByKind[$0].json) })),
            ("backlog_at_horizon", .object(
                [("total", .number(backlog.total)), ("undiscovered", .number(backlog.undiscovered))]
                + groups.indices.filter { stations[$0].used }.map { (groups[$0].name, .number(backlog.byGroup[$0])) }
                + [("confirming", .number(backlog.confirming))])),
            ("bottleneck", bottleneck.map { .string(groups[$0].name) } ?? .null),
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
            ("offered_load", .number(offeredLoad)),
            ("peak_offered_load", .number(peakOfferedLoad)),
            ("stable", .bool(stable)),
            ("utilisation", utilisation.json),
            ("mean_wait_hours", meanWait.json),
            ("max_wait_hours", .number(maxWaitHours)),
            ("mean_queue", meanQueue.json),
            ("peak_queue", .number(peakQueue)),
            ("peak_queue_hour", .number(peakQueueHour)),
            ("backlog_at_horizon", .number(backlogAtHorizon)),
            ("jobs", .number(jobs)),
        ])
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
