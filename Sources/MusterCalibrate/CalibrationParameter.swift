import Foundation
import MusterABC

/// One inferred parameter (`--vary`): one or more scenario paths tied to
/// one value, its prior, and the unit its values are written in.
public struct CalibrationParameter: Sendable, Equatable {
    /// Dotted scenario paths as for `--set`; several are tied to one value.
    public var paths: [String]
    public var prior: Prior
    /// Duration unit of the values (`s`, `m`, `h`, `d`, `w`), or nil.
    public var unit: String?

    public init(paths: [String], prior: Prior, unit: String?) {
        self.paths = paths; self.prior = prior; self.unit = unit
    }

    /// The column name in posterior.csv: paths joined by `+`, the unit in
    /// brackets (`field.visit.mean[m]`).
    public var column: String { paths.joined(separator: "+") + (unit.map { "[\($0)]" } ?? "") }

    /// The paths as written on the command line.
    public var name: String { paths.joined(separator: ",") }

    /// A value as `--set` writes it (`9.5m`).
    public func text(_ v: Double) -> String { Self.number(v) + (unit ?? "") }

    /// A number in the shortest form that reads back the same.
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return "\(v)"
    }

    public static let units = ["s", "m", "h", "d", "w"]
    public static let laws = ["uniform", "loguniform", "normal", "lognormal", "triangular", "gamma"]

    /// The prior law in words (`uniform 3m..15m`, `lognormal mean 20m sd 10m in 5m..60m`).
    public var priorText: String {
        let u = unit ?? ""
        func n(_ x: Double) -> String { Self.number(x) + u }
        var bounds: String { (prior.lower.isFinite || prior.upper.isFinite) ? " in \(prior.lower.isFinite ? n(prior.lower) : "-inf")..\(prior.upper.isFinite ? n(prior.upper) : "inf")" : "" }
        switch prior.law {
        case .uniform(let a, let b): return "uniform \(n(a))..\(n(b))"
        case .logUniform(let a, let b): return "loguniform \(n(a))..\(n(b))"
        case .normal(let m, let s): return "normal mean \(n(m)) sd \(n(s))" + bounds
        case .lognormal(let m, let s): return "lognormal mean \(n(m)) sd \(n(s))" + bounds
        case .triangular(let a, let c, let b): return "triangular \(n(a))..\(n(b)) mode \(n(c))"
        case .gamma(let k, let s): return "gamma shape \(Self.number(k)) scale \(n(s))" + bounds
        }
    }

    /// Reads `PATH[,PATH…]=LO..HI[unit]` (a uniform prior) or
    /// `PATH[,PATH…]={dist: LAW, …}`; the error says what is allowed.
    public static func parse(_ text: String) -> Result<CalibrationParameter, CalibrationInputError> {
        func fail(_ m: String) -> Result<CalibrationParameter, CalibrationInputError> {
            .failure(CalibrationInputError("--vary '\(text)': " + m))
        }
        guard let eq = text.firstIndex(of: "=") else {
            return fail("expected PATH=LO..HI or PATH={dist: …}, e.g. field.visit.mean=3..15m or field.not_home=0.05..0.45")
        }
        let paths = text[..<eq].split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let rhs = text[text.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        guard !paths.contains(where: \.isEmpty) else { return fail("a path before '=' is empty") }
        for p in paths where !p.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) || p.hasPrefix(".") || p.hasSuffix(".") {
            return fail("'\(p)' is not a dotted scenario path such as field.visit.mean")
        }
        guard Set(paths).count == paths.count else { return fail("a path is tied to itself") }
        var unit: String?
        let prior: Prior
        if rhs.hasPrefix("{") {
            guard rhs.hasSuffix("}") else { return fail("the mapping is not closed with '}'") }
            var fields: [String: String] = [:]
            for part in rhs.dropFirst().dropLast().split(separator: ",") {
                let kv = part.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard kv.count == 2, !kv[0].isEmpty, !kv[1].isEmpty else { return fail("'\(part)' is not KEY: VALUE") }
                guard fields[kv[0]] == nil else { return fail("\(kv[0]) is given twice") }
                fields[kv[0]] = kv[1]
            }
            let allowed = ["dist", "min", "max", "mean", "sd", "mode", "shape", "scale", "unit"]
            if let bad = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
                return fail("unknown key '\(bad)'; allowed: \(allowed.joined(separator: ", "))")
            }
            if let u = fields["unit"] {
                guard units.contains(u) else { return fail("unit '\(u)' is not one of \(units.joined(separator: ", "))") }
                unit = u
            }
            guard let law = fields["dist"], laws.contains(law) else {
                return fail("dist must be one of \(laws.joined(separator: ", "))")
            }
            let needs: [String] = switch law {
            case "uniform", "loguniform": ["min", "max"]
            case "normal", "lognormal": ["mean", "sd"]
            case "triangular": ["min", "mode", "max"]
            default: ["shape", "scale"]
            }
            var v: [String: Double] = [:]
            for key in ["min", "max", "mean", "sd", "mode", "shape", "scale"] {
                guard let t = fields[key] else { continue }
                guard let x = Double(t), x.isFinite else { return fail("\(key): '\(t)' is not a number") }
                v[key] = x
            }
            if let missing = needs.first(where: { v[$0] == nil }) {
                return fail("a \(law) prior needs \(needs.joined(separator: ", ")); \(missing) is missing")
            }
            if law != "uniform" && law != "loguniform" && law != "triangular" {
                for k in ["mode"] where v[k] != nil { return fail("\(k) is only for a triangular prior") }
            }
            let lo = v["min"] ?? -.infinity, hi = v["max"] ?? .infinity
            switch law {
            case "uniform": prior = Prior(.uniform(low: lo, high: hi))
            case "loguniform": prior = Prior(.logUniform(low: lo, high: hi))
            case "normal":
                guard lo.isFinite && hi.isFinite else { return fail("a normal prior needs bounds min and max (a scenario value has a range)") }
                prior = Prior(.normal(mean: v["mean"]!, sd: v["sd"]!), lower: lo, upper: hi)
            case "lognormal": prior = Prior(.lognormal(mean: v["mean"]!, sd: v["sd"]!), lower: lo, upper: hi)
            case "triangular": prior = Prior(.triangular(low: lo, mode: v["mode"]!, high: hi))
            default: prior = Prior(.gamma(shape: v["shape"]!, scale: v["scale"]!), lower: lo, upper: hi)
            }
        } else {
            let ends = rhs.components(separatedBy: "..")
            guard ends.count == 2 else { return fail("expected a range LO..HI such as 3..15m, or {dist: …}") }
            var nums: [Double] = []
            for raw in ends {
                var t = raw.trimmingCharacters(in: .whitespaces)
                if let last = t.last, units.contains(String(last)) {
                    if let unit, unit != String(last) { return fail("the two ends have different units") }
                    unit = String(last)
                    t.removeLast()
                }
                guard let x = Double(t), x.isFinite else { return fail("'\(raw)' is not a number (with an optional unit s, m, h, d, w)") }
                nums.append(x)
            }
            guard nums[0] < nums[1] else { return fail("the range is \(nums[0] == nums[1] ? "empty" : "reversed"); LO must be below HI") }
            prior = Prior(.uniform(low: nums[0], high: nums[1]))
        }
        if let p = prior.problem { return fail(p) }
        return .success(CalibrationParameter(paths: paths, prior: prior, unit: unit))
    }
}

/// A problem with a calibration request (an option or a question file).
public struct CalibrationInputError: Error, Sendable, CustomStringConvertible, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
