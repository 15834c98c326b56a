/// Point estimates of Sobol indices from outputs in `SaltelliDesign`'s
/// layout, with the estimators SALib's `sobol.analyze` uses, so the two
/// agree to rounding on the same outputs:
///
/// - first order S1_i = mean(B·(AB_i − A)) / V (Saltelli et al. 2010),
/// - total ST_i = ½·mean((A − AB_i)²) / V (Jansen 1999, as in Saltelli 2010),
/// - second order S2_ij = mean(BA_i·AB_j − A·B) / V − S1_i − S1_j (Saltelli 2002),
///
/// where V is the population variance of A and B together. Outputs are
/// first centred and scaled by the mean and standard deviation of all of
/// them (as SALib does: S1's estimator is not shift invariant). An output
/// that does not vary gives indices 0.
public struct SobolIndices: Sendable, Equatable {
    public var s1: [Double]
    public var st: [Double]
    /// S2 of inputs (i, j), i < j, in row order (0,1), (0,2), …, (1,2), …; empty without second order.
    public var s2: [Double]

    /// The outputs split into A, B, AB and BA columns (normalised).
    public struct Blocks: Sendable {
        public let n: Int
        public let d: Int
        var a: [Double]
        var b: [Double]
        /// ab[i][j]: input i from B, base row j.
        var ab: [[Double]]
        var ba: [[Double]]

        public init(outputs y: [Double], design: SaltelliDesign) {
            precondition(y.count == design.pointCount, "one output per design point")
            n = design.baseSamples; d = design.inputs
            let count = Double(y.count)
            let mean = y.reduce(0, +) / count
            let sd = (y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count).squareRoot()
            let z = sd > 0 ? y.map { ($0 - mean) / sd } : y.map { $0 - mean }
            let step = design.blockSize
            a = stride(from: 0, to: z.count, by: step).map { z[$0] }
            b = stride(from: step - 1, to: z.count, by: step).map { z[$0] }
            let dd = d
            ab = (0..<dd).map { i in stride(from: i + 1, to: z.count, by: step).map { z[$0] } }
            ba = design.secondOrder ? (0..<dd).map { i in stride(from: i + 1 + dd, to: z.count, by: step).map { z[$0] } } : []
        }
    }

    /// Estimates from all base rows.
    public init(outputs: [Double], design: SaltelliDesign) {
        let blocks = Blocks(outputs: outputs, design: design)
        self.init(blocks, rows: Array(0..<blocks.n))
    }

    /// Estimates from the base rows `rows` (a bootstrap resample repeats some).
    public init(_ k: Blocks, rows: [Int]) {
        let m = Double(rows.count)
        // Population variance and range of A and B together.
        var sum = 0.0, lo = Double.infinity, hi = -Double.infinity
        for r in rows {
            sum += k.a[r] + k.b[r]
            lo = min(lo, k.a[r], k.b[r]); hi = max(hi, k.a[r], k.b[r])
        }
        let mean = sum / (2 * m)
        var ss = 0.0
        for r in rows { ss += (k.a[r] - mean) * (k.a[r] - mean) + (k.b[r] - mean) * (k.b[r] - mean) }
        let v = ss / (2 * m)
        let constant = !(hi - lo > Double.ulpOfOne)
        let usable = v > Double.ulpOfOne && !constant
        func first(_ i: Int) -> Double {
            guard usable else { return 0 }
            var s = 0.0
            for r in rows { s += k.b[r] * (k.ab[i][r] - k.a[r]) }
            return s / m / v
        }
        s1 = (0..<k.d).map(first)
        st = (0..<k.d).map { i in
            guard usable else { return 0 }
            var s = 0.0
            for r in rows { let e = k.a[r] - k.ab[i][r]; s += e * e }
            return 0.5 * (s / m) / v
        }
        var pairs: [Double] = []
        if !k.ba.isEmpty {
            for i in 0..<k.d {
                for j in (i + 1)..<max(i + 1, k.d) {
                    guard usable else { pairs.append(0); continue }
                    var s = 0.0
                    for r in rows { s += k.ba[i][r] * k.ab[j][r] - k.a[r] * k.b[r] }
                    pairs.append(s / m / v - s1[i] - s1[j])
                }
            }
        }
        s2 = pairs
    }

    /// The pairs (i, j) of `s2`, in its order.
    public static func pairs(inputs d: Int) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        for i in 0..<d { for j in (i + 1)..<max(i + 1, d) { out.append((i, j)) } }
        return out
    }
}
