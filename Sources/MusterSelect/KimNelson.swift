import Foundation

/// The constants and the screening step of Kim and Nelson's fully
/// sequential procedure KN (Kim & Nelson 2001, "A fully sequential procedure
/// for indifference-zone selection in simulation", ACM TOMACS 11(3)) with
/// c = 1 and common random numbers allowed.
///
/// With k candidates, α = 1 − confidence, a first stage of n0
/// observations and the indifference zone δ:
///
///   η  = ½ · [ (2α / (k − 1))^(−2/(n0 − 1)) − 1 ]
///   h² = 2 η (n0 − 1)
///
/// S²ᵢₗ is the sample variance of the n0 differences Xᵢⱼ − Xₗⱼ (so any
/// correlation between candidates, common random numbers among them, is
/// used). After r observations candidate i (larger is better) stays while,
/// for every other survivor l,
///
///   X̄ᵢ(r) ≥ X̄ₗ(r) − Wᵢₗ(r),   Wᵢₗ(r) = max{0, δ/(2r) · (h² S²ᵢₗ/δ² − r)}.
///
/// The region shrinks linearly in r (in sums: a triangle) and closes at
/// r = h² S²ᵢₗ / δ², so the procedure ends by then.
public struct KimNelson: Sendable, Equatable {
    public var candidates: Int
    public var alpha: Double
    public var firstStage: Int
    public var eta: Double
    public var h2: Double

    public init(candidates k: Int, alpha: Double, firstStage n0: Int) {
        precondition(k >= 2 && n0 >= 2 && alpha > 0 && alpha < 1)
        candidates = k; self.alpha = alpha; firstStage = n0
        eta = 0.5 * (pow(2 * alpha / Double(k - 1), -2 / Double(n0 - 1)) - 1)
        h2 = 2 * eta * Double(n0 - 1)
    }

    /// Wᵢₗ(r): how far below another survivor's mean a candidate's mean may
    /// lie after r observations and stay in contention.
    public func halfWidth(varianceOfDifference s2: Double, indifference delta: Double, observations r: Int) -> Double {
        max(0, delta / (2 * Double(r)) * (h2 * s2 / (delta * delta) - Double(r)))
    }

    /// The observations after which the pair's region has closed (W = 0):
    /// ⌊h² S²ᵢₗ / δ²⌋.
    public func closes(varianceOfDifference s2: Double, indifference delta: Double) -> Int {
        Int((h2 * s2 / (delta * delta)).rounded(.down))
    }

    /// One screening: of `survivors`, those whose mean (larger is better)
    /// stays within every other survivor's region. Returns the new
    /// survivors in the order given, and for each one screened out the
    /// survivor that screened it out (the first in order, for a stable
    /// record).
    public func screen(means: [Double], survivors: [Int], variances s2: [[Double]], indifference delta: Double,
                       observations r: Int) -> (survivors: [Int], eliminatedBy: [Int: Int]) {
        var kept: [Int] = []
        var by: [Int: Int] = [:]
        for i in survivors {
            var out: Int? = nil
            for l in survivors where l != i {
                let w = halfWidth(varianceOfDifference: s2[i][l], indifference: delta, observations: r)
                if means[i] < means[l] - w { out = l; break }
            }
            if let out { by[i] = out } else { kept.append(i) }
        }
        return (kept, by)
    }
}
