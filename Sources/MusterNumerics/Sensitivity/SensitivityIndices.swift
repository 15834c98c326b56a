/// One sensitivity index of one input with its bootstrap 95 % interval.
public struct SensitivityIndex: Sendable, Equatable {
    /// Kinds of index a sensitivity design reports.
    public enum Kind: String, Sendable, CaseIterable {
        /// First-order Sobol index: the share of output variance the input explains alone.
        case s1 = "S1"
        /// Total Sobol index: its share with all its interactions.
        case st = "ST"
        /// Second-order Sobol index of a pair of inputs.
        case s2 = "S2"
        /// Morris: mean of the absolute elementary effects.
        case muStar = "mu_star"
        /// Morris: mean elementary effect (signed).
        case mu
        /// Morris: standard deviation of the elementary effects (nonlinearity, interactions).
        case sigma
    }

    public var kind: Kind
    /// Input index (in design order).
    public var input: Int
    /// The second input of an S2 pair.
    public var other: Int?
    public var value: Double
    public var low: Double
    public var high: Double

    public init(kind: Kind, input: Int, other: Int? = nil, value: Double, low: Double, high: Double) {
        self.kind = kind; self.input = input; self.other = other
        self.value = value; self.low = low; self.high = high
    }
}

/// The indices of a whole design, with their intervals: what the sweep's
/// analysis and the tests on known functions share.
public enum SensitivityIndices {
    /// S1 and ST of every input (then S2 of every pair with second order),
    /// from outputs in `SaltelliDesign` layout; base rows are resampled.
    public static func sobol(outputs: [Double], design: SaltelliDesign, resamples: Int = Bootstrap.defaultResamples,
                             seed: UInt64) -> [SensitivityIndex] {
        let blocks = SobolIndices.Blocks(outputs: outputs, design: design)
        let point = SobolIndices(blocks, rows: Array(0..<blocks.n))
        let boot = Bootstrap.intervals(units: blocks.n, resamples: resamples, seed: seed) { rows in
            let e = SobolIndices(blocks, rows: rows)
            return e.s1 + e.st + e.s2
        }
        let d = design.inputs
        var out: [SensitivityIndex] = []
        for i in 0..<d {
            out.append(SensitivityIndex(kind: .s1, input: i, value: point.s1[i], low: boot[i].low, high: boot[i].high))
            out.append(SensitivityIndex(kind: .st, input: i, value: point.st[i], low: boot[d + i].low, high: boot[d + i].high))
        }
        for (k, (i, j)) in SobolIndices.pairs(inputs: d).enumerated() where design.secondOrder {
            out.append(SensitivityIndex(kind: .s2, input: i, other: j, value: point.s2[k],
                                        low: boot[2 * d + k].low, high: boot[2 * d + k].high))
        }
        return out
    }

    /// μ*, μ and σ of every input from a Morris design's points and outputs;
    /// trajectories are resampled.
    public static func morris(points: [[Double]], outputs: [Double], design: MorrisDesign,
                              resamples: Int = Bootstrap.defaultResamples, seed: UInt64) -> [SensitivityIndex] {
        let ee = ElementaryEffects(points: points, outputs: outputs, inputs: design.inputs, delta: design.delta)
        let point = ee.summary()
        let boot = Bootstrap.intervals(units: design.trajectories, resamples: resamples, seed: seed) { rows in
            let s = ee.summary(rows: rows)
            return s.muStar + s.mu + s.sigma
        }
        let d = design.inputs
        var out: [SensitivityIndex] = []
        for i in 0..<d {
            out.append(SensitivityIndex(kind: .muStar, input: i, value: point.muStar[i], low: boot[i].low, high: boot[i].high))
            out.append(SensitivityIndex(kind: .mu, input: i, value: point.mu[i], low: boot[d + i].low, high: boot[d + i].high))
            out.append(SensitivityIndex(kind: .sigma, input: i, value: point.sigma[i], low: boot[2 * d + i].low, high: boot[2 * d + i].high))
        }
        return out
    }
}
