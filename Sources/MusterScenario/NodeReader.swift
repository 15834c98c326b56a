import Foundation
import MusterEngine

/// Typed reads of `YNode`s that never stop at the first problem: each read
/// records an issue and returns nil, and the caller carries on with a
/// default so that every problem in the file is found in one pass.
final class NodeReader {
    private(set) var issues: [ScenarioIssue] = []
    /// Accepted but discouraged forms (deprecated names): reported, never fatal.
    private(set) var warnings: [ScenarioIssue] = []

    func add(_ issue: ScenarioIssue) { issues.append(issue) }
    func add(_ more: [ScenarioIssue]) { issues += more }

    /// Records a problem located at `node`.
    func report(_ node: YNode, _ key: String, _ message: String) {
        issues.append(ScenarioIssue(file: node.origin, line: node.line, key: key, message: message))
    }

    /// Records a warning located at `node`; the file is still valid.
    func warn(_ node: YNode, _ key: String, _ message: String) {
        warnings.append(ScenarioIssue(file: node.origin, line: node.line, key: key, message: message))
    }

    /// A mapping whose keys have been checked against an allowed list.
    struct Mapping {
        let node: YNode
        let path: String
        let entries: [YNode.Entry]

        func value(_ name: String) -> YNode? { entries.first { $0.name == name }?.value }
        func has(_ name: String) -> Bool { value(name) != nil }
        /// The dotted path of a child key.
        func path(_ name: String) -> String { path.isEmpty ? name : path + "." + name }
    }

    /// Reads a mapping, reporting unknown and duplicate keys.
    ///
    /// - Parameter note: an extra hint for a particular unknown key (e.g. why
    ///   `city` cannot have a fan-out).
    func mapping(_ node: YNode, _ path: String, allowed: [String],
                 note: (String) -> String? = { _ in nil }) -> Mapping? {
        guard case .mapping(let entries) = node.kind else {
            report(node, path, "expected a mapping with keys \(allowed.joined(separator: ", ")), found \(node.found)")
            return nil
        }
        var seen: [String: Int?] = [:]
        var kept: [YNode.Entry] = []
        for e in entries {
            let childPath = path.isEmpty ? e.name : path + "." + e.name
            if let first = seen[e.name] {
                let whereFirst = first.map { " (first on line \($0))" } ?? ""
                report(e.key, childPath, "duplicate key '\(e.name)'\(whereFirst); give each key once")
                continue
            }
            seen[e.name] = e.key.line
            if allowed.contains(e.name) {
                kept.append(e)
            } else {
                let hint = note(e.name).map { "; " + $0 } ?? ""
                report(e.key, childPath, "unknown key '\(e.name)'\(hint); allowed: \(allowed.joined(separator: ", "))")
            }
        }
        return Mapping(node: node, path: path, entries: kept)
    }

    /// A section such as `field:`: absent or null means "all defaults", so
    /// an empty mapping located at the parent stands in for it.
    func section(_ parent: Mapping, _ name: String, allowed: [String],
                 note: (String) -> String? = { _ in nil }) -> Mapping {
        let path = parent.path(name)
        guard let node = parent.value(name), !node.isNull else {
            return Mapping(node: .emptyMapping(origin: parent.node.origin, line: parent.node.line),
                           path: path, entries: [])
        }
        return mapping(node, path, allowed: allowed, note: note)
            ?? Mapping(node: node, path: path, entries: [])
    }

    /// Reads `parent.name` with `read` when present; `fallback` otherwise
    /// (and after a problem, which `read` has already reported).
    func value<T>(_ parent: Mapping, _ name: String, default fallback: T,
                  _ read: (YNode, String) -> T?) -> T {
        guard let node = parent.value(name) else { return fallback }
        return read(node, parent.path(name)) ?? fallback
    }

    /// Reports a required key that is absent.
    func missing(_ parent: Mapping, _ name: String, _ why: String) {
        report(parent.node, parent.path(name), "missing key '\(name)'; \(why)")
    }

    // MARK: Scalars

    /// An integer in `min...max`. Every key names its own maximum: an
    /// unbounded count would reach arithmetic that overflows or memory that
    /// does not exist.
    func int(_ node: YNode, _ path: String, min: Int, max: Int) -> Int? {
        let allowed = "an integer from \(min) to \(max)"
        guard let s = node.scalar, s.type == .int, let v = s.int else {
            report(node, path, "expected \(allowed), found \(node.found)")
            return nil
        }
        guard v >= min, v <= max else {
            report(node, path, "must be \(allowed), found \(v)")
            return nil
        }
        return v
    }

    /// An integer in the range `ScenarioSchema` gives `key`.
    func int(_ node: YNode, _ path: String, _ key: ScenarioKey) -> Int? {
        int(node, path, min: key.intMin, max: key.intMax)
    }

    /// A finite number (integer or decimal).
    func number(_ node: YNode, _ path: String, expected: String = "a number") -> Double? {
        guard let s = node.scalar, s.type == .int || s.type == .float, let v = s.double, v.isFinite else {
            report(node, path, "expected \(expected), found \(node.found)")
            return nil
        }
        return v
    }

    /// A number strictly greater than zero and at most `max`.
    func positive(_ node: YNode, _ path: String, max: Double = 1e6) -> Double? {
        guard let v = number(node, path, expected: "a number > 0") else { return nil }
        guard v > 0 else {
            report(node, path, "must be a number > 0, found \(node.found)")
            return nil
        }
        guard v <= max else {
            report(node, path, "must be a number > 0 and at most \(NodeReader.plain(max)), found \(node.found)")
            return nil
        }
        return v
    }

    /// A number within `min...max`.
    func bounded(_ node: YNode, _ path: String, min: Double, max: Double, expected: String) -> Double? {
        guard let v = number(node, path, expected: expected) else { return nil }
        guard v >= min, v <= max else {
            report(node, path, "must be \(expected), from \(NodeReader.plain(min)) to \(NodeReader.plain(max)); found \(node.found)")
            return nil
        }
        return v
    }

    /// A limit as people write it: `1000000`, `0.01`, not `1e+06`.
    static func plain(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }

    /// A probability in [0, 1], or in [0, 1) when `belowOne`: `0.2` or
    /// `20%` (see `fraction`).
    func probability(_ node: YNode, _ path: String, belowOne: Bool) -> Double? {
        fraction(node, path, in: belowOne ? .belowOne : .closed, what: "a probability", symbol: "p")
    }

    /// A fraction in `range`, by `FractionText`'s rules: a number (`0.2`,
    /// read as YAML reads it, so its value is unchanged) or a percentage
    /// (`20%`, the same Double as `0.2`). A bare number above 1 is refused
    /// with "did you mean 20%?".
    func fraction(_ node: YNode, _ path: String, in range: FractionText.Range, what: String, symbol: String = "f") -> Double? {
        let expected = "\(what) with \(range.symbolic(symbol)), as a fraction (0.2) or a percentage (20%)"
        guard let s = node.scalar, s.type != .null, s.type != .bool else {
            report(node, path, "expected \(expected), found \(node.found)")
            return nil
        }
        do {
            if s.type == .int || s.type == .float, let v = s.double {
                return try FractionText.check(v, text: s.text, in: range)
            }
            guard s.type == .string, s.text.trimmingCharacters(in: .whitespaces).hasSuffix("%") else {
                report(node, path, "expected \(expected), found \(node.found)")
                return nil
            }
            return try FractionText.parse(s.text, in: range)
        } catch where error.kind == .bareAboveOne {
            report(node, path, "\(s.text) is not \(what): did you mean \(s.text)%? Allowed: \(what) with \(range.symbolic(symbol)), "
                   + "as a fraction (0.2) or a percentage (20%)")
            return nil
        } catch where error.kind == .outOfRange {
            report(node, path, "must be \(what) with \(range.symbolic(symbol)), found \(node.found)")
            return nil
        } catch {
            report(node, path, "\(error.message); expected \(expected)")
            return nil
        }
    }

    /// Any non-null scalar, as text (ids, names).
    func text(_ node: YNode, _ path: String, expected: String = "a text value") -> String? {
        guard let s = node.scalar, s.type != .null else {
            report(node, path, "expected \(expected), found \(node.found)")
            return nil
        }
        return s.text
    }

    /// One of a fixed set of words.
    func choice(_ node: YNode, _ path: String, allowed: [String]) -> String? {
        let list = allowed.joined(separator: ", ")
        guard let t = text(node, path, expected: "one of \(list)") else { return nil }
        guard allowed.contains(t) else {
            report(node, path, "unknown value '\(t)'; allowed: \(list)")
            return nil
        }
        return t
    }
}
