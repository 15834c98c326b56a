import MusterModel
import MusterScenario

/// Everything a results store records about its sweep: what determines the
/// results (hashed into `definitionSHA256`) and the points themselves.
/// A merge needs nothing else, so shard databases can be joined on a
/// machine without the sweep or scenario files.
public struct SweepHeader: Sendable, Equatable {
    /// One axis as the store records it.
    public struct Axis: Sendable, Equatable {
        public var path: String
        public var integer: Bool
        public var unit: String?
        public init(path: String, integer: Bool, unit: String?) {
            self.path = path; self.integer = integer; self.unit = unit
        }

        /// Column name in tidy tables and views: the path, with the unit
        /// spelled as every time column spells it (`field.revisit_after_hours`).
        public var columnName: String {
            guard let unit, let word = Self.unitWords[unit] else { return path }
            return path + "_" + word
        }

        static let unitWords = ["s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"]
    }

    /// One point: its id (0-based, in design order), the `--set` texts that
    /// make its scenario, and its value per axis (nil: as in the base).
    public struct Point: Sendable, Equatable {
        public var id: Int
        public var overrides: [String]
        public var values: [AxisValue?]
        public init(id: Int, overrides: [String], values: [AxisValue?]) {
            self.id = id; self.overrides = overrides; self.values = values
        }
    }

    public var name: String
    /// SHA-256 of `definition`.
    public var definitionSHA256: String
    /// Canonical text of everything that determines the results: the base
    /// scenario's hash, seed, modes, measures, replication plan and every
    /// point's overrides. Comments and the sweep's name are not in it.
    public var definition: String
    public var sweepFile: String
    public var scenarioFile: String
    public var seed: UInt64
    public var modes: [Mode]
    public var measures: [SweepMeasure]
    public var plan: ReplicationPlan
    /// `grid`, `oat` or `lhs(N)`.
    public var design: String
    public var axes: [Axis]
    public var points: [Point]

    public init(name: String, sweepFile: String, scenarioFile: String, scenarioSHA256: String, seed: UInt64,
                modes: [Mode], measures: [SweepMeasure], plan: ReplicationPlan, design: String,
                axes: [Axis], points: [Point]) {
        self.name = name; self.sweepFile = sweepFile; self.scenarioFile = scenarioFile
        self.seed = seed; self.modes = modes; self.measures = measures; self.plan = plan
        self.design = design; self.axes = axes; self.points = points
        definition = Self.canonical(scenarioSHA256: scenarioSHA256, seed: seed, modes: modes,
                                    measures: measures, plan: plan, axes: axes, points: points)
        definitionSHA256 = SweepHash.hex(definition)
    }

    /// Rebuilds a header read back from a store.
    init(name: String, definition: String, definitionSHA256: String, sweepFile: String, scenarioFile: String,
         seed: UInt64, modes: [Mode], measures: [SweepMeasure], plan: ReplicationPlan, design: String,
         axes: [Axis], points: [Point]) {
        self.name = name; self.definition = definition; self.definitionSHA256 = definitionSHA256
        self.sweepFile = sweepFile; self.scenarioFile = scenarioFile; self.seed = seed; self.modes = modes
        self.measures = measures; self.plan = plan; self.design = design; self.axes = axes; self.points = points
    }

    static func canonical(scenarioSHA256: String, seed: UInt64, modes: [Mode], measures: [SweepMeasure],
                          plan: ReplicationPlan, axes: [Axis], points: [Point]) -> String {
        var lines = ["muster sweep definition 1",
                     "scenario_sha256 \(scenarioSHA256)",
                     "seed \(seed)",
                     "modes " + modes.map(\.rawValue).joined(separator: ","),
                     "measures " + measures.map(\.rawValue).joined(separator: ","),
                     "replications " + plan.text]
        for a in axes { lines.append("axis \(a.path) integer=\(a.integer) unit=\(a.unit ?? "")") }
        for p in points {
            // U+001F (unit separator) cannot occur in a YAML value.
            lines.append("point \(p.id) " + p.overrides.joined(separator: "\u{1F}"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Replications planned per point (fixed), or its maximum (precision).
    public var replicationsPerPoint: Int { plan.upperBound }
}

extension ReplicationPlan {
    /// `fixed 50` or `precision target=0.02 batch=10 max=200`, as stored.
    public var text: String {
        switch self {
        case .fixed(let n): "fixed \(n)"
        case .precision(let t, let b, let m): "precision target=\(t) batch=\(b) max=\(m)"
        }
    }

    /// Reads `text` back.
    public init?(text: String) {
        let parts = text.split(separator: " ")
        if parts.count == 2, parts[0] == "fixed", let n = Int(parts[1]) {
            self = .fixed(n)
            return
        }
        guard parts.count == 4, parts[0] == "precision" else { return nil }
        var kv: [String: String] = [:]
        for p in parts.dropFirst() {
            let pair = p.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { return nil }
            kv[String(pair[0])] = String(pair[1])
        }
        guard let t = kv["target"].flatMap(Double.init), let b = kv["batch"].flatMap(Int.init),
              let m = kv["max"].flatMap(Int.init) else { return nil }
        self = .precision(target: t, batch: b, max: m)
    }
}
