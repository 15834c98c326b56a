// Small statistics helpers shared by the sampling tests. Expected values in
// the tests come from closed forms; these only summarise the samples.

/// Sample moments of a list of draws.
struct SampleMoments {
    let n: Int
    let mean: Double
    /// Unbiased sample variance.
    let variance: Double
    /// Fourth central moment (biased), used for the variance's standard error.
    let m4: Double

    init(_ xs: [Double]) {
        precondition(xs.count > 1)
        n = xs.count
        let m = xs.reduce(0, +) / Double(xs.count)
        var s2 = 0.0, s4 = 0.0
        for x in xs {
            let d = x - m
            let d2 = d * d
            s2 += d2
            s4 += d2 * d2
        }
        mean = m
        variance = s2 / Double(xs.count - 1)
        m4 = s4 / Double(xs.count)
    }

    /// Standard error of the sample mean when the true variance is `sigma2`.
    func meanStandardError(trueVariance sigma2: Double) -> Double {
        (sigma2 / Double(n)).squareRoot()
    }

    /// Large-sample standard error of the sample variance, √((μ₄ − σ⁴)/n),
    /// with μ₄ and σ² estimated from the sample.
    var varianceStandardError: Double {
        let biased = variance * Double(n - 1) / Double(n)
        return (max(m4 - biased * biased, 0) / Double(n)).squareRoot()
    }
}

/// Pearson's chi-square statistic for observed counts against equal
/// expected counts.
func chiSquareUniform(_ counts: [Int]) -> Double {
    let total = Double(counts.reduce(0, +))
    let expected = total / Double(counts.count)
    return counts.reduce(0.0) { acc, c in
        let d = Double(c) - expected
        return acc + d * d / expected
    }
}

/// Lag-1 serial correlation coefficient of a sequence.
func lag1Correlation(_ xs: [Double]) -> Double {
    let m = xs.reduce(0, +) / Double(xs.count)
    var num = 0.0, den = 0.0
    for i in xs.indices {
        let d = xs[i] - m
        den += d * d
        if i + 1 < xs.count { num += d * (xs[i + 1] - m) }
    }
    return num / den
}

/// A small deterministic generator for test inputs (SplitMix64, written out
/// independently of the engine's C version), so randomised tests replay.
struct TestRNG: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
