import MusterEngine

/// Morris's elementary-effects screening design (Morris 1991): r
/// trajectories of D + 1 points on a grid of p levels {0, 1/(p−1), …, 1}
/// in the unit hypercube; consecutive points of a trajectory differ in one
/// input, by Δ = p / (2(p − 1)).
///
/// Each trajectory draws (from an MT19937 stream keyed by the seed): for
/// every input, a start level x* uniformly among those with x* + Δ ≤ 1 and a
/// direction, up or down (down starts at x* + Δ); then the order in which
/// the inputs move, a uniform permutation. This is the distribution of
/// Morris's randomised matrix B* = (J·x* + Δ/2·((2B − J)D* + J))P*, written
/// out step by step.
public struct MorrisDesign: Sendable, Equatable {
    public let trajectories: Int
    public let levels: Int
    public let inputs: Int

    public static let maxTrajectories = 10_000

    public init(trajectories: Int, levels: Int, inputs: Int) throws(SensitivityDesignError) {
        guard trajectories >= 2 && trajectories <= Self.maxTrajectories else {
            throw SensitivityDesignError(key: "trajectories", message: "\(trajectories) trajectories: allowed 2 to \(Self.maxTrajectories) (σ needs at least two elementary effects per input; 10 to 50 is usual)")
        }
        guard levels >= 2 && levels % 2 == 0 && levels <= 100 else {
            throw SensitivityDesignError(key: "levels", message: "\(levels) levels: the grid needs an even number of levels from 2 to 100 (4 is usual), so that every step Δ = p/(2(p−1)) lands on the grid")
        }
        guard inputs >= 1 else {
            throw SensitivityDesignError(key: "inputs", message: "a Morris design needs at least one input")
        }
        self.trajectories = trajectories; self.levels = levels; self.inputs = inputs
    }

    /// The step between consecutive points of a trajectory: p / (2(p − 1)).
    public var delta: Double { Double(levels) / (2 * Double(levels - 1)) }
    /// Design points: r × (D + 1).
    public var pointCount: Int { trajectories * (inputs + 1) }

    /// Key of the design's stream below the seed ("MORRIS" in ASCII).
    static let streamFamily: UInt64 = 0x4D4F_5252_4953

    /// The design's points in the unit hypercube, trajectory after trajectory.
    public func unitPoints(seed: UInt64) -> [[Double]] {
        let stream = RandomStream.sequential(key: StreamKey(seed: seed).child(Self.streamFamily).value)
        let step = 1 / Double(levels - 1)
        let jump = levels / 2   // Δ in grid steps
        var out: [[Double]] = []
        out.reserveCapacity(pointCount)
        for _ in 0..<trajectories {
            var level = [Int](repeating: 0, count: inputs)
            var up = [Bool](repeating: true, count: inputs)
            for i in 0..<inputs {
                let start = stream.uniformInt(below: levels - jump)
                up[i] = stream.uniformInt(below: 2) == 0
                level[i] = up[i] ? start : start + jump
            }
            var order = Array(0..<inputs)
            if inputs > 1 {
                for i in stride(from: inputs - 1, to: 0, by: -1) { order.swapAt(i, stream.uniformInt(below: i + 1)) }
            }
            out.append(level.map { Double($0) * step })
            for i in order {
                level[i] += up[i] ? jump : -jump
                out.append(level.map { Double($0) * step })
            }
        }
        return out
    }
}
