import Foundation
import Testing
import MusterEngine
import MusterModel
import MusterOutput
@testable import MusterGate

@Suite struct BaselineTests {
    static func baseline(_ values: [Double]) -> Baseline {
        Baseline(musterVersion: "0.1.0", scenario: "beilun", scenarioFile: "scenarios/beilun.yaml",
                 scenarioSHA256: String(repeating: "0123456789abcdef", count: 4), seed: UInt64.max - 1,
                 replications: values.count, overrides: ["field.visit.mean=6.6m"],
                 samples: [.tiered: GateSample(orderComplete: values, fieldComplete: values.reversed()),
                           .p2p: GateSample(orderComplete: values.map { $0 / 7 }, fieldComplete: values.map { $0 / 3 })])
    }

    /// The exact layer compares values read back from a file with new
    /// ones: every Double must survive the trip bit for bit.
    @Test func valuesRoundTripBitForBit() throws {
        let stream = RandomStream.sequential(key: 99)
        var values = (0..<500).map { _ in stream.uniform() * 100 }
        // Up to the largest plausible time (larger ones are refused: see
        // implausibleValuesAreRefused).
        values += [0, 1, 52, 1e-300, .leastNonzeroMagnitude, Baseline.maximumHours, 987654.3210987654, 0.1, 1.0 / 3, .infinity]
        let b = Self.baseline(values)
        let back = try Baseline.read(b.json.fileData, file: "b.json")
        #expect(back == b)
        for (x, y) in zip(back.samples[.tiered]!.orderComplete, values) { #expect(x.bitPattern == y.bitPattern) }
        // Same baseline, same bytes.
        #expect(back.json.fileData == b.json.fileData)
    }

    @Test func neverCompletedIsWrittenNullAndReadAsInfinity() throws {
        let b = Self.baseline([1, .nan, .infinity])
        let text = String(decoding: b.json.fileData, as: UTF8.self)
        #expect(text.contains("[1, null, null]"))
        let back = try Baseline.read(b.json.fileData, file: "b.json")
        #expect(back.samples[.tiered]!.orderComplete == [1, .infinity, .infinity])
    }

    static func issues(_ text: String) -> [BaselineIssue] {
        do {
            _ = try Baseline.read(Data(text.utf8), file: "b.json")
            return []
        } catch {
            return error.issues
        }
    }

    static let valid = String(decoding: baseline([1, 2, 3]).json.fileData, as: UTF8.self)

    /// Negative, non-finite or absurdly large hours would let any run pass
    /// (every comparison judged against nonsense): refused, naming the
    /// file, line and element; null (never) stays allowed.
    @Test func implausibleValuesAreRefused() throws {
        for bad in ["-3", "-0.5", "1e308", "1000000.5"] {
            let text = Self.valid.replacingOccurrences(of: "[1, 2, 3]", with: "[1, \(bad), 3]")
            let found = Self.issues(text)
            #expect(found.count == 1, "\(bad): \(found)")
            #expect(found.first?.key == "modes.tiered.order_complete_hours[1]", "\(bad)")
            #expect(found.first?.file == "b.json" && found.first?.line != nil)
            #expect(found.first?.message.contains("implausible") == true, "\(bad): \(found)")
        }
        // Beyond a Double: not even JSON Muster reads.
        #expect(Self.issues(Self.valid.replacingOccurrences(of: "[1, 2, 3]", with: "[1, 1e999, 3]")).count == 1)
        // What a real run can hold still reads.
        for good in ["null", "0", "1000000", "0.001"] {
            #expect(Self.issues(Self.valid.replacingOccurrences(of: "[1, 2, 3]", with: "[1, \(good), 3]")).isEmpty, "\(good)")
        }
    }

    @Test func problemsNameTheFileLineAndKey() throws {
        // Line 7 of the file is `"seed": …`.
        let lines = Self.valid.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[6].contains("\"seed\""))
        var broken = lines
        broken[6] = "  \"seed\": -4,"
        let seed = Self.issues(broken.joined(separator: "\n"))
        #expect(seed.count == 1 && seed[0].key == "seed" && seed[0].line == 7)
        #expect(seed[0].description.hasPrefix("b.json:7: seed: expected a whole number"))

        let missing = Self.issues(Self.valid.replacingOccurrences(of: "\"replications\": 3,", with: ""))
        #expect(missing.contains { $0.key == "replications" && $0.message == "missing" })

        let short = Self.issues(Self.valid.replacingOccurrences(of: "[1, 2, 3]", with: "[1, 2]"))
        #expect(short.contains { $0.key == "modes.tiered.order_complete_hours" && $0.message.contains("holds 2 values but replications is 3") })

        let word = Self.issues(Self.valid.replacingOccurrences(of: "[1, 2, 3]", with: "[1, \"two\", 3]"))
        #expect(word.contains { $0.key == "modes.tiered.order_complete_hours[1]" })

        let mode = Self.issues(Self.valid.replacingOccurrences(of: "\"p2p\":", with: "\"pigeon\":"))
        #expect(mode.contains { $0.key == "modes.pigeon" && $0.message.contains("allowed: tiered, p2p") })

        let format = Self.issues(Self.valid.replacingOccurrences(of: "muster-baseline/1", with: "muster-baseline/9"))
        #expect(format.count == 1 && format[0].key == "format")

        let syntax = Self.issues("{\n  \"format\": \"muster-baseline/1\",\n  \"seed\": 1,,\n}")
        #expect(syntax.count == 1 && syntax[0].line == 3 && syntax[0].message.hasPrefix("not valid JSON"))

        let notObject = Self.issues("[1, 2]")
        #expect(notObject.count == 1 && notObject[0].message.contains("a baseline must be a JSON object"))
    }

    @Test func everyProblemIsListed() {
        let text = Self.valid.replacingOccurrences(of: "\"replications\": 3,", with: "\"replications\": 0,")
            .replacingOccurrences(of: "\"scenario\": \"beilun\",", with: "\"scenario\": 5,")
        let keys = Self.issues(text).map(\.key)
        #expect(keys.contains("replications") && keys.contains("scenario"))
    }
}

@Suite struct JSONReaderTests {
    @Test func parsesEveryKindOfValue() throws {
        let text = """
        {"a": [1, -2.5, 1e3, 18446744073709551615, -0],
         "b": {"t": true, "f": false, "n": null},
         "s": "q\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00北"}
        """
        let doc = try JSONDocument(parsing: Data(text.utf8))
        #expect(doc.value["a"] == .array([.int(1), .number(-2.5), .number(1000), .uint(.max), .int(0)]))
        #expect(doc.value["b"] == .object([("t", .bool(true)), ("f", .bool(false)), ("n", .null)]))
        #expect(doc.value["s"] == .string("q\"\\/\u{08}\u{0C}\n\r\té😀北"))
        #expect(doc.lines["a"] == 1 && doc.lines["b.t"] == 2 && doc.lines["s"] == 3 && doc.lines["a[3]"] == 1)
    }

    @Test func readsBackWhatJSONValueWrites() throws {
        let v = JSONValue.object([("x", .array([.number(0.1), .number(2.5e-7), .int(-3), .string("a\u{07}b")])), ("y", .object([]))])
        #expect(try JSONDocument(parsing: v.fileData).value == v)
    }

    @Test(arguments: [("{", 1, "expected a key"), ("[1, 2", 1, "end of file"), ("{\"a\" 1}", 1, "expected ':'"), ("[1,\n2,\n]", 3, "expected a value"),
                      ("[01]", 1, "leading zero"), ("\"abc", 1, "unterminated"), ("[1] x", 1, "after the document"),
                      ("{\"a\": tru}", 1, "true"), ("[1e999]", 1, "out of range"), ("\"\\x\"", 1, "invalid escape")])
    func syntaxErrorsNameTheLine(text: String, line: Int, message: String) {
        do {
            _ = try JSONDocument(parsing: Data(text.utf8))
            Issue.record("parsed \(text)")
        } catch {
            #expect(error.line == line, "\(text): \(error)")
            #expect(error.message.contains(message), "\(text): \(error)")
        }
    }

    @Test func deepNestingIsRefused() {
        let text = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(throws: JSONSyntaxError.self) { try JSONDocument(parsing: Data(text.utf8)) }
    }
}
