import Foundation
import Testing
import MusterModel
import MusterTestSupport
import MusterOutput
@testable import MusterStats

@Suite struct JSONTests {
    static let statKeys = ["mean", "ci95", "sd", "min", "p5", "p10", "p25", "p50", "p75", "p90", "p95", "p99", "max"]

    static func summary(p2p: Bool = true) -> RunSummary {
        var results: [Mode: [ReplicationResult]] = [
            .tiered: [result(.tiered, 0, order: 50, notified: [1, 2]), result(.tiered, 1, order: 54.5, notified: [3])],
        ]
        if p2p { results[.p2p] = [result(.p2p, 0, order: 20), result(.p2p, 1, order: 25)] }
        return RunSummary(scenario: "beilun", seed: 20200601, version: "0.1.0", results: results)
    }

    /// Object keys in the order they appear in the text.
    static func keysInText(_ text: String) -> [String] {
        let pattern = /"([a-z0-9_]+)":/
        return text.matches(of: pattern).map { String($0.output.1) }
    }

    @Test func keysFollowTheContractOrder() throws {
        let json = Self.summary().json
        #expect(Array(json.keys.prefix(6)) == ["muster_version", "scenario", "seed", "replications", "modes", "comparison"])
        #expect(json["modes"]?.keys == ["tiered", "p2p"])
        let modeKeys = ["order_complete_hours", "field_complete_hours", "notified_hours", "microgrid_done_hours",
                        "households", "events"]
        for mode in ["tiered", "p2p"] {
            let m = try #require(json["modes"]?[mode])
            #expect(Array(m.keys.prefix(modeKeys.count)) == modeKeys)
            for k in modeKeys.prefix(4) { #expect(Array(m[k]!.keys.prefix(13)) == Self.statKeys) }
            #expect(m["households"]?.keys == ["total", "visited", "unreached", "attempts"])
        }
        let c = try #require(json["comparison"])
        #expect(c.keys == ["order_complete_diff_hours", "order_complete_ratio"])
        #expect(Array(c["order_complete_ratio"]!.keys.prefix(2)) == ["mean", "ci95"])

        // The text keeps that order: the top-level keys and the first mode's
        // contract keys appear in sequence.
        let text = json.serialized()
        let inText = Self.keysInText(text)
        let expected = ["muster_version", "scenario", "seed", "replications", "modes", "tiered",
                        "order_complete_hours"] + Self.statKeys
        #expect(Array(inText.prefix(expected.count)) == expected)
        let positions = ["\"modes\"", "\"tiered\"", "\"notified_hours\"", "\"events\"", "\"p2p\"", "\"comparison\"",
                         "\"order_complete_diff_hours\"", "\"order_complete_ratio\""]
            .map { text.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted())
    }

    @Test func parsesBackWithFoundation() throws {
        let data = Self.summary().json.fileData
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["scenario"] as? String == "beilun")
        #expect((object["seed"] as? NSNumber)?.uint64Value == 20200601)
        let modes = try #require(object["modes"] as? [String: Any])
        let tiered = try #require(modes["tiered"] as? [String: Any])
        let order = try #require(tiered["order_complete_hours"] as? [String: Any])
        #expect((order["mean"] as? NSNumber)?.doubleValue == 52.25)
        #expect((order["ci95"] as? [Any])?.count == 2)
    }

    @Test func undefinedFiguresAreNull() throws {
        let text = JSONValue.object([("a", .number(.nan)), ("b", .number(.infinity)), ("c", .number(1.5))])
            .serialized(pretty: false)
        #expect(text == #"{"a":null,"b":null,"c":1.5}"#)
        // A mode with no replication: its statistics are null, and the file still parses.
        let empty = RunSummary(scenario: "x", seed: 0, version: "0", results: [.tiered: []]).json
        #expect(empty["modes"]?["tiered"]?["order_complete_hours"]?["mean"] == .number(.nan))
        let parsed = try JSONSerialization.jsonObject(with: empty.fileData) as? [String: Any]
        let mean = ((parsed?["modes"] as? [String: Any])?["tiered"] as? [String: Any]).flatMap {
            ($0["order_complete_hours"] as? [String: Any])?["mean"]
        }
        #expect(mean is NSNull)
    }

    @Test func comparisonIsNullWithOneMode() {
        let json = Self.summary(p2p: false).json
        #expect(json["comparison"] == .null)
        #expect(json["modes"]?.keys == ["tiered"])
    }

    @Test func serializationIsDeterministic() {
        let a = Self.summary().json.serialized(), b = Self.summary().json.serialized()
        #expect(a == b)
        #expect(Self.summary().json.fileData == Self.summary().json.fileData)
    }

    @Test func numbersFollowOneRule() {
        func text(_ x: Double) -> String { JSONValue.number(x).serialized() }
        #expect(text(52) == "52")
        #expect(text(-0.0) == "0")
        #expect(text(0.1) == "0.1")
        #expect(text(2.5e-7) == "2.5e-07")
        #expect(text(1e20) == "1e+20")
        #expect(JSONValue.uint(.max).serialized() == "18446744073709551615")
        #expect(JSONValue.int(-3).serialized() == "-3")
    }

    @Test func stringsAreEscaped() throws {
        let raw = "quote \" backslash \\ newline \n tab \t bell \u{07} 北仑"
        let text = JSONValue.string(raw).serialized()
        #expect(text == #""quote \" backslash \\ newline \n tab \t bell \u0007 北仑""#)
        let back = try JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed) as? String
        #expect(back == raw)
    }

    @Test func prettyLayout() {
        let v = JSONValue.object([("a", .array([.int(1), .number(2.5)])), ("b", .object([])),
                                  ("c", .array([.object([("d", .bool(true))])]))])
        #expect(v.serialized() == """
        {
          "a": [1, 2.5],
          "b": {},
          "c": [
            {
              "d": true
            }
          ]
        }
        """)
    }
}
