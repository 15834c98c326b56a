/// Saltelli's sampling scheme for first-order, total and (optionally)
/// second-order Sobol indices (Saltelli 2002; Saltelli et al. 2010).
///
/// Two base matrices A and B of N rows come from one Sobol sequence of 2D
/// dimensions (the first D columns are A, the last D are B). Each base row
/// j gives a block of rows, in the layout SALib's `saltelli`/`sobol`
/// samplers use so their analysers read the same outputs: A_j, then
/// AB_j^(i) (A_j with input i taken from B_j) for every input i, then, for
/// second order, BA_j^(i) (B_j with input i from A_j), then B_j.
public struct SaltelliDesign: Sendable, Equatable {
    /// The base sample size N (a power of two).
    public let baseSamples: Int
    /// Number of inputs D.
    public let inputs: Int
    public let secondOrder: Bool

    /// Inputs the scheme can take: two sequence dimensions per input.
    public static let maxInputs = SobolSequence.maxDimensions / 2
    /// Largest N accepted (the design alone would be millions of points).
    public static let maxBaseSamples = 1 << 20

    public init(baseSamples: Int, inputs: Int, secondOrder: Bool) throws(SensitivityDesignError) {
        guard PowerOfTwo.isPower(baseSamples) else {
            let next = PowerOfTwo.next(atLeast: max(1, baseSamples))
            throw SensitivityDesignError(key: "n", message: "\(baseSamples) is not a power of two; Saltelli's scheme on a Sobol sequence needs one (its balance properties hold for 2^k points): use \(next)")
        }
        guard baseSamples <= Self.maxBaseSamples else {
            throw SensitivityDesignError(key: "n", message: "\(baseSamples) is more than the largest base sample size, \(Self.maxBaseSamples)")
        }
        guard inputs >= 1 else {
            throw SensitivityDesignError(key: "inputs", message: "a Sobol design needs at least one input")
        }
        guard inputs <= Self.maxInputs else {
            throw SensitivityDesignError(key: "inputs", message: "\(inputs) inputs are too many for the Sobol sequence: it has \(SobolSequence.maxDimensions) dimensions and Saltelli's scheme uses two per input, so at most \(Self.maxInputs) inputs; fix the others with set: or screen them first with design morris")
        }
        self.baseSamples = baseSamples; self.inputs = inputs; self.secondOrder = secondOrder
    }

    /// Rows per base row: D + 2, or 2D + 2 with second order.
    public var blockSize: Int { secondOrder ? 2 * inputs + 2 : inputs + 2 }
    /// Model evaluations (design points): N × blockSize.
    public var pointCount: Int { baseSamples * blockSize }

    /// The design's points in the unit hypercube, in block layout.
    public func unitPoints() -> [[Double]] {
        let base = SobolSequence.points(count: baseSamples, dimensions: 2 * inputs)
        return Self.assemble(a: base.map { Array($0[..<inputs]) }, b: base.map { Array($0[inputs...]) },
                             secondOrder: secondOrder)
    }

    /// Blocks built from given base matrices (rows of A and B).
    public static func assemble(a: [[Double]], b: [[Double]], secondOrder: Bool) -> [[Double]] {
        precondition(a.count == b.count)
        var out: [[Double]] = []
        for (rowA, rowB) in zip(a, b) {
            out.append(rowA)
            for i in rowA.indices {
                var ab = rowA
                ab[i] = rowB[i]
                out.append(ab)
            }
            if secondOrder {
                for i in rowA.indices {
                    var ba = rowB
                    ba[i] = rowA[i]
                    out.append(ba)
                }
            }
            out.append(rowB)
        }
        return out
    }
}
