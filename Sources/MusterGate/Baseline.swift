import Foundation
import MusterEngine
import MusterModel
import MusterOutput

/// A problem in a baseline file, located like a scenario's: see
/// `InputIssue` (the key is dotted, e.g. `modes.p2p.order_complete_hours[3]`).
public typealias BaselineIssue = InputIssue

/// Every problem found in a baseline file.
public struct BaselineError: Error, Sendable, CustomStringConvertible {
    public var issues: [BaselineIssue]
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// What `muster check --update` writes and `muster check` compares against:
/// the replication-level order and field completion of every mode, with
/// what it takes to reproduce them (scenario file and its hash, seed,
/// replications, overrides, Muster version).
///
/// The file holds no time stamp, so the same scenario, seed and version
/// always give the same bytes and an unchanged baseline never shows in a
/// diff.
public struct Baseline: Sendable, Equatable {
    /// The value of the file's `format` key.
    public static let format = "muster-baseline/1"

    /// The largest completion time a baseline may hold, in hours (about 114
    /// years): anything above is not a simulated response time but a
    /// damaged or hand-made file, and would make every comparison pass.
    public static let maximumHours = 1_000_000.0

    /// Version, scenario, file and hash, seed, replications, overrides:
    /// the values were made with these.
    public var provenance: Provenance
    /// Values per mode that ran.
    public var samples: [Mode: GateSample]

    public init(provenance: Provenance, samples: [Mode: GateSample]) {
        self.provenance = provenance
        self.samples = samples
    }

    public init(musterVersion: String, scenario: String, scenarioFile: String, scenarioSHA256: String,
                seed: UInt64, replications: Int, overrides: [String], samples: [Mode: GateSample]) {
        self.init(provenance: Provenance(musterVersion: musterVersion, scenario: scenario, scenarioFile: scenarioFile,
                                         scenarioSHA256: scenarioSHA256, seed: seed, replications: replications,
                                         overrides: overrides),
                  samples: samples)
    }

    public var musterVersion: String { provenance.musterVersion }
    /// Scenario name.
    public var scenario: String { provenance.scenario }
    /// The scenario file as given on the command line.
    public var scenarioFile: String { provenance.scenarioFile }
    /// SHA-256 of the scenario file's bytes, lowercase hex.
    public var scenarioSHA256: String { provenance.scenarioSHA256 }
    public var seed: UInt64 { provenance.seed }
    public var replications: Int { provenance.replications }
    /// `--set` overrides the values were made with.
    public var overrides: [String] { provenance.overrides }

    /// The modes stored, tiered first.
    public var modes: [Mode] { Mode.allCases.filter { samples[$0] != nil } }

    /// Keys: format, muster_version, scenario, scenario_file,
    /// scenario_sha256, seed, replications, overrides, then `modes` with,
    /// per mode, `order_complete_hours` and `field_complete_hours`: one
    /// value per replication in replication order, `null` for one that
    /// never completed.
    public var json: JSONValue {
        .object([("format", .string(Self.format))] + provenance.leadingJSON + [
            ("overrides", provenance.overridesJSON),
            ("modes", .object(modes.map { mode in
                (mode.rawValue, .object(GateMetric.allCases.map { metric in
                    (metric.rawValue, .array(samples[mode]![metric].map { .number($0) }))
                }))
            })),
        ])
    }

    /// Reads a baseline file's bytes; `file` names it in issues.
    public static func read(_ data: Data, file: String) throws(BaselineError) -> Baseline {
        let doc: JSONDocument
        do {
            doc = try JSONDocument(parsing: data)
        } catch {
            throw BaselineError(issues: [BaselineIssue(file: file, line: error.line, key: "",
                                                       message: "not valid JSON: \(error.message)")])
        }
        var r = Reader(file: file, doc: doc)
        guard case .object = doc.value else {
            r.issue("", "a baseline must be a JSON object with keys format, seed, replications, modes …; found \(describe(doc.value))")
            throw BaselineError(issues: r.issues)
        }
        let format = r.string("format")
        if let format, format != Self.format {
            r.issue("format", "unknown baseline format \"\(format)\"; allowed: \"\(Self.format)\" (write a new baseline with muster check --update)")
            throw BaselineError(issues: r.issues)
        }
        let version = r.string("muster_version")
        let scenario = r.string("scenario")
        let scenarioFile = r.string("scenario_file")
        let sha = r.string("scenario_sha256")
        if let sha, sha.count != 64 || !sha.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
            r.issue("scenario_sha256", "expected 64 lowercase hexadecimal digits, found \"\(sha)\"")
        }
        let seed = r.seed("seed")
        let replications = r.count("replications")
        let overrides = r.strings("overrides")
        var samples: [Mode: GateSample] = [:]
        if let modes = r.member("modes") {
            if case .object(let members) = modes, !members.isEmpty {
                for (name, value) in members {
                    let key = JSONDocument.child("modes", name)
                    guard let mode = Mode(rawValue: name) else {
                        r.issue(key, "unknown mode; allowed: tiered, p2p")
                        continue
                    }
                    guard case .object = value else {
                        r.issue(key, "expected an object with order_complete_hours and field_complete_hours, found \(describe(value))")
                        continue
                    }
                    let order = r.values(JSONDocument.child(key, GateMetric.orderComplete.rawValue), expected: replications)
                    let field = r.values(JSONDocument.child(key, GateMetric.fieldComplete.rawValue), expected: replications)
                    if let order, let field { samples[mode] = GateSample(orderComplete: order, fieldComplete: field) }
                }
            } else {
                r.issue("modes", "expected an object with tiered and/or p2p, found \(describe(modes))")
            }
        }
        guard r.issues.isEmpty, let version, let scenario, let scenarioFile, let sha, let seed,
              let replications, let overrides else {
            throw BaselineError(issues: r.issues)
        }
        return Baseline(musterVersion: version, scenario: scenario, scenarioFile: scenarioFile, scenarioSHA256: sha,
                        seed: seed, replications: replications, overrides: overrides, samples: samples)
    }

    /// "a string", "an array", … for messages.
    static func describe(_ v: JSONValue) -> String {
        switch v {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .uint, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// Typed access to the document that records an issue for each key that
    /// is missing or of the wrong kind.
    private struct Reader {
        let file: String
        let doc: JSONDocument
        var issues: [BaselineIssue] = []

        mutating func issue(_ key: String, _ message: String) {
            // A missing key has no line of its own: point at its parent.
            var path = key, line = doc.lines[key]
            while line == nil, !path.isEmpty {
                path = parent(of: path)
                line = doc.lines[path]
            }
            issues.append(BaselineIssue(file: file, line: line, key: key, message: message))
        }

        private func parent(of path: String) -> String {
            if path.hasSuffix("]"), let open = path.lastIndex(of: "[") { return String(path[..<open]) }
            if let dot = path.lastIndex(of: ".") { return String(path[..<dot]) }
            return ""
        }

        func value(at path: String) -> JSONValue? {
            var v: JSONValue? = doc.value
            for part in path.split(separator: ".") { v = v?[String(part)] }
            return v
        }

        mutating func member(_ key: String) -> JSONValue? {
            guard let v = value(at: key) else { issue(key, "missing"); return nil }
            return v
        }

        mutating func string(_ key: String) -> String? {
            guard let v = member(key) else { return nil }
            guard case .string(let s) = v else { issue(key, "expected a string, found \(describe(v))"); return nil }
            return s
        }

        mutating func seed(_ key: String) -> UInt64? {
            guard let v = member(key) else { return nil }
            switch v {
            case .int(let i) where i >= 0: return UInt64(i)
            case .uint(let u): return u
            default:
                issue(key, "expected a whole number from 0 to 18446744073709551615, found \(describe(v))")
                return nil
            }
        }

        mutating func count(_ key: String) -> Int? {
            guard let v = member(key) else { return nil }
            guard case .int(let i) = v, i >= 1 else {
                issue(key, "expected a whole number of at least 1, found \(v.serialized(pretty: false))")
                return nil
            }
            return i
        }

        mutating func strings(_ key: String) -> [String]? {
            guard let v = member(key) else { return nil }
            guard case .array(let items) = v else { issue(key, "expected an array of strings, found \(describe(v))"); return nil }
            var out: [String] = []
            for (i, item) in items.enumerated() {
                guard case .string(let s) = item else {
                    issue(JSONDocument.element(key, i), "expected a string, found \(describe(item))")
                    return nil
                }
                out.append(s)
            }
            return out
        }

        /// An array of hours, `null` for a replication that never completed.
        mutating func values(_ key: String, expected: Int?) -> [Double]? {
            guard let v = member(key) else { return nil }
            guard case .array(let items) = v else {
                issue(key, "expected an array of hours (numbers, null for never), found \(describe(v))")
                return nil
            }
            var out: [Double] = []
            var plausible = true
            for (i, item) in items.enumerated() {
                let x: Double
                switch item {
                case .int(let v): x = Double(v)
                case .uint(let v): x = Double(v)
                case .number(let v): x = v
                case .null: out.append(.infinity); continue
                default:
                    issue(JSONDocument.element(key, i), "expected hours (a number, or null for never), found \(describe(item))")
                    return nil
                }
                // A negative, non-finite or absurdly large time would let any
                // run pass: refused, naming the value.
                guard x.isFinite, x >= 0, x <= Baseline.maximumHours else {
                    issue(JSONDocument.element(key, i), "implausible completion time \(item.serialized(pretty: false)) hours; "
                          + "allowed: a number of hours from 0 to \(Int(Baseline.maximumHours)), or null for never")
                    plausible = false
                    continue
                }
                out.append(x)
            }
            guard plausible else { return nil }
            if let expected, out.count != expected {
                issue(key, "holds \(out.count) values but replications is \(expected); allowed: one value per replication")
                return nil
            }
            return out
        }
    }
}
