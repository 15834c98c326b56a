import MusterEngine

/// Reads of duration distributions and count distributions (docs/reference/scenario.md,
/// "Value types"; docs/model.md, "Time", for how draws are used).
extension NodeReader {
    /// Parameters each duration distribution takes, in documentation order.
    static let distributionParams: [String: [String]] = [
        "constant": ["value"],
        "uniform": ["min", "max"],
        "exponential": ["mean"],
        "lognormal": ["mean", "sd"],
        "gamma": ["shape", "scale"],
        "weibull": ["shape", "scale"],
        "triangular": ["min", "mode", "max"],
    ]

    /// A duration distribution: a bare duration (a constant) or a mapping
    /// `{dist: NAME, PARAM: VALUE, ...}`; values in seconds.
    func distribution(_ node: YNode, _ path: String) -> Distribution? {
        let names = Distribution.names.joined(separator: ", ")
        if node.scalar != nil, !node.isNull {
            return duration(node, path).map { .constant($0) }
        }
        guard let named = namedMapping(node, path, names: Distribution.names,
                                       params: Self.distributionParams,
                                       what: "a duration such as 10m or a mapping {dist: NAME, ...} with NAME one of \(names)")
        else { return nil }
        let (name, m) = named

        // Shapes are plain numbers; every other parameter is a duration.
        var v: [String: Double] = [:]
        var complete = true
        for p in Self.distributionParams[name] ?? [] {
            guard let n = m.value(p) else {
                missing(m, p, "\(name) needs \(Self.list(Self.distributionParams[name] ?? []))")
                complete = false
                continue
            }
            let read = p == "shape" ? positive(n, m.path(p), max: 1000) : duration(n, m.path(p))
            if let read { v[p] = read } else { complete = false }
        }
        // Cross-parameter checks run on whatever could be read, so one pass
        // reports every problem of the mapping.
        var ok = complete
        switch name {
        case "uniform": ok = ordered(m, ["min", "max"], v) && ok
        case "triangular": ok = ordered(m, ["min", "mode", "max"], v) && ok
        case "lognormal":
            if let mean = v["mean"], mean <= 0, let n = m.value("mean") {
                report(n, m.path("mean"), "a lognormal mean must be > 0, found 0; use a bare 0s for a zero delay")
                ok = false
            }
        case "gamma", "weibull":
            if let scale = v["scale"], scale <= 0, let n = m.value("scale") {
                report(n, m.path("scale"), "a \(name) scale must be a duration > 0, found 0")
                ok = false
            }
        default: break
        }
        guard ok else { return nil }

        switch name {
        case "constant": return .constant(v["value"]!)
        case "uniform": return .uniform(min: v["min"]!, max: v["max"]!)
        case "exponential": return .exponential(mean: v["mean"]!)
        case "lognormal": return .lognormal(mean: v["mean"]!, sd: v["sd"]!)
        case "gamma": return .gamma(shape: v["shape"]!, scale: v["scale"]!)
        case "weibull": return .weibull(shape: v["shape"]!, scale: v["scale"]!)
        default: return .triangular(min: v["min"]!, mode: v["mode"]!, max: v["max"]!)
        }
    }

    /// Parameters each count distribution takes.
    static let countParams: [String: [String]] = [
        "fixed": ["value"],
        "uniform": ["min", "max"],
        "poisson": ["mean"],
    ]

    /// A count: an integer `n`, `{min: a, max: b}` (inclusive integer
    /// uniform), `{dist: poisson, mean: m}`, or the aliases
    /// `{dist: fixed, value: n}` and `{dist: uniform, min: a, max: b}`.
    ///
    /// - Parameter max: the largest value the count may take (a fixed
    ///   value, a range's max, a Poisson mean).
    func count(_ node: YNode, _ path: String, max: Int) -> CountDistribution? {
        let what = "a count: an integer ≥ 0, {min: a, max: b}, {dist: poisson, mean: m}, {dist: fixed, value: n} or {dist: uniform, min: a, max: b}"
        if let s = node.scalar, s.type != .null {
            guard s.type == .int else {
                report(node, path, "expected \(what), found \(node.found)")
                return nil
            }
            return int(node, path, min: 0, max: max).map { .fixed($0) }
        }
        guard case .mapping(let entries) = node.kind else {
            report(node, path, "expected \(what), found \(node.found)")
            return nil
        }
        let name: String
        let m: Mapping
        if entries.contains(where: { $0.name == "dist" }) {
            guard let named = namedMapping(node, path, names: ["fixed", "uniform", "poisson"],
                                           params: Self.countParams, what: what) else { return nil }
            (name, m) = named
        } else {
            // The short form {min, max} is the uniform.
            guard let mm = mapping(node, path, allowed: ["min", "max"], note: { _ in
                "a count mapping is {min: a, max: b} or has a 'dist' key (fixed, uniform, poisson)"
            }) else { return nil }
            (name, m) = ("uniform", mm)
        }

        var v: [String: Int] = [:]
        var mean: Double?
        var complete = true
        for p in Self.countParams[name] ?? [] {
            guard let n = m.value(p) else {
                missing(m, p, "a \(name) count needs \(Self.list(Self.countParams[name] ?? []))")
                complete = false
                continue
            }
            if p == "mean" {
                mean = number(n, m.path(p), expected: "a mean ≥ 0")
                if let x = mean, x < 0 || x > Double(max) {
                    report(n, m.path(p), "a poisson mean must be from 0 to \(max), found \(n.found)")
                    mean = nil
                }
                if mean == nil { complete = false }
            } else if let x = int(n, m.path(p), min: 0, max: max) {
                v[p] = x
            } else {
                complete = false
            }
        }
        guard complete else { return nil }
        switch name {
        case "fixed": return .fixed(v["value"]!)
        case "poisson": return .poisson(mean: mean!)
        default:
            guard v["min"]! <= v["max"]! else {
                report(m.node, m.path, "min \(v["min"]!) is greater than max \(v["max"]!); need 0 ≤ min ≤ max")
                return nil
            }
            return .range(min: v["min"]!, max: v["max"]!)
        }
    }

    // MARK: Helpers

    /// Reads the `dist` key of a mapping, then checks the other keys against
    /// that distribution's parameters. Nil after a reported problem.
    private func namedMapping(_ node: YNode, _ path: String, names: [String],
                              params: [String: [String]], what: String) -> (String, Mapping)? {
        guard case .mapping(let entries) = node.kind else {
            report(node, path, "expected \(what), found \(node.found)")
            return nil
        }
        let list = names.joined(separator: ", ")
        guard let distNode = entries.first(where: { $0.name == "dist" })?.value else {
            report(node, path + ".dist", "missing key 'dist'; allowed: \(list)")
            return nil
        }
        guard let name = text(distNode, path + ".dist", expected: "a distribution name (\(list))") else { return nil }
        guard let keys = params[name] else {
            report(distNode, path + ".dist", "unknown distribution '\(name)'; allowed: \(list)")
            return nil
        }
        guard let m = mapping(node, path, allowed: ["dist"] + keys, note: { _ in
            "\(name) takes \(Self.list(keys))"
        }) else { return nil }
        return (name, m)
    }

    /// Checks that the named parameters are in non-decreasing order.
    private func ordered(_ m: Mapping, _ keys: [String], _ v: [String: Double]) -> Bool {
        for (a, b) in zip(keys, keys.dropFirst()) {
            guard let x = v[a], let y = v[b], x > y else { continue }
            report(m.node, m.path, "\(a) (\(DurationText.format(x))) is greater than \(b) (\(DurationText.format(y))); need \(keys.joined(separator: " ≤ "))")
            return false
        }
        return true
    }

    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}
