/// The sweep file's sensitivity designs (`sobol`, `morris`) and the laws of
/// their inputs (`dist:` on an axis), read with the same located problems
/// as the rest of the file.
extension SweepFileReader {
    /// The design types and keys of sensitivity designs: those of the key
    /// table (`SweepSchema`) after the sampling designs' (grid, oat, lhs;
    /// type, points).
    static let sensitivityTypes = designTypes.filter { !["grid", "oat", "lhs"].contains($0) }
    static let sensitivityDesignKeys = designKeys.filter { !["type", "points"].contains($0) }
    /// `dist:` and the parameters of every law: the axis keys from `dist` on.
    static let lawKeys = Array(axisKeys.drop { $0 != "dist" })
    /// Inputs a Sobol design can take: GSL's Sobol sequence has 40
    /// dimensions and Saltelli's scheme uses two per input (the same limit
    /// as `SaltelliDesign.maxInputs`, which the sweep tests compare).
    static let maxSobolInputs = 20
    static let maxSobolN = 1 << 20
    static let defaultMorrisLevels = 4

    static func sensitivityShorthandProblem(_ type: String) -> String {
        type == "sobol"
            ? "a Sobol design needs its base sample size: write design: {type: sobol, n: 64} (n a power of two)"
            : "a Morris design needs its number of trajectories: write design: {type: morris, trajectories: 20, levels: 4}"
    }

    /// Keys of the sensitivity designs given to another design type.
    static func reportSensitivityKeys(_ m: NodeReader.Mapping, _ r: NodeReader, type: String) {
        for key in sensitivityDesignKeys where m.has(key) {
            let owner = key == "n" || key == "second_order" ? "sobol" : "morris"
            r.report(m.value(key)!, m.path(key), "\(key) is only for design type \(owner)\(type.isEmpty ? "" : ", not \(type)")")
        }
    }

    static func sensitivityDesign(_ type: String, _ m: NodeReader.Mapping, _ r: NodeReader) -> SweepDesign {
        if type == "sobol" {
            for key in ["trajectories", "levels"] where m.has(key) {
                r.report(m.value(key)!, m.path(key), "\(key) is only for design type morris; a sobol design takes n and second_order")
            }
            let secondOrder = m.value("second_order").flatMap { bool($0, m.path("second_order"), r) } ?? false
            // After a problem the design stays a sobol one, so the axes are
            // read as its inputs (the problem alone is reported).
            let fallback = SweepDesign.sobol(n: 1, secondOrder: secondOrder)
            guard let node = m.value("n") else {
                r.missing(m, "n", "the base sample size N of Saltelli's scheme, a power of two such as 64: the design runs N·(D + 2) points for D inputs")
                return fallback
            }
            guard let n = r.int(node, m.path("n"), min: 1, max: maxSobolN) else { return fallback }
            guard n & (n - 1) == 0 else {
                var next = 1
                while next < n { next <<= 1 }
                r.report(node, m.path("n"), "\(n) is not a power of two; Saltelli's scheme on a Sobol sequence needs one (its balance properties hold for 2^k points): use \(next)")
                return fallback
            }
            return .sobol(n: n, secondOrder: secondOrder)
        }
        for key in ["n", "second_order"] where m.has(key) {
            r.report(m.value(key)!, m.path(key), "\(key) is only for design type sobol; a morris design takes trajectories and levels")
        }
        let levels = r.value(m, "levels", default: defaultMorrisLevels) { node, path -> Int? in
            guard let p = r.int(node, path, min: 2, max: 100) else { return nil }
            guard p % 2 == 0 else {
                r.report(node, path, "\(p) levels: the grid needs an even number of levels (4 is usual), so that every step Δ = p/(2(p−1)) lands on the grid; use \(p + 1)")
                return nil
            }
            return p
        }
        guard let node = m.value("trajectories") else {
            r.missing(m, "trajectories", "the number of Morris trajectories r (10 to 50 is usual): the design runs r·(D + 1) points for D inputs")
            return .morris(trajectories: 2, levels: levels)
        }
        guard let t = r.int(node, m.path("trajectories"), min: 2, max: 10_000) else { return .morris(trajectories: 2, levels: levels) }
        return .morris(trajectories: t, levels: levels)
    }

    private static func bool(_ node: YNode, _ path: String, _ r: NodeReader) -> Bool? {
        guard let s = node.scalar, s.type == .bool else {
            r.report(node, path, "expected true or false, found \(node.found)")
            return nil
        }
        return ["true", "True", "TRUE", "yes", "Yes", "on", "On"].contains(s.text)
    }

    /// The most points a sweep may have (as for a Latin hypercube).
    static let maxPoints = 1_000_000

    /// A Sobol design takes at most `maxSobolInputs` axes, and no
    /// sensitivity design more than `maxPoints` points: checked before any
    /// point is made, since N and the trajectories multiply by the inputs.
    static func checkInputCount(_ design: SweepDesign, axes: [SweepAxis], _ top: NodeReader.Mapping, _ r: NodeReader) {
        guard design.isSensitivity, let node = top.value("axes") else { return }
        let d = axes.count
        if case .sobol = design, d > maxSobolInputs {
            r.report(node, "axes", "\(d) inputs are too many for the Sobol sequence: it has \(2 * maxSobolInputs) dimensions and Saltelli's scheme uses two per input, so at most \(maxSobolInputs) inputs; fix the others with set: or screen them first with design morris")
            return
        }
        let points: Int
        let key: String
        switch design {
        case .sobol(let n, let s2): points = n * (s2 ? 2 * d + 2 : d + 2); key = "n"
        case .morris(let t, _): points = t * (d + 1); key = "trajectories"
        default: return
        }
        guard points > maxPoints, let design = top.value("design") else { return }
        var at = design, path = "design"
        if case .mapping(let entries) = design.kind, let e = entries.first(where: { $0.name == key }) {
            at = e.value; path = "design." + key
        }
        r.report(at, path, "the design makes \(points) points for \(d) inputs; allowed: at most \(maxPoints); lower \(key)")
    }

    /// An input given by its law: `{dist: triangular, min: 1, mode: 2, max: 4}`.
    static func lawAxis(_ name: String, _ m: NodeReader.Mapping, _ r: NodeReader, integer: Bool?, unit: String?,
                        line: Int?, design: SweepDesign) -> SweepAxis? {
        var ok = true
        guard design.isSensitivity else {
            let key = m.has("dist") ? "dist" : lawKeys.first { m.has($0) }!
            r.report(m.value(key)!, m.path(key), "\(key) is only for designs sobol and morris (uncertain inputs); a \(design.name) axis takes values or a range (from, to, step)")
            return nil
        }
        for other in ["values", "from", "to", "step", "count", "scale", "base"] where m.has(other) {
            r.report(m.value(other)!, m.path(other), "give either dist (an input's law) or \(other == "values" ? "values" : "a range (from, to)"), not both")
            ok = false
        }
        guard let distNode = m.value("dist") else {
            let key = lawKeys.first { m.has($0) }!
            r.report(m.value(key)!, m.path(key), "\(key) is a parameter of a law: add dist (\(SweepInputLaw.names.joined(separator: ", "))), e.g. {dist: triangular, min: 1, mode: 2, max: 4}")
            return nil
        }
        guard let dist = r.choice(distNode, m.path("dist"), allowed: SweepInputLaw.names) else { return nil }
        let wanted = SweepInputLaw.parameters(of: dist)
        var p: [String: Double] = [:]
        for key in lawKeys.dropFirst() where m.has(key) {
            let node = m.value(key)!
            guard wanted.contains(key) else {
                r.report(node, m.path(key), "\(key) is not a parameter of \(dist), which takes \(wanted.joined(separator: ", "))")
                ok = false
                continue
            }
            if let v = r.number(node, m.path(key)) { p[key] = v } else { ok = false }
        }
        for key in wanted where !m.has(key) {
            r.missing(m, key, "a \(dist) input needs \(wanted.joined(separator: ", ")), e.g. \(example(dist))")
            ok = false
        }
        guard ok else { return nil }
        func bad(_ key: String, _ message: String) -> SweepAxis? {
            r.report(m.value(key)!, m.path(key), message)
            return nil
        }
        let law: SweepInputLaw
        let lo: Double, hi: Double
        switch dist {
        case "uniform", "triangular":
            let a = p["min"]!, b = p["max"]!
            if a > b { return bad("max", "max (\(NodeReader.plain(b))) must not be below min (\(NodeReader.plain(a))): the bounds are reversed") }
            if dist == "uniform" {
                law = .uniform(min: a, max: b)
            } else {
                let c = p["mode"]!
                if c < a || c > b { return bad("mode", "mode (\(NodeReader.plain(c))) must lie between min (\(NodeReader.plain(a))) and max (\(NodeReader.plain(b)))") }
                law = .triangular(min: a, mode: c, max: b)
            }
            lo = a; hi = b
        case "normal":
            let mean = p["mean"]!, sd = p["sd"]!
            if sd <= 0 { return bad("sd", "sd must be > 0, found \(NodeReader.plain(sd))") }
            law = .normal(mean: mean, sd: sd)
            lo = mean - 4 * sd; hi = mean + 4 * sd
        default:
            let mean = p["mean"]!, sd = p["sd"]!
            if mean <= 0 { return bad("mean", "a lognormal input needs mean > 0, found \(NodeReader.plain(mean))") }
            if sd <= 0 { return bad("sd", "sd must be > 0, found \(NodeReader.plain(sd))") }
            law = .lognormal(mean: mean, sd: sd)
            lo = 0; hi = mean + 4 * sd
        }
        // The range is only descriptive (the law gives the values).
        return SweepAxis(path: name, values: .range(from: lo, to: hi, step: nil, count: nil, log: false),
                         integer: integer ?? false, unit: unit, base: nil, line: line, law: law)
    }

    private static func example(_ dist: String) -> String {
        switch dist {
        case "uniform": "{dist: uniform, min: 0.1, max: 0.3}"
        case "triangular": "{dist: triangular, min: 1, mode: 2, max: 4}"
        default: "{dist: \(dist), mean: 6, sd: 2}"
        }
    }
}
