import Foundation
import Testing

/// Broken scenarios: each gives exit code 2 and a message naming the key
/// and the line, never a crash.
@Suite struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let yaml: String
        /// Text the message must contain (the key), and the line.
        let key: String
        let line: Int?
        var testDescription: String { name }
    }

    static let base = CLI.smallScenario

    static func replacing(_ a: String, _ b: String) -> String {
        precondition(base.contains(a), "fixture lost \(a)")
        return base.replacingOccurrences(of: a, with: b)
    }

    static let cases: [Case] = [
        Case(name: "bad YAML", yaml: replacing("seed: 42", "seed: [42"), key: "invalid YAML", line: nil),
        Case(name: "unknown key", yaml: replacing("  not_home: 0.15", "  not_home: 0.15\n  nothome: 0.2"), key: "field.nothome", line: 14),
        Case(name: "negative duration", yaml: replacing("revisit_after: 2h", "revisit_after: -2h"), key: "field.revisit_after", line: 14),
        Case(name: "unknown distribution", yaml: replacing("travel: {dist: lognormal, mean: 3m, sd: 2m}", "travel: {dist: normal, mean: 3m, sd: 2m}"), key: "field.travel", line: 11),
        Case(name: "min > max", yaml: replacing("households: {min: 20, max: 40}", "households: {min: 40, max: 20}"), key: "layout.households", line: 7),
        Case(name: "unknown level", yaml: replacing("levels: [city, district, street, community, grid]", "levels: [city, county, grid]"), key: "tiered.levels", line: 17),
        Case(name: "empty layout", yaml: replacing("  fanout: {district: 1, street: 2, community: 2, grid: 2, microgrid: {min: 2, max: 3}}", "  file: empty.csv"), key: "layout", line: nil),
        Case(name: "missing layout file", yaml: replacing("  fanout: {district: 1, street: 2, community: 2, grid: 2, microgrid: {min: 2, max: 3}}", "  file: nowhere.csv"), key: "layout.file", line: 6),
    ]

    @Test(arguments: cases)
    func brokenScenarioExitsTwo(_ c: Case) throws {
        let dir = try CLI.tempDir()
        try Data("id,parent,level,households\n".utf8).write(to: dir.appendingPathComponent("empty.csv"))
        let path = try CLI.writeScenario(c.yaml, in: dir)
        for command in [["validate", path], ["run", path, "--json"]] {
            let r = try CLI.run(command)
            #expect(r.status == 2, "\(c.name): status \(r.status) \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(c.name): nothing on stdout")
            #expect(r.stderr.contains(c.key), "\(c.name): \(r.stderr)")
            if let line = c.line { #expect(r.stderr.contains(":\(line):"), "\(c.name): line \(line) in \(r.stderr)") }
            #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Stack dump"))
        }
    }

    @Test func missingScenarioFile() throws {
        let r = try CLI.run(["run", "/nonexistent/x.yaml"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("/nonexistent/x.yaml"))
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        let dir = try CLI.tempDir()
        var y = Self.replacing("revisit_after: 2h", "revisit_after: -2h")
        y = y.replacingOccurrences(of: "max_attempts: 3", with: "max_attempts: 0")
        y = y.replacingOccurrences(of: "push_fails: 0.05", with: "push_fails: 2")
        let r = try CLI.run(["validate", try CLI.writeScenario(y, in: dir)])
        #expect(r.status == 2)
        for key in ["field.revisit_after", "field.max_attempts", "p2p.push_fails"] { #expect(r.stderr.contains(key)) }
    }

    @Test func badOverrideAndUsage() throws {
        let dir = try CLI.tempDir()
        let path = try CLI.writeScenario(CLI.smallScenario, in: dir)
        let a = try CLI.run(["run", path, "--set", "field.not_home=lots"])
        #expect(a.status == 2 && a.stderr.contains("field.not_home"))
        let b = try CLI.run(["run", path, "--mode", "carrier-pigeon"])
        #expect(b.status == 2)
        let c = try CLI.run(["run", path, "--replications", "0"])
        #expect(c.status == 2)
        let d = try CLI.run(["run", path, "--out", "/proc/forbidden/x", "--replications", "1"])
        #expect(d.status == 2)
        // A tree too large to hold is refused before any memory is spent.
        let e = try CLI.run(["run", path, "--set", "layout.fanout.street=1000000"])
        #expect(e.status == 2 && e.stderr.contains("layout.fanout"))
        let f = try CLI.run(["validate", path, "--set", "field.max_attempts=99"])
        #expect(f.status == 2 && f.stderr.contains("field.max_attempts"))
        // The benchmark's options are checked before anything is timed.
        let g = try CLI.run(["bench", "--repeats", "0"])
        #expect(g.status == 2 && g.stderr.contains("--repeats must be at least 1"))
        let h = try CLI.run(["bench", "--threads", "0", "--quick"])
        #expect(h.status == 2 && h.stderr.contains("--threads must be from 1 to 256"))
    }
}
