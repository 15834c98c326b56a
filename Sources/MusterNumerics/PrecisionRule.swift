/// The stopping rule of a precision target: replications are added in
/// batches until the mean order completion of every mode is known to a
/// given relative precision. `muster run --precision` (`PrecisionRun` in
/// MusterStats) and sweeps with a precision target (MusterSweep) both
/// stop by this rule; it sees only numbers, never a model type.
///
/// Replication r's result depends only on (scenario, seed, r), never on the
/// batch that ran it, so a run ending at N replications gives exactly the
/// results of a plain run of N: the batches only decide N, and they decide
/// it deterministically from the results (replications 0..<n only, so the
/// same whatever the threads, shards or interruptions).
///
/// Stopping when an estimated half-width first falls below a target makes
/// the final interval's coverage slightly below nominal when the first
/// batch is small (the sd estimate can be luckily low); hence a first batch
/// of at least ten (Law & Kelton's advice for sequential procedures).
///
/// The two callers schedule batches differently: `run` projects the next
/// count from the widths (`nextCount`), a sweep steps by a fixed batch
/// (`next`). Their tests differ at the edges and are kept as they were so
/// results stay bit for bit: `run` compares half-width / |mean| with the
/// target and never stops on a zero mean; a sweep compares the half-width
/// with target × |mean|.
public enum PrecisionRule {
    /// The smallest first batch allowed.
    public static let minimumFirstBatch = 10

    // MARK: `muster run --precision`

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

    // MARK: Sweeps

    /// Whether every mode's 95 % t-interval of mean order completion
    /// (finite values, at least two) has a half-width ≤ target × |mean|.
    public static func reached(orderComplete byMode: [[Double]], target: Double) -> Bool {
        byMode.allSatisfy { values in
            let m = MeanInterval(values: values)
            return m.count >= 2 && m.ci95HalfWidth <= target * abs(m.mean)
        }
    }

    /// Replications a point needs next: nil when it is done, else the
    /// replication range of its next batch (possibly partly stored).
    ///
    /// - Parameter orderComplete: per mode, order completion by replication
    ///   (NaN where not stored), at least up to the highest stored one.
    public static func next(stored: Set<Int>, orderComplete: [[Double]], batch: Int, max: Int,
                            target: Double) -> Range<Int>? {
        var n = 0
        while n < max {
            let end = Swift.min(n + batch, max)
            if !(n..<end).allSatisfy(stored.contains) { return n..<end }
            n = end
            if n >= max { return nil }
            if reached(orderComplete: orderComplete.map { Array($0.prefix(n)) }, target: target) { return nil }
        }
        return nil
    }
}
