import MusterModel
import MusterOutput

extension Comparison {
    /// The comparison object (`muster compare --json`, `summary.json` of
    /// `compare --out`): `muster_version`, `seed`, `replications`, `modes`,
    /// `baseline` (label of the first scenario), `scenarios` (each `label`,
    /// `file`, `overrides` and `summary`, the run summary object of
    /// `muster run`), `differences` (each scenario after the first against
    /// it, per mode: `scenario`, `baseline`, `mode`, `pairing`,
    /// `order_complete_diff_hours`, `order_complete_ratio`,
    /// `field_complete_diff_hours`, `unreached_diff` — each `mean`, `ci95`,
    /// `n`, `non_finite`, scenario − baseline or scenario / baseline —
    /// `significant` (the paired t-test at 5 % on the order-completion
    /// difference; null with fewer than two pairs) and `verdict`).
    public var json: JSONValue {
        .object([
            ("muster_version", .string(musterVersion)),
            ("seed", .uint(seed)),
            ("replications", .int(replications)),
            ("modes", .array(modes.map { .string($0.rawValue) })),
            ("baseline", scenarios.first.map { .string($0.label) } ?? .null),
            ("scenarios", .array(scenarios.map { s in
                .object([
                    ("label", .string(s.label)),
                    ("file", .string(s.file)),
                    ("overrides", .array(s.overrides.map { .string($0) })),
                    ("summary", s.summary.json),
                ])
            })),
            ("differences", .array(differences.map(\.json))),
        ])
    }
}

extension PairedDifference {
    /// One element of the comparison's `differences`.
    public var json: JSONValue {
        .object([
            ("scenario", .string(scenario)),
            ("baseline", .string(baseline)),
            ("mode", .string(mode.rawValue)),
            ("pairing", .string(pairing.rawValue)),
            ("order_complete_diff_hours", orderCompleteDiff.json),
            ("order_complete_ratio", orderCompleteRatio.json),
            ("field_complete_diff_hours", fieldCompleteDiff.json),
            ("unreached_diff", unreachedDiff.json),
            ("significant", significant.map { .bool($0) } ?? .null),
            ("verdict", .string(verdict)),
        ])
    }
}
