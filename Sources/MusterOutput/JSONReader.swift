import Foundation

/// A JSON syntax error, located by line.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line of the offending character.
    public var line: Int
    public var message: String

    public var description: String { "line \(line): \(message)" }
}

/// A parsed JSON document: the value, and the line on which each value
/// starts, by its path (`modes.p2p.order_complete_hours[3]`), so that an
/// error in a file Muster reads can name the line and the key.
///
/// Written here rather than with `JSONSerialization` for two reasons: the
/// lines, and numbers. A number is parsed with `Double(String)`, which is
/// correctly rounded, so every Double written by `JSONValue` (shortest
/// round-trip form) reads back bit for bit — the regression gate's exact
/// layer depends on it. Integers without a fraction or exponent stay exact
/// (`.int`, or `.uint` beyond `Int.max`).
public struct JSONDocument: Sendable {
    public var value: JSONValue
    /// Line of each value by path; the root is "".
    public var lines: [String: Int]

    /// Parses UTF-8 JSON text (RFC 8259). A key given twice in one object is
    /// an error: readers disagree on which value wins, so a file saying both
    /// says nothing certain.
    public init(parsing data: Data) throws(JSONSyntaxError) {
        var p = Parser(bytes: [UInt8](data))
        p.skipSpace()
        let v = try p.value(path: "")
        p.skipSpace()
        if p.i < p.bytes.count { throw p.error("unexpected text after the document") }
        value = v
        lines = p.lines
    }

    /// The path of `key` below `path`.
    public static func child(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }
    /// The path of element `index` below `path`.
    public static func element(_ path: String, _ index: Int) -> String { path + "[\(index)]" }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0
        var line = 1
        var lines: [String: Int] = [:]
        /// Nesting depth, bounded so a hostile file cannot exhaust the stack.
        var depth = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func error(_ message: String) -> JSONSyntaxError { JSONSyntaxError(line: line, message: message) }

        mutating func skipSpace() {
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\n"): line += 1; i += 1
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): i += 1
                default: return
                }
            }
        }

        mutating func value(path: String) throws(JSONSyntaxError) -> JSONValue {
            guard i < bytes.count else { throw error("unexpected end of file, expected a value") }
            lines[path] = line
            switch bytes[i] {
            case UInt8(ascii: "{"): return try object(path: path)
            case UInt8(ascii: "["): return try array(path: path)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw error("unexpected character '\(Character(Unicode.Scalar(bytes[i])))', expected a value")
            }
        }

        mutating func enter() throws(JSONSyntaxError) {
            depth += 1
            if depth > 200 { throw error("nesting deeper than 200 levels") }
        }

        mutating func object(path: String) throws(JSONSyntaxError) -> JSONValue {
            try enter(); defer { depth -= 1 }
            i += 1
            var members: [(String, JSONValue)] = []
            var seen = Set<String>()
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object([]) }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
                let key = try string()
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':' after key \"\(key)\"") }
                i += 1
                skipSpace()
                let childPath = JSONDocument.child(path, key)
                if !seen.insert(key).inserted {
                    let first = lines[childPath].map { " (first on line \($0))" } ?? ""
                    throw error("key \"\(key)\" appears twice in one object\(first); a file Muster reads must give each key once")
                }
                let v = try value(path: childPath)
                members.append((key, v))
                skipSpace()
                guard i < bytes.count else { throw error("unexpected end of file in an object") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                throw error("expected ',' or '}' in an object")
            }
        }

        mutating func array(path: String) throws(JSONSyntaxError) -> JSONValue {
            try enter(); defer { depth -= 1 }
            i += 1
            var items: [JSONValue] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array([]) }
            while true {
                skipSpace()
                items.append(try value(path: JSONDocument.element(path, items.count)))
                skipSpace()
                guard i < bytes.count else { throw error("unexpected end of file in an array") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                throw error("expected ',' or ']' in an array")
            }
        }

        mutating func literal(_ word: String) throws(JSONSyntaxError) {
            let w = Array(word.utf8)
            guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else {
                throw error("unexpected text, expected a value such as \(word)")
            }
            i += w.count
        }

        mutating func number() throws(JSONSyntaxError) -> JSONValue {
            let start = i
            var integral = true
            func digits(_ p: inout Parser) -> Int {
                let s = p.i
                while p.i < p.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(p.bytes[p.i]) { p.i += 1 }
                return p.i - s
            }
            if bytes[i] == UInt8(ascii: "-") { i += 1 }
            let intStart = i
            let n = digits(&self)
            if n == 0 { throw error("malformed number") }
            if n > 1, bytes[intStart] == UInt8(ascii: "0") { throw error("malformed number: leading zero") }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                integral = false
                i += 1
                if digits(&self) == 0 { throw error("malformed number: no digit after '.'") }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                integral = false
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                if digits(&self) == 0 { throw error("malformed number: no digit in the exponent") }
            }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            if integral {
                if let v = Int(text) { return .int(v) }
                if let v = UInt64(text) { return .uint(v) }
            }
            guard let d = Double(text), d.isFinite else { throw error("number \(text) is out of range") }
            return .number(d)
        }

        mutating func string() throws(JSONSyntaxError) -> String {
            i += 1
            var out: [UInt8] = []
            while true {
                guard i < bytes.count else { throw error("unterminated string") }
                let c = bytes[i]
                if c == UInt8(ascii: "\"") { i += 1; break }
                if c < 0x20 { throw error("control character in a string") }
                if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
                i += 1
                guard i < bytes.count else { throw error("unterminated string") }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): out.append(e)
                case UInt8(ascii: "\\"): out.append(e)
                case UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        // A surrogate pair: the low half must follow.
                        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                            throw error("unpaired surrogate in a string")
                        }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in a string") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw error("invalid \\u escape in a string") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default: throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))' in a string")
                }
            }
            guard let s = String(validating: out, as: UTF8.self) else { throw error("string is not valid UTF-8") }
            return s
        }

        mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
            guard i + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16) else {
                throw error("invalid \\u escape in a string")
            }
            i += 4
            return v
        }
    }
}
