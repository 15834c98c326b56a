import Foundation
import Testing

/// The programs of Examples/ (built on MusterEngine alone) run and say
/// what the engine's contract implies: Erlang C's closed form for the
/// M/M/c queue, lower bounds and office hours for the relay.
@Suite struct ExampleTests {
    /// Runs the example binary `name`, built beside `muster`.
    static func run(_ name: String, _ args: [String] = []) throws -> CLIResult {
        try CLI.run(args, executable: CLI.binary.deletingLastPathComponent().appendingPathComponent(name))
    }

    /// The numbers of a line, in order: "1.2 h ± 0.03" → [1.2, 0.03].
    static func numbers(in line: Substring) -> [Double] {
        line.split(whereSeparator: { !"0123456789.".contains($0) }).compactMap { Double($0) }
    }

    @Test func mmcQueueMeanWaitAgreesWithErlangC() throws {
        let r = try Self.run("MMcQueue")
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        let simulated = try #require(lines.first { $0.hasPrefix("mean wait, simulated:") })
        let exactLine = try #require(lines.first { $0.hasPrefix("mean wait, Erlang C:") })
        let s = Self.numbers(in: simulated.drop(while: { $0 != ":" }))
        let mean = try #require(s.first), halfWidth = try #require(s.dropFirst().first)
        let exact = try #require(Self.numbers(in: exactLine.drop(while: { $0 != ":" })).first)

        // Erlang C for c = 4, a = 3.4, μ = 1/h, computed here independently of
        // the example: C ≈ 0.689, Wq = C / (4 − 3.4) ≈ 1.149 h.
        var sum = 0.0, term = 1.0
        for k in 0..<4 { sum += term; term *= 3.4 / Double(k + 1) }
        let waiting = term * 4 / (4 - 3.4)
        let wq = waiting / (sum + waiting) / (4 - 3.4)
        #expect(abs(exact - wq) < 1e-4, "the example's closed form \(exact) is not Erlang C's \(wq)")
        // The simulation: its 95 % interval holds the exact value, and is
        // narrow enough (under 10 % of it) that holding it means something.
        #expect(abs(mean - wq) <= halfWidth, "simulated \(mean) ± \(halfWidth) misses Erlang C's \(wq)")
        #expect(halfWidth > 0 && halfWidth < 0.1 * wq, "interval ± \(halfWidth) too wide to test anything")
    }

    @Test func relayRespectsMinimumsAndOfficeHours() throws {
        let r = try Self.run("TwoLevelRelay")
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        // "minimum handling: district 1h, notify 5m, transmit 10m, street 1h"
        let minimums = try #require(lines.first { $0.hasPrefix("minimum handling:") })
        var minimum: [String: Double] = [:]
        for part in minimums.dropFirst("minimum handling:".count).split(separator: ",") {
            let f = part.split(separator: " ")
            let unit: Double = f[1].hasSuffix("h") ? 3600 : f[1].hasSuffix("m") ? 60 : 1
            minimum[String(f[0])] = try #require(Double(f[1].dropLast())) * unit / 3600
        }
        let district = try #require(minimum["district"]), notify = try #require(minimum["notify"])
        let transmit = try #require(minimum["transmit"]), street = try #require(minimum["street"])
        #expect(district > 0 && notify > 0 && transmit > 0 && street > 0)

        // "street 2  received Fri 17:07  started Mon 08:30  done Mon 10:41  (67.69 h)"
        let streets = lines.filter { $0.hasPrefix("street ") }
        #expect(streets.count == 5)
        var latest = 0.0
        for (k, line) in streets.enumerated() {
            let f = line.split(separator: " ")
            #expect(f.count == 13, "\(line)")
            guard f.count == 13 else { continue }
            // Street k+1 hears after the district's handling and k+1 calls.
            let bound = district + Double(k + 1) * notify + transmit + street
            let done = try #require(Double(f[11].dropFirst()))
            #expect(done >= bound, "\(line): done before \(bound) h, the sum of the minimum handling times")
            // A street office starts only in its office hours,
            // Mon-Fri 08:30-12:00 13:30-17:30.
            let day = f[6], clock = f[7].split(separator: ":").compactMap { Int($0) }
            let minutes = clock[0] * 60 + clock[1]
            #expect(["Mon", "Tue", "Wed", "Thu", "Fri"].contains(String(day)), "\(line)")
            #expect((510..<720).contains(minutes) || (810..<1050).contains(minutes), "\(line)")
            latest = max(latest, done)
        }
        let complete = try #require(lines.first { $0.hasPrefix("order complete:") })
        let hours = try #require(Self.numbers(in: complete.split(separator: ",").last!).first)
        #expect(abs(hours - latest) < 0.006, "the order completes with the last street")
    }
}
