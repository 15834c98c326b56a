import Foundation
import MusterABC
import MusterEngine
import MusterModel

/// A calibration's posterior.csv read back, to carry parameter uncertainty
/// into predictions: replication r of a run draws particle i with
/// probability its weight (from a stream keyed by the seed and r), and is
/// simulated with that particle's values.
public struct PosteriorSample: Sendable {
    public let parameters: [CalibrationParameter]
    public let particles: [[Double]]
    public let weights: [Double]
    let cumulative: [Double]

    /// Reads posterior.csv (`particle,<columns>,weight,generation`); the
    /// error names the file, line and column.
    public static func read(path: String) -> Result<PosteriorSample, CalibrationInputError> {
        func fail(_ line: Int?, _ m: String) -> Result<PosteriorSample, CalibrationInputError> {
            .failure(CalibrationInputError("\(path)\(line.map { ":\($0)" } ?? ""): \(m)"))
        }
        let bytes: [UInt8]
        switch RegularFile.read(path) {
        case .failure(let e): return fail(nil, "cannot read the posterior: \(e.reason)")
        case .success(let b): bytes = b
        }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard let head = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init),
              head.count >= 4, head.first == "particle", head[head.count - 2] == "weight", head.last == "generation" else {
            return fail(1, "expected the header of a calibration's posterior.csv: particle,<parameters>,weight,generation")
        }
        var parameters: [CalibrationParameter] = []
        for col in head[1..<(head.count - 2)] {
            var name = col, unit: String?
            if col.hasSuffix("]"), let open = col.lastIndex(of: "[") {
                unit = String(col[col.index(after: open)..<col.index(before: col.endIndex)])
                name = String(col[..<open])
                guard CalibrationParameter.units.contains(unit!) else { return fail(1, "column \(col): unknown unit '\(unit!)'") }
            }
            let paths = name.split(separator: "+").map(String.init)
            guard !paths.isEmpty, !paths.contains(where: \.isEmpty) else { return fail(1, "column \(col) names no scenario path") }
            parameters.append(CalibrationParameter(paths: paths, prior: Prior(.uniform(low: 0, high: 1)), unit: unit))
        }
        var particles: [[Double]] = []
        var weights: [Double] = []
        for (i, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count == head.count else { return fail(i + 1, "\(f.count) fields; the header has \(head.count)") }
            var values: [Double] = []
            for (k, text) in f[1..<(f.count - 2)].enumerated() {
                guard let v = Double(text), v.isFinite else { return fail(i + 1, "column \(head[k + 1]): '\(text)' is not a number") }
                values.append(v)
            }
            guard let w = Double(f[f.count - 2]), w.isFinite, w >= 0 else { return fail(i + 1, "weight '\(f[f.count - 2])' is not a number ≥ 0") }
            particles.append(values)
            weights.append(w)
        }
        guard !particles.isEmpty, weights.reduce(0, +) > 0 else { return fail(nil, "no particle with a positive weight") }
        // The knobs are probed over the particles' range.
        for k in parameters.indices {
            let lo = particles.map { $0[k] }.min()!, hi = particles.map { $0[k] }.max()!
            let pad = hi > lo ? 0 : max(abs(lo) * 0.01, 1e-6)
            parameters[k].prior = Prior(.uniform(low: lo - pad, high: hi + pad))
        }
        return .success(PosteriorSample(parameters: parameters, particles: particles, weights: weights))
    }

    public init(parameters: [CalibrationParameter], particles: [[Double]], weights: [Double]) {
        self.parameters = parameters; self.particles = particles; self.weights = weights
        cumulative = weights.reduce(into: [Double]()) { $0.append(($0.last ?? 0) + $1) }
    }

    /// The particle replication r uses under `seed`.
    public func particle(replication r: Int, seed: UInt64) -> Int {
        let rng = RandomStream.keyed()
        rng.reseed(StreamKey(seed: seed).child(0x504F_5354, UInt64(r)).value)
        let u = rng.uniform() * cumulative.last!
        var lo = 0, hi = cumulative.count - 1
        while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] > u { hi = mid } else { lo = mid + 1 } }
        return lo
    }

    /// `base` with particle i's values set through `knobs` (one list per parameter).
    public func scenario(_ base: Scenario, particle i: Int, knobs: [[ScenarioKnob]]) -> Scenario {
        var s = base
        for (k, ks) in knobs.enumerated() { for knob in ks { knob.apply(particles[i][k], to: &s) } }
        return s
    }
}
