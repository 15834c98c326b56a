import MusterModel
import MusterNumerics
import MusterOutput

extension RunSummary {
    /// The summary object (`--json`, `summary.json`; docs/reference/outputs.md).
    ///
    /// Contract keys come first, in the contract's order; additions follow
    /// the contract keys of the object they extend:
    /// - every statistics object adds `n` (finite values used) and
    ///   `non_finite` (values left out, e.g. an order that never completed);
    /// - every comparison object adds `n` and `non_finite`;
    /// - every mode adds `busy_hours_by_level` (mean relay hours per
    ///   replication, keyed by level name, root first), `phase_hours`,
    ///   `reassignments` (rebalancing moves, mean per replication) and
    ///   `channels` (`app` and `relay`: the teams that got the order each
    ///   way — `microgrids` per replication, pooled `notified_hours` and
    ///   `microgrid_done_hours`, per-replication `complete_hours`);
    /// - `precision` at the top level: `null`, or for `run --precision` the
    ///   target, whether it was reached, the replications and batches it took
    ///   and the relative half-width reached per mode.
    ///
    /// Only modes that ran appear under `modes`. `comparison` is `null`
    /// when only one mode ran, so the key set of the top level never
    /// changes. Undefined figures (no data) are `null`.
    public var json: JSONValue {
        .object([
            ("muster_version", .string(musterVersion)),
            ("scenario", .string(scenario)),
            ("seed", .uint(seed)),
            ("replications", .int(replications)),
            ("modes", .object(modesRun.compactMap { mode in modes[mode].map { (mode.rawValue, $0.json) } })),
            ("comparison", comparison?.json ?? .null),
            ("precision", precision?.json ?? .null),
        ])
    }
}

extension ModeSummary {
    /// One mode of the summary object.
    public var json: JSONValue {
        .object([
            ("order_complete_hours", orderComplete.json),
            ("field_complete_hours", fieldComplete.json),
            ("notified_hours", notified.json),
            ("microgrid_done_hours", microgridDone.json),
            ("households", .object([
                ("total", .number(households.total)),
                ("visited", .number(households.visited)),
                ("unreached", .number(households.unreached)),
                ("attempts", .number(households.attempts)),
            ])),
            ("events", .number(events)),
            ("busy_hours_by_level", .object(Level.relayLevels.map { level in
                (level.name, .number(busyHoursByLevel[level] ?? .nan))
            })),
            ("phase_hours", .object(ReplicationResult.Phase.allCases.map { phase in
                (phase.name, .number(phaseHours.indices.contains(phase.rawValue) ? phaseHours[phase.rawValue] : .nan))
            })),
            ("reassignments", .number(reassignments)),
            ("channels", .object(Channel.allCases.map { c in
                (c.rawValue, channels[c]?.json ?? .null)
            })),
        ])
    }
}

extension ChannelSummary {
    /// One group of teams under a mode's `channels`.
    public var json: JSONValue {
        .object([
            ("microgrids", .number(microgrids)),
            ("notified_hours", notified.json),
            ("microgrid_done_hours", microgridDone.json),
            ("complete_hours", complete.json),
        ])
    }
}

extension SummaryStatistics {
    /// A statistics object of the summary: contract keys, then `n`,
    /// `non_finite`, and the order-statistic 95 % intervals `p50_ci95`,
    /// `p90_ci95`, `p95_ci95` (`null` for pooled measures).
    public var json: JSONValue {
        .object([
            ("mean", .number(mean)),
            ("ci95", .array([.number(ci95Low), .number(ci95High)])),
            ("sd", .number(sd)),
            ("min", .number(min)),
            ("p5", .number(p5)),
            ("p10", .number(p10)),
            ("p25", .number(p25)),
            ("p50", .number(p50)),
            ("p75", .number(p75)),
            ("p90", .number(p90)),
            ("p95", .number(p95)),
            ("p99", .number(p99)),
            ("max", .number(max)),
            ("n", .int(count)),
            ("non_finite", .int(nonFinite)),
            ("p50_ci95", p50CI.json),
            ("p90_ci95", p90CI.json),
            ("p95_ci95", p95CI.json),
        ])
    }
}

extension PercentileInterval {
    /// `[low, high]`, a bound that does not exist as `null`; `null` itself
    /// when there is no interval at all (pooled measures, no data).
    public var json: JSONValue {
        low.isNaN && high.isNaN ? .null : .array([.number(low), .number(high)])
    }
}

extension MeanInterval {
    /// `{"mean", "ci95": [lo, hi]}`, then `n`, `non_finite`.
    public var json: JSONValue {
        .object([
            ("mean", .number(mean)),
            ("ci95", .array([.number(ci95Low), .number(ci95High)])),
            ("n", .int(count)),
            ("non_finite", .int(nonFinite)),
        ])
    }
}

extension ModeComparison {
    /// The `comparison` object of the summary.
    public var json: JSONValue {
        .object([
            ("order_complete_diff_hours", orderCompleteDiff.json),
            ("order_complete_ratio", orderCompleteRatio.json),
        ])
    }
}
