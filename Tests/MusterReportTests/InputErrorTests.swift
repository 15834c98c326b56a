import Foundation
import Testing
import MusterModel
import MusterOutput
@testable import MusterReport

/// Broken output folders: each gives an error naming the file, and the line
/// for a CSV file, never a crash.
@Suite struct InputErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let file: String
        /// Replaces the file's text; nil removes the file.
        let edit: @Sendable (String) -> String?
        let message: String
        var testDescription: String { name }
    }

    /// Replaces line `n` (1-based) of a text.
    static func line(_ n: Int, _ text: String, _ replacement: String) -> String {
        var lines = text.components(separatedBy: "\n")
        lines[n - 1] = replacement
        return lines.joined(separator: "\n")
    }

    static let cases: [Case] = [
        Case(name: "missing file", file: "coverage.csv", edit: { _ in nil }, message: "results/x/coverage.csv: missing"),
        Case(name: "not a number", file: "replications.csv", edit: { line(3, $0, "0,p2p,soon,1,0,1,150,148,2,170,400") },
             message: "results/x/replications.csv:3: column order_complete_hours: \"soon\" is not a number"),
        Case(name: "wrong header", file: "phases.csv", edit: { line(1, $0, "mode,phase,hours") },
             message: "results/x/phases.csv:1: unexpected header \"mode,phase,hours\"; expected mode,phase,mean_hours"),
        Case(name: "short row", file: "microgrid_done_histogram.csv", edit: { line(2, $0, "tiered,30,31") },
             message: "results/x/microgrid_done_histogram.csv:2: 3 fields; expected 4"),
        Case(name: "unknown mode", file: "coverage.csv", edit: { line(2, $0, "0,boat,0,0,0") },
             message: "results/x/coverage.csv:2: column mode: \"boat\" is not one of tiered, p2p"),
        Case(name: "negative count", file: "microgrid_done_histogram.csv", edit: { line(2, $0, "tiered,30,31,-1") },
             message: "results/x/microgrid_done_histogram.csv:2: column count: \"-1\" is not a count"),
        Case(name: "empty CSV", file: "phases.csv", edit: { _ in "" },
             message: "results/x/phases.csv: the file is empty"),
        Case(name: "invalid JSON", file: "summary.json", edit: { String($0.dropLast(3)) },
             message: "results/x/summary.json: not valid JSON"),
        Case(name: "missing figure", file: "summary.json",
             edit: { $0.replacingOccurrences(of: "\"p50\"", with: "\"median\"") },
             message: "results/x/summary.json: modes.tiered.order_complete_hours.p50 is missing; expected a number"),
        Case(name: "wrong type", file: "summary.json",
             edit: { $0.replacingOccurrences(of: "\"scenario\": \"fixture\"", with: "\"scenario\": 7") },
             message: "results/x/summary.json: scenario is not a string"),
        Case(name: "missing parameter key", file: "parameters.json",
             edit: { $0.replacingOccurrences(of: "\"scenario_file\"", with: "\"file\"") },
             message: "results/x/parameters.json: scenario_file is missing"),
        Case(name: "decreasing hours", file: "coverage.csv", edit: { line(3, $0, "-1,tiered,0,0,0") },
             message: "results/x/coverage.csv:3: hour -1.0 comes after 0.0"),
    ]

    @Test(arguments: cases)
    func aBrokenFileIsNamed(_ c: Case) throws {
        var files = try Fixture.files()
        let original = Fixture.text(files[c.file])
        files[c.file] = c.edit(original).map { Data($0.utf8) }
        do {
            _ = try RunReport.render(inputs: files, folder: "results/x/")
            Issue.record("\(c.name): no error")
        } catch {
            #expect(error.description.hasPrefix(c.message), "\(c.name): \(error)")
        }
    }

    @Test func aModeTheSummaryDoesNotHaveIsNamedWithItsLine() throws {
        var files = try Fixture.files(results: [.tiered: Fixture.results()[.tiered]!])
        files["replications.csv"] = try Fixture.files()["replications.csv"]
        #expect(throws: ReportInputError(file: "replications.csv", line: 3,
                                         message: "mode p2p is not in summary.json, which has tiered")) {
            _ = try RunReport.render(inputs: files)
        }
    }

    @Test func aModeWithoutRowsIsNamed() throws {
        var files = try Fixture.files()
        let phases = Fixture.text(files["phases.csv"]).split(separator: "\n").filter { !$0.hasPrefix("p2p,") }
        files["phases.csv"] = Data((phases.joined(separator: "\n") + "\n").utf8)
        #expect(throws: ReportInputError(file: "phases.csv", message: "no rows for mode p2p, which summary.json reports")) {
            _ = try RunReport.render(inputs: files)
        }
    }
}

@Suite struct RunFolderTests {
    static func write(_ files: [String: Data], to dir: URL) throws {
        for (name, data) in files { try data.write(to: dir.appendingPathComponent(name)) }
    }

    /// Folders written before 0.3 call coverage.csv's middle column
    /// `median`; they are still read, to the same figures.
    @Test func aCoverageFileOfBefore03IsStillRead() throws {
        let files = try Fixture.files()
        var oldFiles = files
        let text = String(decoding: files["coverage.csv"]!, as: UTF8.self)
        #expect(text.hasPrefix("hour,mode,p10,p50,p90\n"))
        oldFiles["coverage.csv"] = Data(text.replacingOccurrences(of: "hour,mode,p10,p50,p90\n", with: "hour,mode,p10,median,p90\n").utf8)
        let a = try RunData(files: files), b = try RunData(files: oldFiles)
        #expect(a.modes.map(\.coverage) == b.modes.map(\.coverage) && !a.modes[0].coverage.isEmpty)
    }

    @Test func aMissingFolderIsNamed() {
        #expect(throws: ReportInputError(file: "nowhere/run", message: "no such folder")) {
            _ = try RunFolder.read(URL(fileURLWithPath: "/nonexistent/muster/run"), shownAs: "nowhere/run")
        }
    }

    @Test func aFolderThatIsNotARunSaysWhatItHolds() throws {
        let dir = try Fixture.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("x".utf8).write(to: dir.appendingPathComponent("notes.txt"))
        try Data("x".utf8).write(to: dir.appendingPathComponent("points.csv"))
        do {
            _ = try RunFolder.read(dir, shownAs: "out")
            Issue.record("no error")
        } catch {
            #expect(error.file == "out")
            #expect(error.message.contains("not a run's output folder: there is no summary.json (it holds notes.txt, points.csv)"))
        }
    }

    @Test func aMissingInputIsNamedWithItsFolder() throws {
        let dir = try Fixture.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var files = try Fixture.files()
        files["parameters.json"] = nil
        try Self.write(files, to: dir)
        do {
            _ = try RunFolder.read(dir, shownAs: "results/old")
            Issue.record("no error")
        } catch {
            #expect(error.file == "results/old/parameters.json" && error.message.hasPrefix("missing"))
        }
    }

    @Test func plotWritesNextToTheDataAndRedrawsIdentically() throws {
        let dir = try Fixture.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.write(try Fixture.files(), to: dir)
        // A PNG from an earlier render with a converter no longer matches: it goes.
        try Data("old".utf8).write(to: dir.appendingPathComponent("coverage.png"))
        let first = try RunReport.plot(dir, shownAs: "d", converter: nil)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(names == ["completion_cdf.svg", "coverage.csv", "coverage.svg", "microgrid_done.svg",
                          "microgrid_done_histogram.csv", "parameters.json", "phases.csv", "phases.svg",
                          "replications.csv", "report.html", "summary.json"])
        for f in first.files {
            #expect(try Data(contentsOf: dir.appendingPathComponent(f.name)) == f.data)
        }
        let second = try RunReport.plot(dir, shownAs: "d", converter: nil)
        #expect(zip(first.files, second.files).allSatisfy { $0.data == $1.data })
    }

    @Test func aFailedPlotLeavesTheOldFiguresAndNoTemporaries() throws {
        let dir = try Fixture.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var files = try Fixture.files()
        try Self.write(files, to: dir)
        _ = try RunReport.plot(dir, shownAs: "d", converter: nil)
        let before = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        let report = try Data(contentsOf: dir.appendingPathComponent("report.html"))
        // A broken data file: nothing is written.
        files["coverage.csv"] = Data("hour,mode,p10,median,p90\n0,tiered,x,0,0\n".utf8)
        try Self.write(files, to: dir)
        #expect(throws: ReportInputError.self) { try RunReport.plot(dir, shownAs: "d", converter: nil) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == before)
        #expect(try Data(contentsOf: dir.appendingPathComponent("report.html")) == report)
    }

    @Test func aWriteThatFailsPartWayChangesNothing() throws {
        let dir = try Fixture.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("old a".utf8).write(to: dir.appendingPathComponent("a.svg"))
        // The second file's name is longer than any file system allows.
        let tooLong = String(repeating: "x", count: 300) + ".svg"
        #expect(throws: ReportWriteError.self) {
            try StagedFiles.replace([("a.svg", Data("new a".utf8)), (tooLong, Data())], in: dir, removing: [])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["a.svg"])
        #expect(try String(contentsOf: dir.appendingPathComponent("a.svg"), encoding: .utf8) == "old a")
    }
}
