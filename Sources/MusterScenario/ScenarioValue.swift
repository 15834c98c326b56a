import MusterEngine
import MusterOutput

/// A value as a scenario file writes it, on its way out: the writer
/// (`ScenarioWriter`) turns a loaded scenario into these, and they render
/// either as JSON (which is YAML, so `ScenarioLoader` reads it back) or as
/// the one-line flow text of `parameters.json` (`{dist: lognormal, mean: 2h,
/// sd: 1h}`), which `--set KEY=` accepts.
public indirect enum ScenarioValue: Sendable, Equatable {
    /// Text: durations with their unit (`2h`), calendars, week times, names.
    case text(String)
    /// A whole number (counts, handlers, seeds).
    case integer(Int64)
    /// A seed beyond `Int64.max`.
    case unsigned(UInt64)
    /// A plain number (probabilities, speeds, shapes, multipliers).
    case number(Double)
    case list([ScenarioValue])
    /// Keys in scenario-file order.
    case mapping([(String, ScenarioValue)])

    public static func == (a: ScenarioValue, b: ScenarioValue) -> Bool {
        switch (a, b) {
        case let (.text(x), .text(y)): x == y
        case let (.integer(x), .integer(y)): x == y
        case let (.unsigned(x), .unsigned(y)): x == y
        case let (.number(x), .number(y)): x == y || (x.isNaN && y.isNaN)
        case let (.list(x), .list(y)): x == y
        case let (.mapping(x), .mapping(y)):
            x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// The value under `key` of a mapping.
    public subscript(key: String) -> ScenarioValue? {
        guard case .mapping(let entries) = self else { return nil }
        return entries.first { $0.0 == key }?.1
    }

    /// Keys of a mapping in order; empty for anything else.
    public var keys: [String] {
        guard case .mapping(let entries) = self else { return [] }
        return entries.map(\.0)
    }

    /// The value at a dotted path (`p2p.ack.on_duty`).
    public func value(at path: String) -> ScenarioValue? {
        var node: ScenarioValue? = self
        for part in path.split(separator: ".") { node = node?[String(part)] }
        return node
    }

    // MARK: Text

    /// The one-line text a scenario file or `--set` would write:
    /// `2h`, `0.15`, `[city, street]`, `{min: 2, max: 4}`.
    public var flowText: String {
        switch self {
        case .text(let s): s
        case .integer, .unsigned, .number: scalarText
        case .list(let items): "[" + items.map(\.flowText).joined(separator: ", ") + "]"
        case .mapping(let entries): "{" + entries.map { "\($0.0): \($0.1.flowText)" }.joined(separator: ", ") + "}"
        }
    }

    /// JSON text, pretty (two-space indent, a list of scalars on one line),
    /// or compact when `indent` is nil. No trailing newline.
    public func json(indent: Int? = 0) -> String {
        jsonValue.serialized(pretty: indent != nil)
    }

    /// The same tree as the output module's JSON value, whose writer lays
    /// out every JSON file Muster writes.
    public var jsonValue: JSONValue {
        switch self {
        case .text(let s): .string(s)
        case .integer(let i): .int(Int(i))
        case .unsigned(let u): .uint(u)
        case .number(let x): .number(x)
        case .list(let items): .array(items.map(\.jsonValue))
        case .mapping(let entries): .object(entries.map { ($0.0, $0.1.jsonValue) })
        }
    }

    private var scalarText: String {
        switch self {
        case .integer(let i): String(i)
        case .unsigned(let u): String(u)
        case .number(let x): Self.numberText(x)
        default: ""
        }
    }

    /// Whole numbers below 10^15 as integers, anything else in Swift's
    /// shortest round-trip form, so the value reads back exactly.
    static func numberText(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x.rounded(.towardZero) == x, abs(x) < 1e15 { return String(Int64(x)) }
        return x.description
    }

}

extension ScenarioValue {
    /// A duration with its unit, exact: `0s`, `45s`, `15m`, `2h`, `1.5h`,
    /// or seconds (`1234.5678s`) where a larger unit would round.
    static func duration(_ seconds: Double) -> ScenarioValue { .text(durationText(seconds)) }

    static func durationText(_ seconds: Double) -> String {
        if seconds == 0 { return "0s" }
        let short = DurationText.format(seconds)
        if DurationText.seconds(short) == seconds { return short }
        return numberText(seconds) + "s"
    }

    static func int(_ n: Int) -> ScenarioValue { .integer(Int64(n)) }

    static func seed(_ s: UInt64) -> ScenarioValue {
        s <= UInt64(Int64.max) ? .integer(Int64(s)) : .unsigned(s)
    }

    static func distribution(_ d: Distribution) -> ScenarioValue {
        switch d {
        case .constant(let v): duration(v)
        case .uniform(let a, let b): .mapping([("dist", .text("uniform")), ("min", duration(a)), ("max", duration(b))])
        case .exponential(let m): .mapping([("dist", .text("exponential")), ("mean", duration(m))])
        case .lognormal(let m, let s): .mapping([("dist", .text("lognormal")), ("mean", duration(m)), ("sd", duration(s))])
        case .gamma(let k, let s): .mapping([("dist", .text("gamma")), ("shape", .number(k)), ("scale", duration(s))])
        case .weibull(let k, let s): .mapping([("dist", .text("weibull")), ("shape", .number(k)), ("scale", duration(s))])
        case .triangular(let a, let c, let b):
            .mapping([("dist", .text("triangular")), ("min", duration(a)), ("mode", duration(c)), ("max", duration(b))])
        }
    }

    static func count(_ d: CountDistribution) -> ScenarioValue {
        switch d {
        case .fixed(let k): int(k)
        case .range(let a, let b): .mapping([("min", int(a)), ("max", int(b))])
        case .poisson(let m): .mapping([("dist", .text("poisson")), ("mean", .number(m))])
        }
    }
}
