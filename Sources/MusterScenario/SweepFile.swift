import MusterModel

/// A parameter sweep as written in a sweep file, validated but not yet
/// expanded into points (MusterSweep does that).
///
/// A sweep names a base scenario, the axes to vary (by the same dotted
/// paths as `--set`), a design that picks points from the axes, how many
/// replications each point gets, and the measures to keep.
public struct SweepFile: Sendable, Equatable {
    /// Label of the sweep (default: the sweep file's name).
    public var name: String
    /// The sweep file as given.
    public var path: String
    /// The base scenario, resolved against the sweep file's folder.
    public var scenarioPath: String
    /// `KEY=VALUE` overrides applied to every point before the axes (`set:`).
    public var fixed: [String]
    /// Seed of every point (common random numbers); nil: the scenario's.
    public var seed: UInt64?
    public var modes: [Mode]
    /// Axes in file order; the first varies slowest in a grid.
    public var axes: [SweepAxis]
    public var design: SweepDesign
    /// Replications per point; nil: the base scenario's `replications`.
    public var replications: ReplicationPlan?
    /// Measures kept per replication; always holds `orderComplete`.
    public var measures: [SweepMeasure]
    /// Line of each `set:` key, parallel to `fixed`.
    public var fixedLines: [Int?]
    /// Line of `axes:` (1-based), for problems of the axes as a whole.
    public var axesLine: Int?
    /// Line of `design:`, for problems of the design as a whole.
    public var designLine: Int?
    /// Accepted forms that will be refused in a later version (deprecated
    /// names), for the command to print; they do not change the sweep.
    public var warnings: [ScenarioIssue] = []

    public init(name: String, path: String, scenarioPath: String, fixed: [String], seed: UInt64?,
                modes: [Mode], axes: [SweepAxis], design: SweepDesign, replications: ReplicationPlan?,
                measures: [SweepMeasure], fixedLines: [Int?] = [], axesLine: Int? = nil, designLine: Int? = nil) {
        self.fixedLines = fixedLines.count == fixed.count ? fixedLines : fixed.map { _ in nil }
        self.name = name; self.path = path; self.scenarioPath = scenarioPath; self.fixed = fixed
        self.seed = seed; self.modes = modes; self.axes = axes; self.design = design
        self.replications = replications; self.measures = measures
        self.axesLine = axesLine; self.designLine = designLine
    }
}

/// One varied parameter.
public struct SweepAxis: Sendable, Equatable {
    /// Dotted scenario path, as for `--set` (`team.volunteers`).
    public var path: String
    public var values: AxisValues
    /// Values are whole numbers: computed values are rounded to the
    /// nearest integer and written without a decimal point.
    public var integer: Bool
    /// Duration unit appended to numbers (`s`, `m`, `h`, `d`, `w`), or nil.
    public var unit: String?
    /// Value of the base point of a one-at-a-time design; nil leaves the
    /// key as the base scenario has it.
    public var base: AxisValue?
    /// Line of the axis's key in the sweep file.
    public var line: Int?
    /// The input's law in a sensitivity design (`dist:`); nil: uniform over
    /// the range or the listed values.
    public var law: SweepInputLaw?

    public init(path: String, values: AxisValues, integer: Bool, unit: String?, base: AxisValue?, line: Int?,
                law: SweepInputLaw? = nil) {
        self.path = path; self.values = values; self.integer = integer
        self.unit = unit; self.base = base; self.line = line; self.law = law
    }

    /// The `--set` value text of a number on this axis (`3`, `0.15`, `2.5h`).
    public func text(of number: Double) -> String {
        let body: String
        if integer || (number.rounded() == number && abs(number) < 1e15) {
            body = String(Int(number.rounded()))
        } else {
            body = SweepNumber.text(number)
        }
        return body + (unit ?? "")
    }

    /// The axis value of a number: rounded when the axis is integer.
    public func value(of number: Double) -> AxisValue {
        let n = integer ? number.rounded() : number
        return AxisValue(text: text(of: n), number: n)
    }
}

/// How an axis gives its values.
public enum AxisValues: Sendable, Equatable {
    /// Values listed one by one (numbers, words, or any YAML value).
    case list([AxisValue])
    /// Numbers from `from` to `to` inclusive: every `step`, or `count`
    /// values evenly spaced (geometrically when `log`). Latin hypercubes
    /// draw from the whole interval instead (snapped to `step` if given).
    case range(from: Double, to: Double, step: Double?, count: Int?, log: Bool)
}

/// One value of an axis: the text given to `--set` and, for numbers, the
/// number itself (x of response curves).
public struct AxisValue: Sendable, Hashable {
    /// YAML text of the value, as `--set` receives it.
    public var text: String
    /// The value as a number (without its unit); nil for words and mappings.
    public var number: Double?

    public init(text: String, number: Double?) {
        self.text = text; self.number = number
    }
}

/// How points are chosen from the axes.
public enum SweepDesign: Sendable, Equatable {
    /// Full factorial: every combination of every axis's values.
    case grid
    /// Latin hypercube of `points` points, drawn from the sweep's seed.
    case lhs(points: Int)
    /// One at a time: the base point, then each axis's values with every
    /// other axis at its base.
    case oat
    /// Saltelli's scheme on a Sobol sequence with base sample size `n` (a
    /// power of two): N·(D + 2) points, or N·(2D + 2) with second-order
    /// indices; the axes are the uncertain inputs.
    case sobol(n: Int, secondOrder: Bool)
    /// Morris's elementary-effects screening: `trajectories` × (D + 1)
    /// points on a grid of `levels` levels per input.
    case morris(trajectories: Int, levels: Int)

    /// The name used in files and reports; `SweepDesign(name:)` reads it back.
    public var name: String {
        switch self {
        case .grid: "grid"
        case .lhs(let n): "lhs(\(n))"
        case .oat: "oat"
        case .sobol(let n, let s2): s2 ? "sobol(\(n),s2)" : "sobol(\(n))"
        case .morris(let r, let p): "morris(\(r),\(p))"
        }
    }

    /// Whether the design draws from each axis's range (or law) rather
    /// than taking listed or stepped values.
    public var drawsFromRanges: Bool {
        switch self {
        case .lhs, .sobol, .morris: true
        case .grid, .oat: false
        }
    }

    /// Whether the design is a global sensitivity analysis (indices at the end).
    public var isSensitivity: Bool {
        switch self {
        case .sobol, .morris: true
        default: false
        }
    }

    /// Reads `name` back (as stored in a sweep's database).
    public init?(name: String) {
        func args(_ prefix: String) -> [String]? {
            guard name.hasPrefix(prefix + "("), name.hasSuffix(")") else { return nil }
            return name.dropFirst(prefix.count + 1).dropLast().split(separator: ",").map(String.init)
        }
        switch name {
        case "grid": self = .grid
        case "oat": self = .oat
        default:
            if let a = args("lhs"), a.count == 1, let n = Int(a[0]) {
                self = .lhs(points: n)
            } else if let a = args("sobol"), let n = a.first.flatMap({ Int($0) }), a.count == 1 || (a.count == 2 && a[1] == "s2") {
                self = .sobol(n: n, secondOrder: a.count == 2)
            } else if let a = args("morris"), a.count == 2, let r = Int(a[0]), let p = Int(a[1]) {
                self = .morris(trajectories: r, levels: p)
            } else {
                return nil
            }
        }
    }
}

/// The law of an uncertain input of a sensitivity design (`dist:` on an
/// axis); a plain range is uniform (log-uniform with `scale: log`).
public enum SweepInputLaw: Sendable, Equatable {
    case uniform(min: Double, max: Double)
    case triangular(min: Double, mode: Double, max: Double)
    case normal(mean: Double, sd: Double)
    /// Mean and standard deviation of the value itself.
    case lognormal(mean: Double, sd: Double)

    /// Names as written after `dist:`.
    public static let names = ["uniform", "triangular", "normal", "lognormal"]

    /// The parameters each law needs, in the order they are written.
    public static func parameters(of name: String) -> [String] {
        switch name {
        case "uniform": ["min", "max"]
        case "triangular": ["min", "mode", "max"]
        case "normal", "lognormal": ["mean", "sd"]
        default: []
        }
    }
}

/// How many replications a point gets.
public enum ReplicationPlan: Sendable, Equatable {
    /// The same number for every point.
    case fixed(Int)
    /// Batches of `batch` replications until, in every mode, the 95 %
    /// interval's half-width of mean order completion is at most
    /// `target` × the mean, or `max` replications are reached.
    case precision(target: Double, batch: Int, max: Int)

    /// Replications a point can get at most.
    public var upperBound: Int {
        switch self {
        case .fixed(let n): n
        case .precision(_, _, let max): max
        }
    }
}

/// A per-replication figure a sweep can keep.
public enum SweepMeasure: String, Sendable, CaseIterable, Equatable {
    /// Hours from issue to completion at the root (always kept).
    case orderComplete = "order_complete_hours"
    /// Hours from issue to the last household resolved.
    case fieldComplete = "field_complete_hours"
    /// Median over micro-grids of the hours to the first active worker.
    case notifiedP50 = "notified_p50_hours"
    /// Median over micro-grids of the hours to completion.
    case microgridDoneP50 = "microgrid_done_p50_hours"
    case households
    case visited
    case unreached
    case attempts
    /// Simulation events processed.
    case events

    /// Names of Muster 0.2, before every time measure spelled its unit as
    /// `replications.csv` and `summary.json` do. Sweep files may still use
    /// them until 0.4, with a deprecation warning.
    public static let deprecatedNames: [String: SweepMeasure] = [
        "order_complete": .orderComplete, "field_complete": .fieldComplete,
        "notified_p50": .notifiedP50, "microgrid_done_p50": .microgridDoneP50,
    ]

    /// Counts are stored as integers, times as reals.
    public var isCount: Bool {
        switch self {
        case .households, .visited, .unreached, .attempts, .events: true
        default: false
        }
    }
}

/// Number text that YAML reads back as the same number.
public enum SweepNumber {
    /// Shortest text that round-trips, always with a decimal point or an
    /// exponent YAML 1.1 accepts as a float (`1.0e-05`, not `1e-05`).
    public static func text(_ x: Double) -> String {
        var s = "\(x)"
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            let mantissa = s[..<e]
            if !mantissa.contains(".") { s = mantissa + ".0" + s[e...] }
        }
        return s
    }
}
