import Foundation
import Testing

/// Inputs that once crashed muster or exhausted the machine (overflow,
/// unbounded recursion, alias bombs, special files, huge sizes): each must
/// now end with one of the documented exit codes and a message naming the
/// key, option or file. A signal (132, 134, 139) fails the test.
@Suite struct HostileInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        /// Arguments; `OUT` is replaced by a fresh folder path.
        let args: [String]
        let status: Int32
        /// Text the message on stderr must contain.
        let message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "fan-out product overflows", args: ["validate", "scenarios/lingfeng.yaml", "--set", "layout.fanout.street=100000000000000000"],
             status: 2, message: "layout.fanout.street"),
        Case(name: "incident limit 1e300h", args: ["validate", "scenarios/erlang-c.yaml", "--set", "incidents.kinds.report.limit=1e300h"],
             status: 2, message: "incidents.kinds.report.limit"),
        Case(name: "revisit 1e300h with --out", args: ["run", "scenarios/lingfeng.yaml", "--set", "field.revisit_after=1e300h", "--out", "OUT"],
             status: 2, message: "field.revisit_after"),
        Case(name: "2^31 volunteers", args: ["run", "scenarios/lingfeng.yaml", "--set", "team.volunteers=2147483648"],
             status: 2, message: "team.volunteers"),
        Case(name: "1e8 volunteers", args: ["run", "scenarios/lingfeng.yaml", "--set", "team.volunteers=100000000"],
             status: 2, message: "team.volunteers"),
        Case(name: "Int.max handlers", args: ["run", "scenarios/typhoon.yaml", "--set", "tiered.default.handlers=9223372036854775807"],
             status: 2, message: "tiered.default.handlers"),
        Case(name: "dispose 1e20h", args: ["run", "scenarios/erlang-c.yaml", "--set", "incidents.kinds.report.dispose=1e20h"],
             status: 2, message: "incidents.kinds.report.dispose"),
        Case(name: "volunteer speed 1e-300", args: ["run", "scenarios/beilun.yaml", "--set", "team.volunteer_speed=1e-300", "--out", "OUT"],
             status: 2, message: "team.volunteer_speed"),
        Case(name: "revisit 99999999999w", args: ["run", "scenarios/lingfeng.yaml", "--set", "field.revisit_after=99999999999w", "--out", "OUT"],
             status: 2, message: "field.revisit_after"),
        Case(name: "1e8 replications", args: ["run", "scenarios/lingfeng.yaml", "--replications", "100000000"],
             status: 2, message: "--replications"),
        Case(name: "Int.max replications", args: ["run", "scenarios/lingfeng.yaml", "--replications", "9223372036854775807"],
             status: 2, message: "--replications"),
        Case(name: "replications that would not fit in memory", args: ["run", "scenarios/ningbo.yaml", "--replications", "9000000"],
             status: 2, message: "memory"),
        Case(name: "a province's layout too often", args: ["run", "scenarios/ningbo.yaml", "--set", "layout.fanout.district=95",
                                                          "--replications", "2000"],
             status: 2, message: "memory"),
        Case(name: "20,000-part override path",
             args: ["validate", "scenarios/lingfeng.yaml", "--set", "layout.fanout" + String(repeating: ".x", count: 20_000) + "=1"],
             status: 2, message: "at most 16 dotted parts"),
        Case(name: "3,000-deep --set value",
             args: ["validate", "scenarios/lingfeng.yaml", "--set", "field.visit=" + String(repeating: "[", count: 3000) + String(repeating: "]", count: 3000)],
             status: 2, message: "nested more than"),
        Case(name: "100,000 sweep threads", args: ["sweep", "scenarios/sweeps/volunteers.yaml", "--out", "OUT", "--threads", "100000"],
             status: 2, message: "--threads"),
        Case(name: "empty layout", args: ["validate", "scenarios/lingfeng.yaml", "--set", "layout.fanout.grid=0"],
             status: 2, message: "no households"),
        Case(name: "scenario is a device", args: ["validate", "/dev/zero"], status: 2, message: "not a regular file"),
        Case(name: "max-replications without precision", args: ["run", "scenarios/lingfeng.yaml", "--max-replications", "50"],
             status: 2, message: "--max-replications needs --precision"),
        Case(name: "order and incidents with --precision",
             args: ["run", "scenarios/erlang-c.yaml", "--precision", "5%", "--set", "simulate=[order, incidents]"],
             status: 2, message: "--precision"),
    ]

    @Test(arguments: cases)
    func endsWithADocumentedExit(_ c: Case) throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        let r = try CLI.run(c.args.map { $0 == "OUT" ? out : $0 })
        #expect(r.status == c.status, "\(c.name): status \(r.status), stderr \(r.stderr.prefix(400))")
        #expect(r.stderr.contains(c.message), "\(c.name): \(r.stderr.prefix(400))")
        #expect(!r.stderr.contains("Fatal error"))
        #expect(!FileManager.default.fileExists(atPath: out), "\(c.name): no output folder after bad input")
    }

    /// Writes `text` as a scenario in a fresh folder and validates it.
    private func validate(_ text: String, name: String = "s.yaml") throws -> CLIResult {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        return try CLI.run(["validate", try CLI.writeScenario(text, in: dir, name: name)])
    }

    @Test func deeplyNestedFileIsRefused() throws {
        var block = "layout:\n"
        for i in 0..<3000 { block += String(repeating: "  ", count: i + 1) + "k\(i):\n" }
        let r = try validate(block)
        #expect(r.status == 2)
        #expect(r.stderr.contains("nested more than 64 levels"), "\(r.stderr.prefix(300))")
        let flow = try validate("layout: " + String(repeating: "{a: ", count: 3000) + "1" + String(repeating: "}", count: 3000) + "\n")
        #expect(flow.status == 2)
        #expect(flow.stderr.contains("nested more than 64 levels"))
    }

    /// CRLF line ends must not hide the nesting from the guard.
    @Test func deepNestingBehindCRLFIsRefused() throws {
        let r = try validate("# a comment\r\n" + String(repeating: "{", count: 100_000) + "\r\n")
        #expect(r.status == 2)
        #expect(r.stderr.contains("nested more than 64 levels"), "\(r.stderr.prefix(300))")
    }

    @Test func aliasBombIsRefused() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 { text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        #expect(text.utf8.count < 5_000)
        let r = try validate(text)
        #expect(r.status == 2)
        #expect(r.stderr.contains("expands to more than"), "\(r.stderr.prefix(300))")
    }

    @Test func specialLayoutFilesAreRefused() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("layout.fifo").path
        #expect(mkfifo(fifo, 0o644) == 0)
        for file in ["/dev/zero", "/dev/urandom", fifo] {
            let text = CLI.smallScenario.replacingOccurrences(
                of: "  fanout: {district: 1, street: 2, community: 2, grid: 2, microgrid: {min: 2, max: 3}}",
                with: "  file: \(file)")
            let r = try CLI.run(["validate", try CLI.writeScenario(text, in: dir)])
            #expect(r.status == 2, "\(file): \(r.status)")
            #expect(r.stderr.contains("layout.file") && r.stderr.contains("not a regular file"), "\(file): \(r.stderr)")
        }
    }

    @Test func csvLayoutsObeyTheHouseholdLimits() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var csv = "id,parent,level,households\nC,,city,\nD,C,district,\nS,D,street,\nK,S,community,\nG,K,grid,\n"
        csv += "M1,G,microgrid,2147483648\n"
        try Data(csv.utf8).write(to: dir.appendingPathComponent("big.csv"))
        // 51 micro-grids of 1,000,000 households: each within the per-unit
        // bound, together past the 50 million households a run may hold.
        var many = "id,parent,level,households\nC,,city,\nD,C,district,\nS,D,street,\nK,S,community,\nG,K,grid,\n"
        for i in 0..<51 { many += "M\(i),G,microgrid,1000000\n" }
        try Data(many.utf8).write(to: dir.appendingPathComponent("many.csv"))
        let fanout = "  fanout: {district: 1, street: 2, community: 2, grid: 2, microgrid: {min: 2, max: 3}}"
        for (file, message) in [("big.csv", "households"), ("many.csv", "at most 50000000")] {
            let text = CLI.smallScenario.replacingOccurrences(of: fanout, with: "  file: \(file)")
            let r = try CLI.run(["validate", try CLI.writeScenario(text, in: dir)])
            #expect(r.status == 2, "\(file): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains(message), "\(file): \(r.stderr)")
        }
    }

    @Test func problemsAreCappedAtFifty() throws {
        var text = CLI.smallScenario
        text += (0..<2000).map { "unknown_\($0): 1" }.joined(separator: "\n") + "\n"
        let r = try validate(text)
        #expect(r.status == 2)
        let lines = r.stderr.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(lines.count == 51, "50 problems and one line for the rest, got \(lines.count)")
        #expect(r.stderr.contains("and 1950 more"))
        #expect(r.stderr.contains("2000 problems found"))
    }
}
