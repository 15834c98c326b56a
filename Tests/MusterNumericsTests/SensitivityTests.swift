import Foundation
import Testing
@testable import MusterNumerics

/// The index code on functions whose Sobol indices are known in closed
/// form, through the path a sweep uses: Saltelli design on the Sobol
/// sequence → inputs' quantiles → outputs → estimators → bootstrap.
@Suite struct SobolKnownFunctionTests {
    /// Ishigami (a = 7, b = 0.1) on [−π, π]³ (Ishigami & Homma 1990):
    /// V = a²/8 + bπ⁴/5 + b²π⁸/18 + ½, V1 = ½(1 + bπ⁴/5)², V2 = a²/8, V3 = 0,
    /// V13 = b²π⁸(1/18 − 1/50); ST1 = (V1 + V13)/V, ST2 = V2/V, ST3 = V13/V.
    @Test func ishigamiIndicesLieInTheirIntervals() throws {
        let a = 7.0, b = 0.1, pi = Double.pi
        let v1 = 0.5 * pow(1 + b * pow(pi, 4) / 5, 2), v2 = a * a / 8
        let v13 = b * b * pow(pi, 8) * (1.0 / 18 - 1.0 / 50)
        let v = v1 + v2 + v13
        let s1 = [v1 / v, v2 / v, 0], st = [(v1 + v13) / v, v2 / v, v13 / v]

        let design = try SaltelliDesign(baseSamples: 4096, inputs: 3, secondOrder: true)
        let law = InputDistribution.uniform(low: -pi, high: pi)
        let y = design.unitPoints().map { u in
            let x = u.map(law.quantile)
            return sin(x[0]) + a * pow(sin(x[1]), 2) + b * pow(x[2], 4) * sin(x[0])
        }
        let indices = SensitivityIndices.sobol(outputs: y, design: design, resamples: 300, seed: 11)
        for i in 0..<3 {
            let one = try #require(indices.first { $0.kind == .s1 && $0.input == i })
            let total = try #require(indices.first { $0.kind == .st && $0.input == i })
            #expect(one.low <= s1[i] && s1[i] <= one.high, "S1 of x\(i + 1): \(s1[i]) outside [\(one.low), \(one.high)]")
            #expect(total.low <= st[i] && st[i] <= total.high, "ST of x\(i + 1): \(st[i]) outside [\(total.low), \(total.high)]")
            #expect(abs(one.value - s1[i]) < 0.02 && abs(total.value - st[i]) < 0.02)
        }
        // S2 of (x1, x3) is V13/V; the other pairs do not interact.
        let s13 = try #require(indices.first { $0.kind == .s2 && $0.input == 0 && $0.other == 2 })
        #expect(s13.low <= v13 / v && v13 / v <= s13.high)
    }

    /// Y = Σ aᵢXᵢ with independent inputs: S1ᵢ = STᵢ = aᵢ²Var(Xᵢ) / Σ aⱼ²Var(Xⱼ).
    /// One input of each law, and one with coefficient 0 (indices exactly 0).
    @Test func additiveLinearModelWithEveryLaw() throws {
        let laws: [InputDistribution] = [
            .uniform(low: 0, high: 2),                  // Var 1/3
            .triangular(low: 0, mode: 1, high: 4),      // Var (0 + 16 + 1 − 0 − 0 − 4)/18 = 13/18
            .lognormal(mean: 2, sd: 1),                 // Var 1
            .normal(mean: 5, sd: 0.5),                  // Var 1/4
            .logUniform(low: 1, high: 3),               // does nothing
        ]
        let coefficients = [1.0, 1.0, 0.5, 2.0, 0.0]
        let variances = [1.0 / 3, 13.0 / 18, 1.0, 0.25, 0]
        let parts = zip(coefficients, variances).map { $0 * $0 * $1 }
        let total = parts.reduce(0, +)
        let design = try SaltelliDesign(baseSamples: 4096, inputs: laws.count, secondOrder: false)
        let y = design.unitPoints().map { u in
            zip(zip(u, laws), coefficients).reduce(0.0) { $0 + $1.1 * $1.0.1.quantile($1.0.0) }
        }
        let indices = SensitivityIndices.sobol(outputs: y, design: design, resamples: 300, seed: 3)
        for i in laws.indices {
            let want = parts[i] / total
            for kind in [SensitivityIndex.Kind.s1, .st] {
                let s = try #require(indices.first { $0.kind == kind && $0.input == i })
                #expect(s.low <= want && want <= s.high, "\(kind) of input \(i): \(want) outside [\(s.low), \(s.high)]")
            }
        }
        let idle = indices.filter { $0.input == 4 }
        #expect(idle.allSatisfy { $0.value == 0 && $0.low == 0 && $0.high == 0 })
    }

    /// The quantiles of each law against closed forms.
    @Test func quantilesOfTheLaws() {
        #expect(InputDistribution.uniform(low: 2, high: 6).quantile(0.25) == 3)
        #expect(abs(InputDistribution.logUniform(low: 1, high: 100).quantile(0.5) - 10) < 1e-12)
        // Triangular (0, 1, 4): F(1) = 1/4; F(x) = 1 − (4 − x)²/12 above the mode.
        let t = InputDistribution.triangular(low: 0, mode: 1, high: 4)
        #expect(abs(t.quantile(0.25) - 1) < 1e-12)
        #expect(abs(t.quantile(1 - 4.0 / 12) - 2) < 1e-12)
        #expect(abs(InputDistribution.normal(mean: 5, sd: 2).quantile(0.975) - (5 + 2 * 1.959963984540054)) < 1e-9)
        // Lognormal with mean m and sd s: median exp(μ) = m/√(1 + s²/m²).
        #expect(abs(InputDistribution.lognormal(mean: 2, sd: 1).quantile(0.5) - 2 / (1.25).squareRoot()) < 1e-12)
    }
}

@Suite struct SensitivityDesignTests {
    @Test func saltelliLayoutMatchesTheBlocks() throws {
        let a = [[1.0, 2], [5, 6]], b = [[3.0, 4], [7, 8]]
        let rows = SaltelliDesign.assemble(a: a, b: b, secondOrder: true)
        #expect(rows.prefix(6) == [[1, 2], [3, 2], [1, 4], [1, 4], [3, 2], [3, 4]])
        #expect(rows.count == 12)
        let d = try SaltelliDesign(baseSamples: 8, inputs: 2, secondOrder: false)
        #expect(d.pointCount == 32 && d.unitPoints().count == 32)
    }

    @Test func badSobolSettingsAreRefusedWithAHint() {
        #expect(throws: SensitivityDesignError(key: "n", message: "100 is not a power of two; Saltelli's scheme on a Sobol sequence needs one (its balance properties hold for 2^k points): use 128")) {
            try SaltelliDesign(baseSamples: 100, inputs: 3, secondOrder: false)
        }
        do {
            _ = try SaltelliDesign(baseSamples: 64, inputs: 21, secondOrder: false)
            Issue.record("21 inputs accepted")
        } catch {
            #expect(error.key == "inputs" && error.message.contains("at most 20 inputs"))
        }
        #expect(throws: SensitivityDesignError.self) { try MorrisDesign(trajectories: 10, levels: 5, inputs: 3) }
    }

    /// Every step of a trajectory moves exactly one input, by ±Δ, on the grid.
    @Test func morrisTrajectoriesStepOneInputByDelta() throws {
        let design = try MorrisDesign(trajectories: 30, levels: 6, inputs: 4)
        let x = design.unitPoints(seed: 5)
        #expect(x.count == 150 && x == design.unitPoints(seed: 5) && x != design.unitPoints(seed: 6))
        for t in 0..<30 {
            var moved = Set<Int>()
            for s in 0..<4 {
                let before = x[t * 5 + s], after = x[t * 5 + s + 1]
                let changed = (0..<4).filter { before[$0] != after[$0] }
                #expect(changed.count == 1)
                if let i = changed.first {
                    moved.insert(i)
                    #expect(abs(abs(after[i] - before[i]) - design.delta) < 1e-12)
                }
            }
            #expect(moved.count == 4)
        }
        for row in x { for u in row { #expect(u >= 0 && u <= 1 && abs(u * 5 - (u * 5).rounded()) < 1e-9) } }
    }

    /// Same outputs and seed, same intervals; another seed, other intervals.
    @Test func bootstrapIsSeeded() throws {
        let design = try SaltelliDesign(baseSamples: 64, inputs: 2, secondOrder: false)
        let y = design.unitPoints().map { $0[0] + 0.3 * $0[1] * $0[1] }
        let one = SensitivityIndices.sobol(outputs: y, design: design, resamples: 200, seed: 1)
        #expect(one == SensitivityIndices.sobol(outputs: y, design: design, resamples: 200, seed: 1))
        #expect(one != SensitivityIndices.sobol(outputs: y, design: design, resamples: 200, seed: 2))
    }
}

/// Agreement with SALib on the same points and outputs (fixtures written
/// once by scripts/sensitivity/salib-fixture.py; their headers give the
/// SALib version and command). The estimators are the same formulas, so
/// only rounding may differ.
@Suite struct SALibAgreementTests {
    struct Fixture {
        var design: [String: Int] = [:]
        var points: [[Double]] = []
        var outputs: [Double] = []
        var indices: [String: Double] = [:]
    }

    static func load(_ name: String) throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/sensitivity/\(name)")
        var f = Fixture()
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ").map(String.init)
            switch parts[0] {
            case "design":
                for kv in parts.dropFirst() {
                    let p = kv.split(separator: "=")
                    f.design[String(p[0])] = Int(p[1])
                }
            case "point":
                let numbers = parts.dropFirst().compactMap(Double.init)
                f.points.append(Array(numbers.dropLast()))
                f.outputs.append(numbers.last!)
            case "index":
                f.indices[parts.dropLast().joined(separator: " ")] = Double(parts.last!)
            default:
                break
            }
        }
        return f
    }

    static func ishigami(_ u: [Double]) -> Double {
        let x = u.map { -Double.pi + 2 * Double.pi * $0 }
        return sin(x[0]) + 7 * pow(sin(x[1]), 2) + 0.1 * pow(x[2], 4) * sin(x[0])
    }

    @Test func sobolIndicesEqualSALibs() throws {
        let f = try Self.load("salib-sobol.txt")
        let design = try SaltelliDesign(baseSamples: f.design["n"]!, inputs: f.design["inputs"]!,
                                        secondOrder: f.design["second_order"] == 1)
        // The fixture's matrix is ours: GSL's sequence in SALib's layout.
        #expect(design.unitPoints() == f.points)
        for (u, y) in zip(f.points, f.outputs) { #expect(abs(Self.ishigami(u) - y) < 1e-12) }
        let e = SobolIndices(outputs: f.outputs, design: design)
        #expect(f.indices.count == 9)
        for i in 0..<3 {
            #expect(abs(e.s1[i] - f.indices["index S1 \(i)"]!) < 1e-9)
            #expect(abs(e.st[i] - f.indices["index ST \(i)"]!) < 1e-9)
        }
        for (k, (i, j)) in SobolIndices.pairs(inputs: 3).enumerated() {
            #expect(abs(e.s2[k] - f.indices["index S2 \(i) \(j)"]!) < 1e-9)
        }
    }

    @Test func morrisSummariesEqualSALibs() throws {
        let f = try Self.load("salib-morris.txt")
        let design = try MorrisDesign(trajectories: f.design["trajectories"]!, levels: f.design["levels"]!,
                                      inputs: f.design["inputs"]!)
        #expect(f.points.count == design.pointCount)
        let s = ElementaryEffects(points: f.points, outputs: f.outputs, inputs: 3, delta: design.delta).summary()
        for i in 0..<3 {
            #expect(abs(s.mu[i] - f.indices["index mu \(i)"]!) < 1e-9)
            #expect(abs(s.muStar[i] - f.indices["index mu_star \(i)"]!) < 1e-9)
            #expect(abs(s.sigma[i] - f.indices["index sigma \(i)"]!) < 1e-9)
        }
    }
}
