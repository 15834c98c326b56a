import Foundation
@testable import MusterSelect

/// Normal observations with known means, drawn from a keyed generator so a
/// value depends only on (macro-replication, candidate, replication): the
/// same whatever order the procedure asks for them.
struct NormalToy {
    var means: [Double]
    var sd: Double = 1
    /// Per candidate, when they differ (else `sd` for all).
    var sds: [Double]? = nil
    /// Share of the variance common to every candidate's replication r
    /// (common random numbers); 0: independent sampling.
    var common: Double = 0

    /// SplitMix64 of a key: uniform bits.
    static func bits(_ key: UInt64) -> UInt64 {
        var z = key &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A standard normal from a key (Box–Muller on two keyed uniforms).
    static func normal(_ key: UInt64) -> Double {
        let u1 = (Double(bits(key) >> 11) + 0.5) / 9_007_199_254_740_992
        let u2 = (Double(bits(key ^ 0xD1B5_4A32_D192_ED03) >> 11) + 0.5) / 9_007_199_254_740_992
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    func value(macro m: Int, candidate i: Int, replication r: Int) -> Double {
        let base = UInt64(m) &* 1_000_003 &+ UInt64(r) &* 7_919
        let shared = Self.normal(Self.bits(base))
        let own = Self.normal(Self.bits(base &+ UInt64(i + 1) &* 0x1000_0000_01))
        return means[i] + (sds?[i] ?? sd) * (common.squareRoot() * shared + (1 - common).squareRoot() * own)
    }

    func observe(macro m: Int) -> ([ObservationRequest]) -> [[Double]] {
        { requests in requests.map { q in q.replications.map { value(macro: m, candidate: q.candidate, replication: $0) } } }
    }
}

/// Probability of correct selection over macro-replications: the selected
/// candidate is within δ of the best.
struct PCSStudy {
    var toy: NormalToy
    var settings: SelectionSettings

    struct Outcome {
        var correct = 0
        var runs = 0
        var replications = 0
        var bonferroni = 0
        var pcs: Double { Double(correct) / Double(runs) }
        var meanReplications: Double { Double(replications) / Double(runs) }
        var meanBonferroni: Double { Double(bonferroni) / Double(runs) }
    }

    func run(macroReplications: Int, from first: Int = 0) throws -> Outcome {
        let best = settings.goal == .largest ? toy.means.max()! : toy.means.min()!
        let selection = Selection(candidates: toy.means.count, settings: settings)
        var o = Outcome()
        for m in first..<first + macroReplications {
            let a = try selection.run(observe: toy.observe(macro: m))
            // Percentiles of location-shifted normals differ as the means do.
            if abs(toy.means[a.selected] - best) < settings.indifference - 1e-12 || toy.means[a.selected] == best { o.correct += 1 }
            o.runs += 1
            o.replications += a.replicationsSpent
            o.bonferroni += a.bonferroniReplications
        }
        return o
    }
}
