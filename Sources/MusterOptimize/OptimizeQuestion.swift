import Foundation
import MusterEngine
import MusterModel

/// A per-replication figure the target is about.
public enum OptimizeMeasure: String, CaseIterable, Sendable {
    /// Issue to completion seen at the top (hours).
    case orderComplete = "order_complete"
    /// Issue to the last household visited or given up (hours).
    case fieldComplete = "field_complete"
    /// Households never reached (a count).
    case unreached

    /// The measure by its target name or by its name in `summary.json`
    /// and `replications.csv` (`order_complete_hours`): both address it.
    public init?(name: String) {
        if let m = OptimizeMeasure(rawValue: name) { self = m; return }
        guard let m = Self.allCases.first(where: { $0.isTime && $0.rawValue + "_hours" == name }) else { return nil }
        self = m
    }

    /// Whether values are hours (the target must carry a time unit).
    public var isTime: Bool { self != .unreached }

    /// The measure of one replication.
    public func value(_ r: ReplicationResult) -> Double {
        switch self {
        case .orderComplete: r.orderComplete
        case .fieldComplete: r.fieldComplete
        case .unreached: Double(r.unreached)
        }
    }
}

/// Which statistic of the measure across replications.
public enum OptimizeStatistic: Sendable, Equatable {
    case mean
    /// A percentile, 0 < q < 1 (`p90` is 0.9).
    case quantile(Double)

    public var name: String {
        switch self {
        case .mean: "mean"
        case .quantile(let q): "p" + NumberWords.trimmed(q * 100)
        }
    }
}

/// The side of the target that counts as meeting it.
public enum OptimizeRelation: String, Sendable {
    case atMost = "<="
    case atLeast = ">="

    /// Whether `x` meets `target`.
    public func holds(_ x: Double, _ target: Double) -> Bool { self == .atMost ? x <= target : x >= target }
}

/// "p2p.order_complete.p90 <= 12h": the mode, measure, statistic, relation
/// and value (hours for a time measure).
public struct OptimizeTarget: Sendable, Equatable {
    public var mode: Mode
    public var measure: OptimizeMeasure
    public var statistic: OptimizeStatistic
    public var relation: OptimizeRelation
    public var value: Double
    /// The value as written.
    public var valueText: String

    public init(mode: Mode, measure: OptimizeMeasure, statistic: OptimizeStatistic, relation: OptimizeRelation,
                value: Double, valueText: String) {
        self.mode = mode; self.measure = measure; self.statistic = statistic; self.relation = relation
        self.value = value; self.valueText = valueText
    }

    /// The target as written back: `p2p.order_complete.p90 <= 12h`.
    public var text: String { "\(mode.rawValue).\(measure.rawValue).\(statistic.name) \(relation.rawValue) \(valueText)" }

    /// Reads a target; the error says what is allowed.
    public static func parse(_ text: String) -> Result<OptimizeTarget, OptimizeInputError> {
        func fail(_ m: String) -> Result<OptimizeTarget, OptimizeInputError> { .failure(OptimizeInputError(m)) }
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let op = [OptimizeRelation.atMost, .atLeast].first(where: { t.contains($0.rawValue) }) else {
            return fail("'\(text)': expected MODE.MEASURE.STATISTIC <= VALUE (or >=), e.g. 'p2p.order_complete.p90 <= 12h'")
        }
        let sides = t.components(separatedBy: op.rawValue)
        guard sides.count == 2 else { return fail("'\(text)': one comparison (<= or >=) only") }
        let quantity: OptimizeQuantity
        switch OptimizeQuantity.parse(sides[0]) {
        case .success(let q): quantity = q
        case .failure(let e): return .failure(e)
        }
        let (mode, measure, statistic) = (quantity.mode, quantity.measure, quantity.statistic)
        let valueText = sides[1].trimmingCharacters(in: .whitespaces)
        let value: Double
        if measure.isTime {
            guard let s = DurationText.seconds(valueText), s >= 0 else {
                return fail("'\(valueText)': \(measure.rawValue) is a time; give the value with a unit, e.g. 12h, 90m or 2d")
            }
            value = s / 3600
        } else {
            guard let v = Double(valueText), v.isFinite, v >= 0 else {
                return fail("'\(valueText)': \(measure.rawValue) is a count of households; give a plain number, e.g. 100")
            }
            value = v
        }
        return .success(OptimizeTarget(mode: mode, measure: measure, statistic: statistic, relation: op,
                                       value: value, valueText: valueText))
    }
}

/// "p2p.order_complete.p90": what a target (`optimize`) or a selection
/// (`select --by`) is about, read by one rule.
public struct OptimizeQuantity: Sendable, Equatable {
    public var mode: Mode
    public var measure: OptimizeMeasure
    public var statistic: OptimizeStatistic

    public init(mode: Mode, measure: OptimizeMeasure, statistic: OptimizeStatistic) {
        self.mode = mode; self.measure = measure; self.statistic = statistic
    }

    /// `p2p.order_complete.p90` as written back.
    public var text: String { "\(mode.rawValue).\(measure.rawValue).\(statistic.name)" }

    /// Reads MODE.MEASURE.STATISTIC; the error says what is allowed.
    public static func parse(_ text: String) -> Result<OptimizeQuantity, OptimizeInputError> {
        func fail(_ m: String) -> Result<OptimizeQuantity, OptimizeInputError> { .failure(OptimizeInputError(m)) }
        let t = text.trimmingCharacters(in: .whitespaces)
        let parts = t.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else {
            return fail("'\(t)': expected MODE.MEASURE.STATISTIC, e.g. p2p.order_complete.p90")
        }
        guard let mode = Mode(rawValue: parts[0]) else {
            return fail("unknown mode '\(parts[0])'; allowed: \(Mode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let measure = OptimizeMeasure(name: parts[1]) else {
            return fail("unknown measure '\(parts[1])'; allowed: \(OptimizeMeasure.allCases.map(\.rawValue).joined(separator: ", ")) "
                        + "(or as summary.json names them: order_complete_hours, field_complete_hours)")
        }
        let statistic: OptimizeStatistic
        if parts[2] == "mean" {
            statistic = .mean
        } else if parts[2] == "median" {
            statistic = .quantile(0.5)
        } else if parts[2].hasPrefix("p"), let q = Double(parts[2].dropFirst()), q > 0, q < 100 {
            statistic = .quantile(q / 100)
        } else {
            return fail("unknown statistic '\(parts[2])'; allowed: mean, or a percentile p1 … p99 (p50, p90, p99.5; median is p50)")
        }
        return .success(OptimizeQuantity(mode: mode, measure: measure, statistic: statistic))
    }
}

/// `--vary PATH=LO..HI`: the decision variable and its candidate values.
public struct OptimizeRange: Sendable, Equatable {
    public var path: String
    public var low: Double
    public var high: Double
    /// Whole numbers only (both ends written without a decimal point).
    public var isInteger: Bool

    /// Reads `PATH=LO..HI`; the error says what is allowed.
    public static func parse(_ text: String) -> Result<OptimizeRange, OptimizeInputError> {
        func fail(_ m: String) -> Result<OptimizeRange, OptimizeInputError> { .failure(OptimizeInputError(m)) }
        guard let eq = text.firstIndex(of: "=") else {
            return fail("'\(text)': expected PATH=LO..HI, e.g. team.volunteers=0..10 or field.not_home=0..0.4")
        }
        let path = text[..<eq].trimmingCharacters(in: .whitespaces)
        let range = text[text.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        guard !path.isEmpty else { return fail("'\(text)': the path before '=' is empty; e.g. team.volunteers=0..10") }
        // As a sweep's axes: the seed is shared by every candidate (common
        // random numbers pair them), replications are the search's own.
        if path == "seed" {
            return fail("'\(text)': the seed cannot vary: every candidate shares one seed (common random numbers), so differences between candidates are paired; give --seed instead")
        }
        if path == "replications" {
            return fail("'\(text)': replications cannot vary: the search sets them per probe (--first-batch, --max-replications)")
        }
        let ends = range.components(separatedBy: "..")
        guard ends.count == 2, let lo = Double(ends[0].trimmingCharacters(in: .whitespaces)),
              let hi = Double(ends[1].trimmingCharacters(in: .whitespaces)), lo.isFinite, hi.isFinite else {
            return fail("'\(range)': expected a range LO..HI of two numbers, e.g. 0..10 or 0.05..0.5")
        }
        guard lo < hi else {
            return fail("'\(range)': the range is \(lo == hi ? "empty" : "reversed"); LO must be below HI, e.g. 0..10")
        }
        guard (hi - lo).isFinite else {
            return fail("'\(range)': the range is wider than a number can span (HI − LO overflows); give the key's own range, e.g. 0..1 for a share")
        }
        let integer = !ends.contains { $0.contains(".") || $0.lowercased().contains("e") }
        // Whole numbers beyond 2^53 are not all representable, and the
        // candidates are kept as Doubles.
        if integer, max(abs(lo), abs(hi)) > 9_007_199_254_740_992 {
            return fail("'\(range)': whole-number ends must lie within ±9007199254740992 (2^53); scenario keys are far smaller")
        }
        let r = OptimizeRange(path: path, low: lo, high: hi, isInteger: integer)
        return .success(r)
    }

    /// The candidate values: every integer for an integer range, else
    /// `steps + 1` evenly spaced values.
    /// The most whole numbers an integer range may hold: every one is a
    /// candidate, kept in memory.
    public static let maxIntegerCandidates = 1_000_000

    /// How many candidates `candidates(steps:)` makes, without making them.
    public func candidateCount(steps: Int) -> Int {
        if isInteger {
            let n = (high - low).rounded(.down) + 1
            return n >= Double(Int.max) ? Int.max : Int(n)
        }
        return steps + 1
    }

    public func candidates(steps: Int) -> [Double] {
        precondition(candidateCount(steps: steps) <= Self.maxIntegerCandidates || !isInteger)
        if isInteger { return stride(from: low, through: high, by: 1).map { $0 } }
        return (0...steps).map { low + (high - low) * Double($0) / Double(steps) }
    }

    /// A candidate as `--set` writes it.
    public func text(_ v: Double) -> String { isInteger ? String(Int(v)) : NumberWords.trimmed(v) }
}

/// Which end of the range the answer is sought from.
public enum OptimizeGoal: String, Sendable, CaseIterable {
    /// The least value that meets the target (it is met at the high end).
    case least
    /// The most value that meets the target (it is met at the low end).
    case most
}

/// A problem in the question, with what is allowed.
public struct OptimizeInputError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Numbers as people write them: no trailing zeros.
public enum NumberWords {
    public static func trimmed(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        var s = String(format: "%.6g", x)
        if s.contains("."), !s.contains("e") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }
}
