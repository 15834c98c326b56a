import Foundation
import Testing
import MusterModel
import MusterTestSupport
@testable import MusterReport

@Suite struct RunReportTests {
    static func render(_ files: [String: Data]) throws -> [String: String] {
        let out = try RunReport.render(inputs: files)
        return Dictionary(uniqueKeysWithValues: out.files.map { ($0.name, Fixture.text($0.data)) })
    }

    @Test func rendersFourFiguresAndTheReportWithoutAConverter() throws {
        let out = try RunReport.render(inputs: try Fixture.files())
        #expect(out.files.map(\.name) == ["completion_cdf.svg", "coverage.svg", "phases.svg", "microgrid_done.svg", "report.html"])
        #expect(out.warnings.isEmpty)
    }

    @Test func everyFigureParsesAndHoldsOneSeriesPerMode() throws {
        let files = try Self.render(try Fixture.files())
        let cdf = try XMLTree.parse(files["completion_cdf.svg"]!)
        #expect(cdf.elements("path", class: "series").map { $0.attributes["id"] } == ["completion-cdf-series-tiered", "completion-cdf-series-p2p"])
        let coverage = try XMLTree.parse(files["coverage.svg"]!)
        #expect(coverage.elements("path", class: "series").map { $0.attributes["data-series"] } == ["tiered", "p2p"])
        #expect(coverage.elements("path", class: "band").map { $0.attributes["id"] } == ["coverage-band-tiered", "coverage-band-p2p"])
        let phases = try XMLTree.parse(files["phases.svg"]!)
        #expect(phases.elements("g", class: "bar").map { $0.attributes["data-category"] } == ["Tiered relay", "Point-to-point"])
        let hist = try XMLTree.parse(files["microgrid_done.svg"]!)
        #expect(hist.elements("path", class: "series").map { $0.attributes["data-series"] } == ["tiered", "p2p"])
        // Every figure is captioned with the scenario, seed, replications and version.
        for name in ["completion_cdf.svg", "coverage.svg", "phases.svg", "microgrid_done.svg"] {
            let caption = try XMLTree.parse(files[name]!).elements("desc").first?.text ?? ""
            #expect(caption.hasPrefix("Scenario fixture · seed 42 · 4 replications · muster 9.9.9"), "\(name)")
        }
    }

    @Test func theCDFHasOneRiserPerReplicationAndALogAxisForModesAnOrderApart() throws {
        let data = try RunData(files: try Fixture.files())
        let chart = RunFigures(data: data).completionCDF()
        // 4 h to 58 h: a ratio of 14.5.
        #expect(chart.axes.x.scale == .log10)
        let root = try XMLTree.parse(chart.svg())
        for mode in ["tiered", "p2p"] {
            let d = try #require(root.element(id: "completion-cdf-series-\(mode)")?.attributes["d"])
            #expect(pathCommands(d).filter { $0.0 == "V" }.count == 4, "\(mode)")
        }
        // The medians are marked where summary.json puts them: 53 h and 5.5 h.
        #expect(root.elements("line", class: "marker").compactMap { $0.attributes["data-x"] }.prefix(2) == ["53", "5.5"])
        #expect(root.elements("text", class: "marker-label").map(\.text).prefix(2) == ["median 53.0 h (2.2 d)", "median 5.5 h"])
        // Days are marked up to the last replication (58 h), though the axis runs to 100 h.
        #expect(root.elements("text", class: "marker-label").map(\.text).dropFirst(2) == ["1 day", "2 days"])
    }

    @Test func modesWithinAFactorOfTenGetALinearAxisFromZero() throws {
        let data = try RunData(files: try Fixture.files(results: Fixture.results(p2pOrders: [20, 21, 22, 23])))
        let axis = RunFigures(data: data).completionCDF().axes.x
        #expect(axis.scale == .linear && axis.domain.lowerBound == 0)
    }

    @Test func phasesAreTheMeansOfTheReplications() throws {
        let root = try XMLTree.parse(try Self.render(try Fixture.files())["phases.svg"]!)
        let values = root.elements("rect", class: "segment").map { $0.attributes["data-value"]! }
        #expect(values == ["10", "20", "8", "15", "0.25", "0", "5", "0.75"])
        #expect(root.elements("text", class: "total").map(\.text) == ["53.0 h", "6.0 h"])
    }

    @Test func histogramBarsAreADensityWithAreaOne() throws {
        let chart = RunFigures(data: try RunData(files: try Fixture.files())).microgridDone()
        for s in chart.series {
            let area = s.bins.reduce(0) { $0 + $1.value * ($1.hi - $1.lo) }
            #expect(abs(area - 1) < 1e-9, "\(s.key)")
        }
    }

    @Test func aReplicationThatNeverCompletedStopsTheCurveShort() throws {
        let files = try Fixture.files(results: Fixture.results(p2pOrders: [4, 5, 6, .infinity]))
        let data = try RunData(files: files)
        let p2p = try #require(RunFigures(data: data).completionCDF().series.last)
        #expect(p2p.points.last?.y == 0.75)
        let chart = try XMLTree.parse(try Self.render(files)["completion_cdf.svg"]!)
        #expect(chart.elements("desc").first?.text.contains("Point-to-point (app): 1 never completed") == true)
        let report = try XMLTree.parse(try Self.render(files)["report.html"]!)
        #expect(report.element(id: "never-completed")?.text.contains("Point-to-point order complete: 1") == true)
    }

    @Test func sameFilesSameBytes() throws {
        let files = try Fixture.files()
        let a = try RunReport.render(inputs: files).files, b = try RunReport.render(inputs: files).files
        #expect(a.map(\.name) == b.map(\.name))
        #expect(zip(a, b).allSatisfy { $0.data == $1.data })
    }

    @Test func aPNGIsMadeOfEachFigureWhenAConverterIsGiven() throws {
        let dir = try Fixture.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fake = dir.appendingPathComponent("rsvg-convert")
        try Data("#!/bin/sh\necho png > \"$6\"\n".utf8).write(to: fake)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let out = try RunReport.render(inputs: try Fixture.files(), converter: fake)
        #expect(out.files.map(\.name).filter { $0.hasSuffix(".png") }
                == ["completion_cdf.png", "coverage.png", "phases.png", "microgrid_done.png"])
        // A converter that fails costs the PNGs, not the figures or the report.
        try Data("#!/bin/sh\nexit 3\n".utf8).write(to: fake)
        let failed = try RunReport.render(inputs: try Fixture.files(), converter: fake)
        #expect(failed.files.map(\.name) == ["completion_cdf.svg", "coverage.svg", "phases.svg", "microgrid_done.svg", "report.html"])
        #expect(failed.warnings.count == 1)
    }
}

@Suite struct ReportPageTests {
    static func report(_ files: [String: Data]? = nil) throws -> (XMLTreeElement, String) {
        let text = try RunReportTests.render(try files ?? Fixture.files())["report.html"]!
        return (try XMLTree.parse(text), text)
    }

    @Test func theReportIsWellFormedAndShowsTheSummaryTable() throws {
        let (root, _) = try Self.report()
        #expect(root.name == "html")
        func cell(_ id: String) -> String? { root.element(id: id)?.text }
        // Medians of 50, 54, 52, 58 and of 4, 5, 6, 7.
        #expect(cell("tiered-order-p50") == "53.0")
        #expect(cell("p2p-order-p50") == "5.5")
        #expect(cell("tiered-order-max") == "58.0" && cell("p2p-order-max") == "7.0")
        // Means 53.5 and 5.5.
        #expect(cell("tiered-order-mean")?.hasPrefix("53.5 ± ") == true)
        #expect(cell("p2p-order-mean")?.hasPrefix("5.5 ± ") == true)
        #expect(cell("tiered-households-total") == "150" && cell("p2p-households-unreached") == "2")
        // Paired differences 46, 49, 46, 51: mean 48.
        #expect(cell("diff-mean") == "48.0")
        #expect(root.element(id: "headline")?.all.map(\.text).joined().contains("48.0 h longer") == true)
        #expect(root.element(id: "run-line")?.text == "Scenario fixture · seed 42 · 4 replications · muster 9.9.9")
    }

    @Test func theReportIsSelfContained() throws {
        let (root, text) = try Self.report()
        #expect(root.elements("script").isEmpty && root.elements("link").isEmpty && root.elements("img").isEmpty)
        #expect(!root.all.contains { $0.attributes["src"] != nil })
        // The only URL is the SVG namespace; links point at files beside the report.
        let urls = text.components(separatedBy: "http").dropFirst().map { String($0.prefix(30)) }
        #expect(urls.allSatisfy { $0.hasPrefix("://www.w3.org/2000/svg") })
        #expect(root.elements("style").count == 1)
    }

    @Test func theFiguresAreInlineWithUniqueIDs() throws {
        let (root, _) = try Self.report()
        #expect(root.elements("svg").map { $0.attributes["id"] } == ["completion-cdf", "coverage", "phases", "microgrid-done"])
        let ids = root.all.compactMap { $0.attributes["id"] }
        #expect(Set(ids).count == ids.count)
    }

    @Test func keyParametersAreListedInScenarioOrderInWordsWithUnits() throws {
        let (root, _) = try Self.report()
        let rows = try #require(root.element(id: "parameters-table")?.elements("tbody").first?.elements("tr"))
        let keys = rows.map { $0.elements("th").first?.all.map(\.text).joined() ?? "" }
        #expect(Array(keys.prefix(4)) == ["start", "seed", "replications", "layout.fanout.district"])
        let cells = Dictionary(uniqueKeysWithValues: rows.map { r in
            (r.elements("th").first?.all.map(\.text).joined() ?? "", r.elements("td").map { $0.all.map(\.text).joined() })
        })
        #expect(cells["layout.fanout.community"] == ["2 to 4", "children per parent"])
        #expect(cells["team.volunteers"] == ["Poisson, mean 3", "people per team"])
        #expect(cells["field.not_home"]?.first?.hasSuffix(" %") == true)
        // Relay levels are a table of their own, one row per level the order passes.
        let relay = try #require(root.element(id: "relay-table"))
        #expect(relay.element(id: "relay-street") != nil)
        #expect(relay.element(id: "relay-district") == nil)   // not a level the order passes
        #expect(cells["tiered.street"] == nil)
        let intro = root.element(id: "parameters")?.all.map(\.text).joined() ?? ""
        #expect(intro.contains("--set team.volunteers=2") && intro.contains("36 micro-grids") && intro.contains("2,700 households"))
    }

    @Test func parameterValuesReadAsWords() {
        #expect(ParameterText.readable("field.visit", "{dist: lognormal, mean: 6m, sd: 4m}") == "lognormal, mean 6 min, sd 4 min")
        #expect(ParameterText.readable("team.volunteers", "{dist: poisson, mean: 3}") == "Poisson, mean 3")
        #expect(ParameterText.readable("field.not_home", "0.15") == "15 %")
        #expect(ParameterText.readable("p2p.sync", "0s") == "0 s")
        #expect(ParameterText.readable("layout.households", "{min: 50, max: 100}") == "50 to 100")
        #expect(ParameterText.readable("x", "{dist: constant, value: 5m}") == "5 min")
    }

    @Test func withOneModeThereIsNoComparison() throws {
        let tieredOnly = [Mode.tiered: Fixture.results()[.tiered]!]
        let (root, _) = try Self.report(try Fixture.files(results: tieredOnly))
        #expect(root.element(id: "comparison") == nil)
        #expect(root.element(id: "p2p-order-p50") == nil && root.element(id: "tiered-order-p50")?.text == "53.0")
    }

    @Test func theReproductionCommandQuotesForTheShell() {
        #expect(ReportPage.shellQuoted("scenarios/beilun.yaml") == "scenarios/beilun.yaml")
        #expect(ReportPage.shellQuoted("tiered.levels=[city, grid]") == "'tiered.levels=[city, grid]'")
        #expect(ReportPage.shellQuoted("it's") == "'it'\\''s'")
    }
}
