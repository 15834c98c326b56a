import MusterEngine
import MusterModel
import MusterNumerics
import MusterOutput

/// What `run --precision` asked for and what it reached.
public struct PrecisionOutcome: Sendable, Equatable {
    /// Target: the 95 % half-width of the mean order completion as a
    /// fraction of the mean, in every mode (0.02 for `--precision 2%`).
    @Figure public var target: Double
    /// The cap on replications (`--max-replications`).
    public var maxReplications: Int
    /// Whether every mode reached the target.
    public var reached: Bool
    /// Replications the run took.
    public var replications: Int
    /// Replications after each batch, ascending; the last is `replications`.
    public var batches: [Int]
    /// Half-width over |mean| of the order completion, per mode, at the end.
    @Figure public var relativeHalfWidth: [Mode: Double]

    public init(target: Double, maxReplications: Int, reached: Bool, replications: Int,
                batches: [Int], relativeHalfWidth: [Mode: Double]) {
        self.target = target; self.maxReplications = maxReplications; self.reached = reached
        self.replications = replications; self.batches = batches; self.relativeHalfWidth = relativeHalfWidth
    }


    /// The `precision` object of the summary.
    public var json: JSONValue {
        .object([
            ("target", .number(target)),
            ("reached", .bool(reached)),
            ("replications", .int(replications)),
            ("max_replications", .int(maxReplications)),
            ("batches", .array(batches.map { .int($0) })),
            ("relative_half_width", .object(Mode.allCases.compactMap { mode in
                relativeHalfWidth[mode].map { (mode.rawValue, .number($0)) }
            })),
        ])
    }
}

/// Replications added in batches until the mean order completion is known
/// to a given relative precision (`muster run --precision`): the model's
/// side of `PrecisionRule` (MusterNumerics), which decides when to stop.
public enum PrecisionRun {
    /// The smallest first batch allowed (`PrecisionRule.minimumFirstBatch`).
    public static var minimumFirstBatch: Int { PrecisionRule.minimumFirstBatch }

    /// Runs `scenario` in batches, starting with `firstBatch` replications
    /// (at least `minimumFirstBatch`), until `PrecisionRule.nextCount` says stop.
    /// `batch(from, to)` is called as each batch of replications
    /// `from..<to` starts and may return a progress callback for it (called
    /// from any thread with the replications of the batch finished).
    public static func run(_ scenario: Scenario, modes: [Mode], target: Double, firstBatch: Int,
                           maxReplications: Int, threads: Int, attribution: Bool = false,
                           batch: ((Int, Int) -> (@Sendable (Int) -> Void)?)? = nil)
        -> (results: [Mode: [ReplicationResult]], outcome: PrecisionOutcome) {
        precondition(target > 0 && firstBatch >= minimumFirstBatch && maxReplications >= firstBatch)
        var results: [Mode: [ReplicationResult]] = Dictionary(uniqueKeysWithValues: modes.map { ($0, []) })
        var n = 0, next: Int? = firstBatch
        var batches: [Int] = []
        var widths: [Mode: Double] = [:]
        while let end = next {
            let progress = batch?(n, end) ?? nil
            let done = Experiment.run(scenario, modes: modes, replications: n..<end, threads: threads,
                                      attribution: attribution, progress: progress)
            for mode in modes { results[mode]! += done[mode]! }
            n = end
            batches.append(n)
            for mode in modes { widths[mode] = PrecisionRule.relativeHalfWidth(results[mode]!.map(\.orderComplete)) }
            next = PrecisionRule.nextCount(after: n, relativeHalfWidths: modes.map { widths[$0]! }, target: target,
                                           maxReplications: maxReplications)
        }
        let reached = modes.allSatisfy { widths[$0]! <= target }
        return (results, PrecisionOutcome(target: target, maxReplications: maxReplications, reached: reached,
                                          replications: n, batches: batches, relativeHalfWidth: widths))
    }
}
