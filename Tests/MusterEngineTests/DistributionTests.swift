import Foundation
import Testing
import MusterEngine

/// How draws are taken: one long MT19937 stream, or a SplitMix64 stream
/// re-seeded with a fresh key before every draw (as the simulator does for
/// household attempts and acknowledgements).
enum StreamKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sequential, keyedPerDraw
    var testDescription: String { rawValue }
}

/// Draws `n` samples of `d` with the given stream kind.
func draws(_ d: Distribution, _ kind: StreamKind, n: Int, seed: UInt64) -> [Double] {
    let sampler = d.sampler
    let root = StreamKey(seed: seed)
    var xs: [Double] = []
    xs.reserveCapacity(n)
    switch kind {
    case .sequential:
        let s = RandomStream.sequential(key: root.value)
        for _ in 0..<n { xs.append(sampler.sample(s)) }
    case .keyedPerDraw:
        let s = RandomStream.keyed()
        for i in 0..<n {
            s.reseed(root.child(UInt64(i)).value)
            xs.append(sampler.sample(s))
        }
    }
    return xs
}

/// A distribution with its mean and variance in closed form.
struct MomentCase: Sendable, CustomTestStringConvertible {
    let name: String
    let distribution: Distribution
    let mean: Double
    let variance: Double
    var testDescription: String { name }
}

// Weibull moments: mean s·Γ(1+1/k), variance s²[Γ(1+2/k) − Γ(1+1/k)²].
private func weibullMean(_ k: Double, _ s: Double) -> Double { s * tgamma(1 + 1 / k) }
private func weibullVariance(_ k: Double, _ s: Double) -> Double {
    s * s * (tgamma(1 + 2 / k) - pow(tgamma(1 + 1 / k), 2))
}
// Triangular variance: (a² + b² + c² − ab − ac − bc)/18.
private func triangularVariance(_ a: Double, _ c: Double, _ b: Double) -> Double {
    (a * a + b * b + c * c - a * b - a * c - b * c) / 18
}

let momentCases: [MomentCase] = [
    MomentCase(name: "uniform(10, 70)", distribution: .uniform(min: 10, max: 70),
               mean: 40, variance: 60 * 60 / 12.0),
    MomentCase(name: "exponential(120)", distribution: .exponential(mean: 120),
               mean: 120, variance: 120 * 120),
    // Lognormal given by the variate's own mean and sd: 6 min ± 4 min.
    MomentCase(name: "lognormal(360, 240)", distribution: .lognormal(mean: 360, sd: 240),
               mean: 360, variance: 240 * 240),
    MomentCase(name: "gamma(2.5, 40)", distribution: .gamma(shape: 2.5, scale: 40),
               mean: 2.5 * 40, variance: 2.5 * 40 * 40),
    MomentCase(name: "gamma(0.5, 10)", distribution: .gamma(shape: 0.5, scale: 10),
               mean: 5, variance: 0.5 * 100),
    MomentCase(name: "weibull(1.5, 100)", distribution: .weibull(shape: 1.5, scale: 100),
               mean: weibullMean(1.5, 100), variance: weibullVariance(1.5, 100)),
    // Shape 2: mean s·√π/2, variance s²(1 − π/4).
    MomentCase(name: "weibull(2, 50)", distribution: .weibull(shape: 2, scale: 50),
               mean: 25 * Double.pi.squareRoot(), variance: 2_500 * (1 - Double.pi / 4)),
    MomentCase(name: "triangular(10, 20, 60)", distribution: .triangular(min: 10, mode: 20, max: 60),
               mean: 30, variance: triangularVariance(10, 20, 60)),
    MomentCase(name: "triangular(0, 0, 30)", distribution: .triangular(min: 0, mode: 0, max: 30),
               mean: 10, variance: 900 / 18.0),
    // Clamped at zero: E[max(X, 0)] = ∫₀¹⁰ x/20 dx = 2.5, E[max(X, 0)²] = 50/3.
    MomentCase(name: "uniform(-10, 10) clamped", distribution: .uniform(min: -10, max: 10),
               mean: 2.5, variance: 50.0 / 3 - 6.25),
]

@Suite("Distribution")
struct DistributionTests {
    static let n = 200_000

    @Test(arguments: momentCases, StreamKind.allCases)
    func sampleMomentsMatchClosedForms(c: MomentCase, kind: StreamKind) {
        let xs = draws(c.distribution, kind, n: Self.n, seed: 4_242)
        let m = SampleMoments(xs)
        #expect(xs.allSatisfy { $0 >= 0 && $0.isFinite })
        let seMean = m.meanStandardError(trueVariance: c.variance)
        #expect(abs(m.mean - c.mean) < 5 * seMean,
                "mean \(m.mean) vs \(c.mean) (se \(seMean))")
        let seVar = m.varianceStandardError
        #expect(abs(m.variance - c.variance) < 5 * seVar,
                "variance \(m.variance) vs \(c.variance) (se \(seVar))")
    }

    @Test(arguments: StreamKind.allCases)
    func lognormalIsParameterisedByTheVariatesMoments(kind: StreamKind) {
        let xs = draws(.lognormal(mean: 360, sd: 240), kind, n: Self.n, seed: 99)
        let m = SampleMoments(xs)
        // 6 min ± 4 min: sample mean ≈ 360 s, sample sd ≈ 240 s.
        #expect(abs(m.mean - 360) < 5 * 240 / Double(Self.n).squareRoot())
        // Standard error of the sd ≈ se(variance) / (2·sd).
        let seSD = m.varianceStandardError / (2 * 240)
        #expect(abs(m.variance.squareRoot() - 240) < 5 * seSD, "sd \(m.variance.squareRoot())")
        // Median exp(μ) = m / √(1 + sd²/m²) = 360 / √(13/9) ≈ 299.5.
        let median = 360 / (13.0 / 9).squareRoot()
        let below = Double(xs.filter { $0 < median }.count) / Double(Self.n)
        #expect(abs(below - 0.5) < 5 * (0.25 / Double(Self.n)).squareRoot())
    }

    @Test(arguments: StreamKind.allCases)
    func triangularMassBelowMode(kind: StreamKind) {
        // F(c) = (c − a)/(b − a) = 10/50 for triangular(10, 20, 60).
        let xs = draws(.triangular(min: 10, mode: 20, max: 60), kind, n: Self.n, seed: 5)
        let p = Double(xs.filter { $0 < 20 }.count) / Double(Self.n)
        #expect(abs(p - 0.2) < 5 * (0.2 * 0.8 / Double(Self.n)).squareRoot())
        #expect(xs.allSatisfy { (10...60).contains($0) })
    }

    @Test(arguments: StreamKind.allCases)
    func clampsAtZero(kind: StreamKind) {
        let xs = draws(.uniform(min: -10, max: 10), kind, n: Self.n, seed: 17)
        #expect(xs.allSatisfy { $0 >= 0 })
        #expect(xs.allSatisfy { $0 <= 10 })
        let zeros = Double(xs.filter { $0 == 0 }.count) / Double(Self.n)
        #expect(abs(zeros - 0.5) < 5 * (0.25 / Double(Self.n)).squareRoot())
        let mean = xs.reduce(0, +) / Double(Self.n)
        #expect(abs(mean - 2.5) < 5 * (125.0 / 12 / Double(Self.n)).squareRoot())
    }

    @Test func meanPropertyMatchesClosedForms() {
        #expect(Distribution.constant(42).mean == 42)
        #expect(Distribution.uniform(min: 10, max: 70).mean == 40)
        #expect(Distribution.exponential(mean: 120).mean == 120)
        #expect(Distribution.lognormal(mean: 360, sd: 240).mean == 360)
        #expect(Distribution.gamma(shape: 2.5, scale: 40).mean == 100)
        #expect(Distribution.weibull(shape: 1, scale: 80).mean == 80)            // Γ(2) = 1
        #expect(abs(Distribution.weibull(shape: 2, scale: 50).mean - 25 * Double.pi.squareRoot()) < 1e-9)
        #expect(abs(Distribution.weibull(shape: 0.5, scale: 10).mean - 20) < 1e-9) // Γ(3) = 2
        #expect(Distribution.triangular(min: 10, mode: 20, max: 60).mean == 30)
        #expect(Distribution.uniform(min: -10, max: 10).mean == 0)                // before clamping
    }

    @Test(arguments: [0.0, 1, 17.25, 3_600, 1e9])
    func constantSamplerReturnsTheConstant(x: Double) {
        let s = Distribution.Sampler(.constant(x))
        let seq = RandomStream.sequential(key: 1)
        let keyed = RandomStream.keyed()
        keyed.reseed(3)
        for _ in 0..<10 {
            #expect(s.sample(seq) == x)
            #expect(s.sample(keyed) == x)
        }
        #expect(Distribution.constant(x).sampler.sample(seq) == x)
    }

    @Test func degenerateParametersGiveConstants() {
        let s = RandomStream.sequential(key: 2)
        for _ in 0..<100 {
            #expect(Distribution.lognormal(mean: 5, sd: 0).sampler.sample(s) == 5)
            #expect(Distribution.exponential(mean: 0).sampler.sample(s) == 0)
            #expect(Distribution.triangular(min: 7, mode: 7, max: 7).sampler.sample(s) == 7)
            #expect(Distribution.uniform(min: 3, max: 3).sampler.sample(s) == 3)
            #expect(Distribution.constant(-4).sampler.sample(s) == 0)   // clamped
        }
    }

    @Test func deterministicFlag() {
        #expect(Distribution.constant(3).isDeterministic)
        #expect(Distribution.uniform(min: 3, max: 3).isDeterministic)
        #expect(Distribution.lognormal(mean: 3, sd: 0).isDeterministic)
        #expect(Distribution.triangular(min: 3, mode: 3, max: 3).isDeterministic)
        #expect(!Distribution.uniform(min: 3, max: 4).isDeterministic)
        #expect(!Distribution.exponential(mean: 3).isDeterministic)
        #expect(!Distribution.gamma(shape: 2, scale: 3).isDeterministic)
    }

    @Test func namesListsEveryCase() {
        #expect(Distribution.names == ["constant", "uniform", "exponential", "lognormal", "gamma", "weibull", "triangular"])
    }

    @Test func keyedDrawsDependOnlyOnTheKey() {
        // Common random numbers: the draw for a key is the same whatever was
        // drawn before.
        let d = Distribution.lognormal(mean: 360, sd: 240).sampler
        let s = RandomStream.keyed()
        let keys = (0..<50).map { StreamKey(seed: 8).child(UInt64($0)).value }
        let forward = keys.map { k -> Double in s.reseed(k); return d.sample(s) }
        let backward = keys.reversed().map { k -> Double in
            s.reseed(k)
            _ = s.uniform()           // disturb the stream before reseeding again
            s.reseed(k)
            return d.sample(s)
        }
        #expect(forward == Array(backward.reversed()))
    }
}

@Suite("CountDistribution")
struct CountDistributionTests {
    static let n = 200_000

    @Test func fixed() {
        let s = RandomStream.sequential(key: 10)
        for _ in 0..<100 { #expect(CountDistribution.fixed(3).sample(s) == 3) }
        #expect(CountDistribution.fixed(3).mean == 3)
    }

    @Test(arguments: StreamKind.allCases)
    func rangeIsInclusiveAndUniform(kind: StreamKind) {
        let d = CountDistribution.range(min: 2, max: 5)
        #expect(d.mean == 3.5)
        var counts = [Int](repeating: 0, count: 4)
        let seq = RandomStream.sequential(key: 11)
        let keyed = RandomStream.keyed()
        for i in 0..<Self.n {
            let x: Int
            if kind == .sequential {
                x = d.sample(seq)
            } else {
                keyed.reseed(StreamKey(seed: 11).child(UInt64(i)).value)
                x = d.sample(keyed)
            }
            guard (2...5).contains(x) else {
                Issue.record("draw \(x) outside 2...5")
                return
            }
            counts[x - 2] += 1
        }
        #expect(counts.allSatisfy { $0 > 0 })   // both bounds hit
        // Each value has probability 1/4: binomial standard error √(n·¼·¾).
        let se = (Double(Self.n) * 0.25 * 0.75).squareRoot()
        for c in counts { #expect(abs(Double(c) - Double(Self.n) / 4) < 5 * se, "\(counts)") }
        let sampleMean = Double(zip(2...5, counts).map { $0 * $1 }.reduce(0, +)) / Double(Self.n)
        // Discrete uniform on 4 values: variance (4² − 1)/12 = 1.25.
        #expect(abs(sampleMean - 3.5) < 5 * (1.25 / Double(Self.n)).squareRoot())
    }

    @Test func singleValueRange() {
        let s = RandomStream.sequential(key: 12)
        for _ in 0..<100 { #expect(CountDistribution.range(min: 4, max: 4).sample(s) == 4) }
    }

    @Test(arguments: StreamKind.allCases)
    func poissonMeanAndVariance(kind: StreamKind) {
        let d = CountDistribution.poisson(mean: 3.7)
        #expect(d.mean == 3.7)
        let seq = RandomStream.sequential(key: 13)
        let keyed = RandomStream.keyed()
        var xs: [Double] = []
        for i in 0..<Self.n {
            if kind == .sequential {
                xs.append(Double(d.sample(seq)))
            } else {
                keyed.reseed(StreamKey(seed: 13).child(UInt64(i)).value)
                xs.append(Double(d.sample(keyed)))
            }
        }
        let m = SampleMoments(xs)
        #expect(xs.allSatisfy { $0 >= 0 })
        #expect(abs(m.mean - 3.7) < 5 * (3.7 / Double(Self.n)).squareRoot())
        #expect(abs(m.variance - 3.7) < 5 * m.varianceStandardError)
        // P(X = 0) = e^−3.7.
        let p0 = Double(xs.filter { $0 == 0 }.count) / Double(Self.n)
        let e0 = exp(-3.7)
        #expect(abs(p0 - e0) < 5 * (e0 * (1 - e0) / Double(Self.n)).squareRoot())
    }

    @Test func poissonWithNoMeanIsZero() {
        let s = RandomStream.sequential(key: 14)
        for _ in 0..<100 {
            #expect(CountDistribution.poisson(mean: 0).sample(s) == 0)
            #expect(CountDistribution.poisson(mean: -1).sample(s) == 0)
        }
    }
}
