import Foundation

/// A JSON file of an output folder, navigated by key path with errors that
/// name the file and the path (`summary.json: modes.tiered.order_complete_hours.p50`).
package struct JSONFile {
    package let file: String
    package let root: Any

    package init(file: String, data: Data) throws(ReportInputError) {
        self.file = file
        do {
            root = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw ReportInputError(file: file, message: "not valid JSON (\(Self.reason(error)))")
        }
    }

    /// The value at `path` (dotted keys), or nil when a step is missing.
    package func value(_ path: String) -> Any? {
        var node: Any? = root
        for key in path.split(separator: ".") {
            guard let object = node as? [String: Any] else { return nil }
            node = object[String(key)]
        }
        return node
    }

    package func object(_ path: String) throws(ReportInputError) -> [String: Any] {
        guard let o = value(path) as? [String: Any] else { throw missing(path, "an object") }
        return o
    }

    package func string(_ path: String) throws(ReportInputError) -> String {
        guard let s = value(path) as? String else { throw missing(path, "a string") }
        return s
    }

    /// A number; JSON `null` (an undefined figure) reads as NaN.
    package func number(_ path: String) throws(ReportInputError) -> Double {
        let v = value(path)
        if v is NSNull { return .nan }
        guard let n = v as? NSNumber else {
            throw missing(path, "a number")
        }
        return n.doubleValue
    }

    /// An unsigned integer as text, exactly (a seed may exceed 2^53).
    package func integerText(_ path: String) throws(ReportInputError) -> String {
        guard let n = value(path) as? NSNumber else { throw missing(path, "a whole number") }
        let s = n.stringValue
        guard !s.isEmpty, s.allSatisfy(\.isNumber) else { throw missing(path, "a whole number") }
        return s
    }

    /// `[low, high]`; nulls read as NaN.
    package func interval(_ path: String) throws(ReportInputError) -> (Double, Double) {
        guard let a = value(path) as? [Any], a.count == 2 else { throw missing(path, "a pair [low, high]") }
        func read(_ x: Any) throws(ReportInputError) -> Double {
            if x is NSNull { return .nan }
            guard let n = x as? NSNumber else { throw missing(path, "a pair of numbers") }
            return n.doubleValue
        }
        return (try read(a[0]), try read(a[1]))
    }

    package func strings(_ path: String) throws(ReportInputError) -> [String] {
        guard let a = value(path) as? [Any] else { throw missing(path, "a list of strings") }
        var out: [String] = []
        for x in a {
            guard let s = x as? String else { throw missing(path, "a list of strings") }
            out.append(s)
        }
        return out
    }

    private func missing(_ path: String, _ what: String) -> ReportInputError {
        value(path) == nil
            ? ReportInputError(file: file, message: "\(path) is missing; expected \(what)")
            : ReportInputError(file: file, message: "\(path) is not \(what)")
    }

    private static func reason(_ error: Error) -> String {
        let ns = error as NSError
        return (ns.userInfo[NSDebugDescriptionErrorKey] as? String) ?? ns.localizedDescription
    }
}
