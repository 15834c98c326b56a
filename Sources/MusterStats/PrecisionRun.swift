import MusterModel

/// What `run --precision` asked for and what it reached.
public struct PrecisionOutcome: Sendable, Equatable {
    /// Target: the 95 % half-width of the mean order completion as a
    /// fraction of the mean, in every mode (0.02 for `--precision 2%`).
    public var target: Double
    /// The cap on replications (`--max-replications`).
    public var maxReplications: Int
    /// Whether every mode reached the target.
    public var reached: Bool
    /// Replications the run took.
    public var replications: Int
    /// Replications after each batch, ascending; the last is `replications`.
    public var batches: [Int]
    /// Half-width over |mean| of the order completion, per mode, at the end.
    public var relativeHalfWidth: [Mode: Double]

    public init(target: Double, maxReplications: Int, reached: Bool, replications: Int,
                batches: [Int], relativeHalfWidth: [Mode: Double]) {
        self.target = target; self.maxReplications = maxReplications; self.reached = reached
        self.replications = replications; self.batches = batches; self.relativeHalfWidth = relativeHalfWidth
    }

    public static func == (a: PrecisionOutcome, b: PrecisionOutcome) -> Bool {
        a.target == b.target && a.maxReplications == b.maxReplications && a.reached == b.reached
            && a.replications == b.replications && a.batches == b.batches
            && a.relativeHalfWidth.count == b.relativeHalfWidth.count
            && a.relativeHalfWidth.allSatisfy { sameFigure($0.value, b.relativeHalfWidth[$0.key] ?? .nan) }
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
/// to a given relative precision (`muster run --precision`).
///
/// Replication r's result depends only on (scenario, seed, r), never on the
/// batch that ran it, so a precision run ending at N replications gives
/// exactly the results of a plain run of N: the batches only decide N, and
/// they decide it deterministically from the results.
///
/// Stopping when an estimated half-width first falls below a target makes
/// the final interval's coverage slightly below nominal when the first
/// batch is small (the sd estimate can be luckily low); hence a first batch
/// of at least ten (Law & Kelton's advice for sequential procedures).
public enum PrecisionRun {
    /// The smallest first batch allowed.
    public static let minimumFirstBatch = 10

    /// Half-width of the 95 % interval of the mean over |mean|; infinity
    /// when it is undefined (fewer than two finite values, a zero mean).
    public static func relativeHalfWidth(_ values: [Double]) -> Double {
        let s = SummaryStatistics(values: values)
        guard s.count >= 2, s.mean != 0, s.ci95HalfWidth.isFinite else { return .infinity }
        return s.ci95HalfWidth / abs(s.mean)
    }

    /// The replication count after `n`, or nil to stop: the target is met
    /// (every relative half-width ≤ `target`) or `n` has reached
    /// `maxReplications`.
    ///
    /// The half-width shrinks like 1/√n, so n·(worst/target)² replications
    /// are projected to suffice; the next batch goes there, but at least 10
    /// further and at most to 4n (the projection from a small batch is
    /// rough), and never past the cap.
    public static func nextCount(after n: Int, relativeHalfWidths: [Double], target: Double,
                                 maxReplications: Int) -> Int? {
        let worst = relativeHalfWidths.map { $0.isNaN ? .infinity : $0 }.max() ?? .infinity
        if worst <= target || n >= maxReplications { return nil }
        let ratio = worst / target
        let projected = ratio.isFinite && ratio * ratio * Double(n) < Double(Int.max / 2)
            ? Int((Double(n) * ratio * ratio).rounded(.up)) : Int.max / 2
        let next = max(n + 10, min(projected, 4 * n))
        return min(next, maxReplications)
    }

    /// Runs `scenario` in batches, starting with `firstBatch` replications
    /// (at least `minimumFirstBatch`), until `nextCount` says stop.
    /// `batch(from, to)` is called as each batch of replications
    /// `from..<to` starts and may return a progress callback for it (called
    /// from any thread with the replications of the batch finished).
    public static func run(_ scenario: Scenario, modes: [Mode], target: Double, firstBatch: Int,
                           maxReplications: Int, threads: Int,
                           batch: ((Int, Int) -> (@Sendable (Int) -> Void)?)? = nil)
        -> (results: [Mode: [ReplicationResult]], outcome: PrecisionOutcome) {
        precondition(target > 0 && firstBatch >= minimumFirstBatch && maxReplications >= firstBatch)
        var results: [Mode: [ReplicationResult]] = Dictionary(uniqueKeysWithValues: modes.map { ($0, []) })
        var n = 0, next: Int? = firstBatch
        var batches: [Int] = []
        var widths: [Mode: Double] = [:]
        while let end = next {
            let progress = batch?(n, end) ?? nil
            let done = Experiment.run(scenario, modes: modes, replications: n..<end, threads: threads, progress: progress)
            for mode in modes { results[mode]! += done[mode]! }
            n = end
            batches.append(n)
            for mode in modes { widths[mode] = relativeHalfWidth(results[mode]!.map(\.orderComplete)) }
            next = nextCount(after: n, relativeHalfWidths: modes.map { widths[$0]! }, target: target,
                             maxReplications: maxReplications)
        }
        let reached = modes.allSatisfy { widths[$0]! <= target }
        return (results, PrecisionOutcome(target: target, maxReplications: maxReplications, reached: reached,
                                          replications: n, batches: batches, relativeHalfWidth: widths))
    }
}
