import Foundation
import Testing

/// `muster plot` and the figures of `muster run --out`.
@Suite struct PlotCommandTests {
    static let noConverter = ["PATH": "/nonexistent"]
    static let figures = ["completion_cdf.svg", "coverage.svg", "phases.svg", "microgrid_done.svg", "report.html"]

    /// A run's output folder of the small scenario, without PNGs.
    static func runFolder() throws -> (root: URL, out: URL) {
        let dir = try CLI.tempDir()
        let path = try CLI.writeScenario(CLI.smallScenario, in: dir)
        let out = dir.appendingPathComponent("run")
        let r = try CLI.run(["run", path, "--out", out.path, "--replications", "3", "--quiet"], environment: noConverter)
        #expect(r.status == 0, "\(r.stderr)")
        return (dir, out)
    }

    static func bytes(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            out[name] = try Data(contentsOf: dir.appendingPathComponent(name))
        }
        return out
    }

    @Test func plotRedrawsExactlyWhatRunDrew() throws {
        let (root, out) = try Self.runFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let drawnByRun = try Self.bytes(out)
        for name in Self.figures { try FileManager.default.removeItem(at: out.appendingPathComponent(name)) }
        let r = try CLI.run(["plot", out.path], environment: Self.noConverter)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("report.html") && r.stderr.isEmpty)
        // The same code path on the same bytes: identical files.
        #expect(try Self.bytes(out) == drawnByRun)
    }

    @Test func clockTimeRedrawsTheHoursAxesAsWeekdaysAndLeavesTheNumbers() throws {
        let (root, out) = try Self.runFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let summary = try Data(contentsOf: out.appendingPathComponent("summary.json"))
        let r = try CLI.run(["plot", out.path, "--clock-time", "--quiet"], environment: Self.noConverter)
        #expect(r.status == 0, "\(r.stderr)")
        let cdf = try String(contentsOf: out.appendingPathComponent("completion_cdf.svg"), encoding: .utf8)
        #expect(cdf.contains("class=\"shaded-hours\""))
        #expect(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].contains { cdf.contains(">\($0) ") })
        #expect(try Data(contentsOf: out.appendingPathComponent("summary.json")) == summary)
        // Without the flag the hours come back.
        _ = try CLI.run(["plot", out.path, "--quiet"], environment: Self.noConverter)
        let plain = try String(contentsOf: out.appendingPathComponent("completion_cdf.svg"), encoding: .utf8)
        #expect(!plain.contains("shaded-hours"))
    }

    @Test func pngsComeFromTheConverterOnPath() throws {
        let (root, out) = try Self.runFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let bin = root.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let fake = bin.appendingPathComponent("rsvg-convert")
        // Stands in for rsvg-convert: writes a marker to the --output file.
        try Data("#!/bin/sh\nprintf 'PNG of %s' \"$7\" > \"$6\"\n".utf8).write(to: fake)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let r = try CLI.run(["plot", out.path, "--quiet"], environment: ["PATH": bin.path + ":/usr/bin:/bin"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        for stem in ["completion_cdf", "coverage", "phases", "microgrid_done"] {
            let png = try String(contentsOf: out.appendingPathComponent("\(stem).png"), encoding: .utf8)
            #expect(png.hasPrefix("PNG of "), "\(stem)")
        }
        // Without the converter the stale PNGs go, so no PNG can disagree with its SVG.
        let again = try CLI.run(["plot", out.path], environment: Self.noConverter)
        #expect(again.status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".png") }.isEmpty)
    }

    @Test func aMissingFileIsNamedAndNothingIsWritten() throws {
        let (root, out) = try Self.runFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.removeItem(at: out.appendingPathComponent("phases.csv"))
        let before = try Self.bytes(out)
        let r = try CLI.run(["plot", out.path], environment: Self.noConverter)
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(out.path)/phases.csv: missing"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(try Self.bytes(out) == before)
    }

    @Test func aBadLineIsNamedWithFileAndLine() throws {
        let (root, out) = try Self.runFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let csv = out.appendingPathComponent("coverage.csv")
        var lines = try String(contentsOf: csv, encoding: .utf8).components(separatedBy: "\n")
        lines[4] = "0.5,tiered,0,half,1"
        try Data(lines.joined(separator: "\n").utf8).write(to: csv)
        let before = try Self.bytes(out)
        let r = try CLI.run(["plot", out.path], environment: Self.noConverter)
        #expect(r.status == 2)
        #expect(r.stderr.contains("coverage.csv:5: column p50: \"half\" is not a number"), "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Stack dump"))
        // Old figures stay; no temporary files are left.
        #expect(try Self.bytes(out) == before)
    }

    @Test func aFolderThatIsNotARunIsDescribed() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("x".utf8).write(to: dir.appendingPathComponent("points.csv"))
        let r = try CLI.run(["plot", dir.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("not a run's output folder") && r.stderr.contains("points.csv"), "\(r.stderr)")
        let missing = try CLI.run(["plot", dir.appendingPathComponent("nothing").path])
        #expect(missing.status == 2 && missing.stderr.contains("no such folder"))
    }

    @Test func helpNamesTheFiguresAndTheConverter() throws {
        let r = try CLI.run(["plot", "--help"])
        #expect(r.status == 0)
        for word in ["completion_cdf.svg", "coverage.svg", "phases.svg", "microgrid_done.svg", "report.html", "rsvg-convert"] {
            #expect(r.stdout.contains(word), "\(word)")
        }
        let run = try CLI.run(["run", "--help"])
        #expect(run.stdout.contains("report.html") && run.stdout.contains("muster plot"))
    }
}
