import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `muster check --format text|json|markdown|junit`.
extension CheckCommandTests {
    /// The comparisons of a `--json` run: name ("p2p order complete p50") and outcome.
    static func comparisons(_ args: [String]) throws -> [(name: String, outcome: String)] {
        let j = try CLI.run(args + ["--json"])
        let v = try #require(try JSONSerialization.jsonObject(with: j.stdoutData) as? [String: Any])
        let rows = try #require(v["comparisons"] as? [[String: Any]])
        return rows.map { row in
            let metric = (row["metric"] as? String) == "order_complete_hours" ? "order complete" : "field complete"
            return ("\(row["mode"] as? String ?? "") \(metric) \(row["quantile"] as? String ?? "")",
                    row["outcome"] as? String ?? "")
        }
    }

    /// The `<testsuite>` of a JUnit report, parsed.
    static func suite(_ data: Data) throws -> XMLElement {
        let doc = try XMLDocument(data: data, options: [])
        let root = try #require(doc.rootElement())
        #expect(root.name == "testsuite")
        return root
    }

    static func attribute(_ e: XMLElement, _ name: String) -> String? { e.attribute(forName: name)?.stringValue }

    @Test func formatJSONIsTheJSONFlagAndTextIsTheDefault() throws {
        let (_, scenario, baseline) = try Self.setUp()
        let base = ["check", scenario, "--baseline", baseline, "--quiet"]
        let json = try CLI.run(base + ["--json"])
        let format = try CLI.run(base + ["--format", "json"])
        let both = try CLI.run(base + ["--json", "--format", "json"])
        #expect(json.status == 0 && format.status == 0 && both.status == 0)
        #expect(json.stdoutData == format.stdoutData && json.stdoutData == both.stdoutData)
        let text = try CLI.run(base)
        let explicit = try CLI.run(base + ["--format", "text"])
        #expect(text.stdout == explicit.stdout && text.stdout.contains("PASS, unchanged"))
        // --json with another format, or an unknown format: exit 2, nothing on stdout.
        for args in [["--json", "--format", "markdown"], ["--json", "--format", "junit"], ["--json", "--format", "text"],
                     ["--format", "html"], ["--update", "--format", "junit"]] {
            let r = try CLI.run(base + args)
            #expect(r.status == 2 && r.stdout.isEmpty, "\(args): \(r.stdout)")
            #expect(r.stderr.contains("--format") || r.stderr.contains("format"), "\(args): \(r.stderr)")
            #expect(!r.stderr.contains("Fatal error"))
        }
    }

    @Test func markdownHasTheVerdictAndARowPerComparison() throws {
        let (_, scenario, baseline) = try Self.setUp()
        // Exact layer: the verdict, no table.
        let same = try CLI.run(["check", scenario, "--baseline", baseline, "--quiet", "--format", "markdown"])
        #expect(same.status == 0, "\(same.stderr)")
        #expect(same.stdout.hasPrefix("### muster check · small: PASS, unchanged\n"), "\(same.stdout)")
        #expect(same.stdout.contains("bit for bit") && !same.stdout.contains("| mode |"))

        // A regression and a pass judged statistically: a row per comparison.
        for (set, verdict, status) in [("field.visit.mean=18m", "REGRESSION", Int32(1)), ("field.visit.mean=6.05m", "PASS", 0)] {
            let args = ["check", scenario, "--baseline", baseline, "--quiet", "--set", set]
            let r = try CLI.run(args + ["--format", "markdown"])
            #expect(r.status == status, "\(set): \(r.stdout)\(r.stderr)")
            let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines.first?.hasSuffix(": \(verdict)") == true, "\(lines.first ?? "")")
            #expect(r.stdout.contains("| mode | measure | quantile | baseline | now | change | CI of change (level) | p (Holm) | verdict |"))
            let comparisons = try Self.comparisons(args)
            #expect(comparisons.count == 8)
            let rows = lines.filter { $0.hasPrefix("| tiered ") || $0.hasPrefix("| p2p ") }
            #expect(rows.count == comparisons.count)
            for c in comparisons {
                let parts = c.name.split(separator: " ").map(String.init)   // mode, measure (2 words), quantile
                let cells = "| \(parts[0]) | \(parts[1]) \(parts[2]) | \(parts[3]) |"
                #expect(rows.contains { $0.hasPrefix(cells) || $0.hasPrefix("| \(parts[0]) | \(parts[1]) \(parts[2]) † | \(parts[3]) |") },
                        "\(c.name)")
            }
            #expect(rows.filter { $0.hasSuffix("| REGRESSION |") }.count == comparisons.filter { $0.outcome == "regression" }.count)
            // Every row has the header's nine cells (no unescaped | inside).
            for row in rows {
                let cells = row.replacingOccurrences(of: "\\|", with: "").split(separator: "|", omittingEmptySubsequences: false)
                #expect(cells.count == 11, "\(row)")
            }
        }
    }

    @Test func junitHasATestCasePerComparisonAndAFailurePerRegression() throws {
        let (_, scenario, baseline) = try Self.setUp()
        for (set, status) in [("field.visit.mean=18m", Int32(1)), ("field.visit.mean=6.05m", 0)] {
            let args = ["check", scenario, "--baseline", baseline, "--quiet", "--set", set]
            let r = try CLI.run(args + ["--format", "junit"])
            #expect(r.status == status, "\(set): \(r.stderr)")
            let suite = try Self.suite(r.stdoutData)
            let comparisons = try Self.comparisons(args)
            let regressions = comparisons.filter { $0.outcome == "regression" }
            #expect(status == 0 ? regressions.isEmpty : !regressions.isEmpty)
            #expect(Self.attribute(suite, "name") == "muster check · small")
            #expect(Self.attribute(suite, "tests") == "\(comparisons.count)")
            #expect(Self.attribute(suite, "failures") == "\(regressions.count)")
            #expect(Self.attribute(suite, "errors") == "0")
            #expect(Double(Self.attribute(suite, "time") ?? "") != nil)
            let cases = suite.elements(forName: "testcase")
            #expect(cases.count == comparisons.count)
            #expect(Set(cases.compactMap { Self.attribute($0, "name") }) == Set(comparisons.map(\.name)))
            #expect(cases.allSatisfy { Self.attribute($0, "classname") == "muster.check.small" })
            let failed = cases.filter { !$0.elements(forName: "failure").isEmpty }
            #expect(Set(failed.compactMap { Self.attribute($0, "name") }) == Set(regressions.map(\.name)))
            for f in failed.flatMap({ $0.elements(forName: "failure") }) {
                #expect(Self.attribute(f, "message")?.contains("tolerance") == true)
            }
        }
    }

    @Test func junitInTheExactLayerHasATestCasePerModeAndMeasure() throws {
        let (_, scenario, baseline) = try Self.setUp()
        let same = try CLI.run(["check", scenario, "--baseline", baseline, "--quiet", "--format", "junit"])
        #expect(same.status == 0, "\(same.stderr)")
        let suite = try Self.suite(same.stdoutData)
        #expect(Self.attribute(suite, "tests") == "4" && Self.attribute(suite, "failures") == "0")
        let cases = suite.elements(forName: "testcase")
        #expect(Set(cases.compactMap { Self.attribute($0, "name") })
                == ["tiered order complete", "tiered field complete", "p2p order complete", "p2p field complete"])
        #expect(cases.allSatisfy { ($0.elements(forName: "system-out").first?.stringValue ?? "").contains("bit-identical") })

        // Changed, with fewer replications than the baseline: failures naming the first differing replication.
        let changed = try CLI.run(["check", scenario, "--baseline", baseline, "--quiet", "--replications", "5",
                                   "--set", "field.visit.mean=6.6m", "--format", "junit"])
        #expect(changed.status == 1, "\(changed.stderr)")
        let s = try Self.suite(changed.stdoutData)
        #expect(Self.attribute(s, "tests") == "4")
        let failures = s.elements(forName: "testcase").flatMap { $0.elements(forName: "failure") }
        #expect(!failures.isEmpty && Self.attribute(s, "failures") == "\(failures.count)")
        for f in failures {
            #expect(Self.attribute(f, "message")?.contains("replication ") == true && Self.attribute(f, "type") == "changed")
        }
    }
}
