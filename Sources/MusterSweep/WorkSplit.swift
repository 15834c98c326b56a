import MusterModel
import MusterScenario

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
