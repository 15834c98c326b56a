import Foundation
import MusterOutput

/// The replications a search has simulated, per candidate, kept in a file
/// (`optimize --state FILE`, `select --state FILE`) and rewritten after every batch: a search
/// stopped at any point and run again with the same file and question
/// simulates only what is missing, and gives the same answer, because the
/// search is deterministic given the values.
public struct SearchState: Sendable, Equatable {
    /// What the values answer: the question that made them (scenario
    /// bytes, overrides, variable, measure, seed, version).
    public var fingerprint: String
    /// Per candidate (as `--set` writes it): the measure of replications 0, 1, ….
    public var values: [String: [Double]]

    public init(fingerprint: String, values: [String: [Double]] = [:]) {
        self.fingerprint = fingerprint; self.values = values
    }

    public var json: JSONValue {
        .object([
            ("fingerprint", .string(fingerprint)),
            ("values", .object(values.keys.sorted().map { key in
                (key, .array(values[key]!.map { $0.isFinite ? .number($0) : .string($0 > 0 ? "inf" : "nan") }))
            })),
        ])
    }

    /// Reads a state file; the error says what is wrong with it.
    public static func read(_ data: Data) -> Result<SearchState, OptimizeInputError> {
        let doc: JSONDocument
        do { doc = try JSONDocument(parsing: data) } catch { return .failure(OptimizeInputError("not a state file: \(error)")) }
        guard case .object(let members) = doc.value,
              case .string(let fingerprint)? = doc.value["fingerprint"],
              case .object(let entries)? = doc.value["values"] else {
            return .failure(OptimizeInputError("not a state file written by muster optimize or select (no fingerprint and values)"))
        }
        _ = members
        var values: [String: [Double]] = [:]
        for (key, list) in entries {
            guard case .array(let items) = list else { return .failure(OptimizeInputError("values.\(key) is not a list")) }
            var xs: [Double] = []
            for item in items {
                switch item {
                case .number(let x): xs.append(x)
                case .int(let x): xs.append(Double(x))
                case .uint(let x): xs.append(Double(x))
                case .string("inf"): xs.append(.infinity)
                case .string("nan"): xs.append(.nan)
                default: return .failure(OptimizeInputError("values.\(key) holds something other than numbers"))
                }
            }
            values[key] = xs
        }
        return .success(SearchState(fingerprint: fingerprint, values: values))
    }

    /// Writes the file atomically (a temporary file renamed over it), so an
    /// interrupted write leaves the previous state.
    public func write(to url: URL) throws {
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        try json.fileData.write(to: tmp)
        guard rename(tmp.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: tmp)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
    }
}
