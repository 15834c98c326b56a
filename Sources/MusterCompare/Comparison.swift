import MusterEngine
import MusterModel
import MusterNumerics
import MusterStats

/// One scenario of a comparison: what ran and what came out.
public struct ComparedScenario: Sendable {
    /// Unique within the comparison: the scenario's name, or for a variant
    /// "NAME with KEY=VALUE".
    public var label: String
    /// The scenario file as given.
    public var file: String
    /// `--set` and `--variant` overrides applied to the file, in order.
    public var overrides: [String]
    /// What the layout of a replication is drawn from: scenarios that
    /// agree on it draw the same layouts (common random numbers).
    public var layoutKey: LayoutKey
    public var summary: RunSummary
    /// Replication-level results per mode, in replication order.
    public var results: [Mode: [ReplicationResult]]

    public init(label: String, file: String, overrides: [String], layoutKey: LayoutKey,
                summary: RunSummary, results: [Mode: [ReplicationResult]]) {
        self.label = label; self.file = file; self.overrides = overrides
        self.layoutKey = layoutKey; self.summary = summary; self.results = results
    }
}

/// Everything a replication's layout depends on besides seed and index:
/// the tree, households, volunteers and scope.
public struct LayoutKey: Sendable, Equatable {
    public var layout: LayoutSpec
    public var volunteers: CountDistribution
    public var scope: [String]?

    public init(_ s: Scenario) {
        layout = s.layout; volunteers = s.team.volunteers; scope = s.scope
    }
}

/// How two scenarios' replications are paired.
public enum Pairing: String, Sendable {
    /// Same layout, same keyed draws: replication r of each scenario sees
    /// the same tree and the same household and person draws.
    case commonRandomNumbers = "common_random_numbers"
    /// Different layouts: replication r of each shares only the seed and
    /// index, so the pairs are independent draws of two different trees.
    case replicationIndex = "replication_index"
}

/// One scenario against the baseline (the first scenario) in one mode,
/// paired by replication index: scenario − baseline, scenario / baseline.
public struct PairedDifference: Sendable, Equatable {
    public var scenario: String
    public var baseline: String
    public var mode: Mode
    public var pairing: Pairing
    /// Order completion, hours.
    public var orderCompleteDiff: MeanInterval
    public var orderCompleteRatio: MeanInterval
    /// Field completion, hours.
    public var fieldCompleteDiff: MeanInterval
    /// Households left unreached.
    public var unreachedDiff: MeanInterval

    /// Pairs `scenario` with `baseline` by replication index; a replication
    /// present in one only is left out rather than paired with a stranger.
    public init(scenario: String, baseline: String, mode: Mode, pairing: Pairing,
                scenarioResults: [ReplicationResult], baselineResults: [ReplicationResult]) {
        self.scenario = scenario; self.baseline = baseline; self.mode = mode; self.pairing = pairing
        var byIndex: [Int: ReplicationResult] = [:]
        for r in baselineResults { byIndex[r.replication] = r }
        var order: [Double] = [], ratio: [Double] = [], field: [Double] = [], unreached: [Double] = []
        for r in scenarioResults.sorted(by: { $0.replication < $1.replication }) {
            guard let b = byIndex[r.replication] else { continue }
            order.append(r.orderComplete - b.orderComplete)
            ratio.append(r.orderComplete / b.orderComplete)
            field.append(r.fieldComplete - b.fieldComplete)
            unreached.append(Double(r.unreached - b.unreached))
        }
        orderCompleteDiff = MeanInterval(values: order)
        orderCompleteRatio = MeanInterval(values: ratio)
        fieldCompleteDiff = MeanInterval(values: field)
        unreachedDiff = MeanInterval(values: unreached)
    }

    /// The paired t-test at 5 %: the interval of the order-completion
    /// difference excludes 0. Nil when there is no interval (fewer than two
    /// pairs).
    public var significant: Bool? {
        let d = orderCompleteDiff
        guard d.count >= 2, d.ci95Low.isFinite, d.ci95High.isFinite else { return nil }
        return d.ci95Low > 0 || d.ci95High < 0
    }
}

/// Several scenarios run with the same seed and replications, side by side,
/// each against the first.
public struct Comparison: Sendable {
    public var musterVersion: String
    public var seed: UInt64
    public var replications: Int
    public var modes: [Mode]
    /// The first is the baseline.
    public var scenarios: [ComparedScenario]
    /// Every other scenario against the baseline, scenario by scenario,
    /// modes in `modes` order.
    public var differences: [PairedDifference]

    public init(version: String, seed: UInt64, replications: Int, modes: [Mode], scenarios: [ComparedScenario]) {
        musterVersion = version
        self.seed = seed
        self.replications = replications
        self.modes = modes
        self.scenarios = scenarios
        var differences: [PairedDifference] = []
        if let base = scenarios.first {
            for s in scenarios.dropFirst() {
                let pairing: Pairing = s.layoutKey == base.layoutKey ? .commonRandomNumbers : .replicationIndex
                for mode in modes {
                    differences.append(PairedDifference(
                        scenario: s.label, baseline: base.label, mode: mode, pairing: pairing,
                        scenarioResults: s.results[mode] ?? [], baselineResults: base.results[mode] ?? []))
                }
            }
        }
        self.differences = differences
    }

    /// The difference of the scenario labelled `label` in `mode`; nil for
    /// the baseline.
    public func difference(of label: String, mode: Mode) -> PairedDifference? {
        differences.first { $0.scenario == label && $0.mode == mode }
    }
}
