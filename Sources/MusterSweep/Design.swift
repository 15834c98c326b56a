import Foundation
import MusterEngine
import MusterScenario

/// Turns a sweep's axes and design into the list of points, each a value
/// per axis (nil: the key is left as the base scenario has it).
///
/// Everything here is deterministic: a Latin hypercube's draws come from a
/// stream keyed by the sweep's seed alone.
public enum Design {
    /// A problem of one axis, with the axis's index.
    public struct Problem: Error, Equatable {
        public var axis: Int?
        public var message: String
    }

    /// The most points a sweep may have.
    public static let maxPoints = 1_000_000

    /// The points of `design` over `axes`.
    public static func points(_ design: SweepDesign, axes: [SweepAxis], seed: UInt64) throws(Problem) -> [[AxisValue?]] {
        switch design {
        case .grid:
            let lists = try axes.enumerated().map { i, a throws(Problem) in try values(a, index: i) }
            // Counted before they are built: two axes of a million values
            // each would otherwise make 10^12 points before any check.
            var count = 1.0
            for list in lists { count *= Double(list.count) }
            if count > Double(maxPoints) {
                let sizes = lists.map { String($0.count) }.joined(separator: " × ")
                throw Problem(axis: nil, message: "the grid makes \(sizes) = \(CountText.format(count)) points; allowed: 1 to \(CountText.format(Double(maxPoints))). Use fewer values per axis, or a Latin hypercube (design: {lhs: N})")
            }
            return grid(lists)
        case .oat:
            let lists = try axes.enumerated().map { i, a throws(Problem) in try values(a, index: i) }
            let count = lists.reduce(1) { $0 + $1.count }
            if count > maxPoints {
                throw Problem(axis: nil, message: "the one-at-a-time design makes up to \(CountText.format(Double(count))) points; allowed: 1 to \(CountText.format(Double(maxPoints)))")
            }
            return oat(lists, bases: axes.map(\.base))
        case .lhs(let n):
            return LatinHypercube.points(n, axes: axes, seed: seed)
        case .sobol, .morris:
            return try SensitivityPoints.points(design, axes: axes, seed: seed)
        }
    }

    /// The discrete values of an axis for grid and one-at-a-time designs.
    public static func values(_ axis: SweepAxis, index: Int = 0) throws(Problem) -> [AxisValue] {
        switch axis.values {
        case .list(let values):
            return values
        case .range(let a, let b, let step, let count, let log):
            var numbers: [Double] = []
            if let s = step {
                // Multiplied, not accumulated, so 0.1 steps do not drift; the
                // small slack keeps `to` when (b − a)/s is whole up to rounding.
                let steps = ((b - a) / s + 1e-9).rounded(.down) + 1
                guard steps.isFinite, steps <= Double(maxPoints) else {
                    throw Problem(axis: index, message: "the range makes \(steps.isFinite ? CountText.format(steps) : "too many") values; allowed: at most \(CountText.format(Double(maxPoints))). Use a larger step")
                }
                let n = Int(steps)
                numbers = (0..<n).map { a + Double($0) * s }
            } else if let c = count {
                numbers = spaced(a, b, count: c, log: log)
            }
            let out = numbers.map { axis.value(of: tidy($0)) }
            var seen = Set<String>()
            for v in out where !seen.insert(v.text).inserted {
                throw Problem(axis: index, message: "value \(v.text) comes twice after rounding to whole numbers; use fewer values or a wider range")
            }
            return out
        }
    }

    /// `count` values from a to b inclusive, evenly or geometrically spaced.
    static func spaced(_ a: Double, _ b: Double, count c: Int, log: Bool) -> [Double] {
        guard c > 1 else { return [a] }
        return (0..<c).map { i in
            if i == 0 { return a }
            if i == c - 1 { return b }
            let f = Double(i) / Double(c - 1)
            return log ? Foundation.exp(Foundation.log(a) + f * (Foundation.log(b) - Foundation.log(a))) : a + f * (b - a)
        }
    }

    /// Removes binary noise (0.30000000000000004 → 0.3) by keeping 12
    /// significant digits, so values read as the user would write them.
    static func tidy(_ x: Double) -> Double {
        Double(String(format: "%.12g", x)) ?? x
    }

    /// Full factorial; the first axis varies slowest.
    static func grid(_ lists: [[AxisValue]]) -> [[AxisValue?]] {
        var points: [[AxisValue?]] = [[]]
        for list in lists {
            points = points.flatMap { p in list.map { p + [$0] } }
        }
        return points
    }

    /// The base point, then each axis's values in turn with every other
    /// axis at its base; an axis's own base value is not repeated.
    static func oat(_ lists: [[AxisValue]], bases: [AxisValue?]) -> [[AxisValue?]] {
        var points: [[AxisValue?]] = [bases]
        for (i, list) in lists.enumerated() {
            for v in list where v.text != bases[i]?.text {
                var p = bases
                p[i] = v
                points.append(p)
            }
        }
        return points
    }
}

/// Latin hypercube sampling (McKay, Beckman & Conover 1979): each axis's
/// range is cut into `n` equal strata and every stratum holds exactly one
/// of the `n` points.
///
/// Draws: one MT19937 stream keyed by (seed, "lhs"); for each axis in file
/// order, a Fisher–Yates permutation of the strata (n − 1 draws), then one
/// uniform position inside the stratum per point. Point i of axis j sits at
/// u = (π_j(i) + U_ij) / n of the range (geometrically on a log scale),
/// snapped to `step` if given and rounded on integer axes; a listed axis
/// takes value ⌊u·k⌋ of its k values.
public enum LatinHypercube {
    /// Key of the design's stream below the sweep seed ("LHS" in ASCII).
    static let streamFamily: UInt64 = 0x4C4853

    public static func points(_ n: Int, axes: [SweepAxis], seed: UInt64) -> [[AxisValue?]] {
        let stream = RandomStream.sequential(key: StreamKey(seed: seed).child(streamFamily).value)
        var columns: [[AxisValue]] = []
        for axis in axes {
            let u = unitColumn(n, stream: stream)
            columns.append(u.map { value(axis, at: $0) })
        }
        return (0..<n).map { i in columns.map { Optional($0[i]) } }
    }

    /// One axis's positions in [0, 1): a permutation of the strata, jittered.
    static func unitColumn(_ n: Int, stream: RandomStream) -> [Double] {
        var perm = Array(0..<n)
        if n > 1 {
            for i in stride(from: n - 1, to: 0, by: -1) {
                perm.swapAt(i, stream.uniformInt(below: i + 1))
            }
        }
        return perm.map { (Double($0) + stream.uniform()) / Double(n) }
    }

    /// The axis value at position `u` in [0, 1).
    static func value(_ axis: SweepAxis, at u: Double) -> AxisValue {
        switch axis.values {
        case .list(let values):
            return values[min(values.count - 1, Int(u * Double(values.count)))]
        case .range(let a, let b, let step, _, let log):
            var x = log ? Foundation.exp(Foundation.log(a) + u * (Foundation.log(b) - Foundation.log(a))) : a + u * (b - a)
            if let s = step {
                x = a + ((x - a) / s).rounded() * s
                if x > b + 1e-12 * Swift.max(1, abs(b)) { x -= s }
            }
            return axis.value(of: Design.tidy(x))
        }
    }
}
