import MusterModel
import MusterScenario
import MusterStats

/// Shard K of N (1-based, as Slurm array task ids run 1…N): which part of
/// a sweep's work one process does.
///
/// With a fixed number of replications R, the work unit is (point p,
/// replication r), numbered u = p·R + r, and shard K takes the units with
/// u mod N = K − 1 — a round-robin, so slow and fast points spread evenly.
/// With a precision target the number of replications of a point is only
/// known while it runs, so the unit is the whole point: shard K takes the
/// points with p mod N = K − 1. Either way the split depends on nothing
/// but (K, N) and the sweep, and every unit belongs to exactly one shard.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 1-based.
    public var index: Int
    public var count: Int

    /// The whole sweep.
    public static let all = Shard(index: 1, count: 1)

    public init(index: Int, count: Int) {
        precondition(count >= 1 && index >= 1 && index <= count)
        self.index = index; self.count = count
    }

    /// Parses `K/N`; nil with a reason when malformed or out of range.
    public static func parse(_ text: String) -> Result<Shard, ShardError> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            return .failure(ShardError(message: "--shard expects K/N such as 2/8 (shard K of N, 1-based), got '\(text)'"))
        }
        guard n >= 1, k >= 1, k <= n else {
            return .failure(ShardError(message: "--shard \(text): K must be from 1 to N and N at least 1 (shards are numbered 1…N, like Slurm array tasks with --array=1-N)"))
        }
        return .success(Shard(index: k, count: n))
    }

    public var description: String { "\(index)/\(count)" }

    /// Whether replication `r` of point `p` is this shard's.
    public func owns(point p: Int, replication r: Int, plan: ReplicationPlan) -> Bool {
        switch plan {
        case .fixed(let n): (p * n + r) % count == index - 1
        case .precision: p % count == index - 1
        }
    }
}

/// A malformed `--shard`.
public struct ShardError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// The stopping rule of a precision target, applied at batch boundaries.
///
/// A point with replications 0..<n stored (n a multiple of the batch, or
/// the maximum) stops when n ≥ max, or when in every mode the 95 %
/// t-interval of mean order completion (finite values, at least two) has a
/// half-width ≤ target × |mean|. The decision at n uses replications
/// 0..<n only, so it is the same whatever the threads, shards or
/// interruptions.
public enum PrecisionRule {
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
