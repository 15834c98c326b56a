import MusterNumerics
import MusterScenario

/// The points of a sensitivity design: the design's unit-cube points
/// (`SaltelliDesign`, `MorrisDesign`), each coordinate turned into its
/// axis's value.
///
/// A coordinate u becomes the u-quantile of the input's law (`dist:`), a
/// value of the range (uniform, or log-uniform with `scale: log`, snapped
/// to `step` and rounded on integer axes as in a Latin hypercube), or the
/// ⌊u·k⌋-th of k listed values. A Morris grid includes 0 and 1, where an
/// unbounded law (normal, lognormal) has no quantile: for those, level k of
/// p is taken at (k + ½)/p, the middle of its equal-probability bin.
public enum SensitivityPoints {
    /// The design's unit-cube points in design order.
    public static func unitPoints(_ design: SweepDesign, inputs: Int, seed: UInt64) throws(Design.Problem) -> [[Double]] {
        do {
            switch design {
            case .sobol(let n, let s2):
                return try SaltelliDesign(baseSamples: n, inputs: inputs, secondOrder: s2).unitPoints()
            case .morris(let r, let p):
                return try MorrisDesign(trajectories: r, levels: p, inputs: inputs).unitPoints(seed: seed)
            default:
                return []
            }
        } catch {
            throw Design.Problem(axis: nil, message: "design.\(error.key): \(error.message)")
        }
    }

    static func points(_ design: SweepDesign, axes: [SweepAxis], seed: UInt64) throws(Design.Problem) -> [[AxisValue?]] {
        let unit = try unitPoints(design, inputs: axes.count, seed: seed)
        var levels: Int?
        if case .morris(_, let p) = design { levels = p }
        return unit.map { row in zip(axes, row).map { axis, u in Optional(value(axis, at: u, morrisLevels: levels)) } }
    }

    /// The axis value at unit coordinate `u`.
    public static func value(_ axis: SweepAxis, at u: Double, morrisLevels: Int?) -> AxisValue {
        guard let law = axis.law.map(InputDistribution.init) else {
            return LatinHypercube.value(axis, at: u)
        }
        var q = u
        if let p = morrisLevels, !law.isBounded {
            q = (u * Double(p - 1) + 0.5) / Double(p)
        }
        return axis.value(of: Design.tidy(law.quantile(q)))
    }
}

extension InputDistribution {
    /// The numbers-only law of a sweep file's input.
    init(_ law: SweepInputLaw) {
        switch law {
        case .uniform(let a, let b): self = .uniform(low: a, high: b)
        case .triangular(let a, let c, let b): self = .triangular(low: a, mode: c, high: b)
        case .normal(let m, let s): self = .normal(mean: m, sd: s)
        case .lognormal(let m, let s): self = .lognormal(mean: m, sd: s)
        }
    }
}
