import Foundation
import Synchronization
import Testing
@testable import muster

/// `--progress`: the lines mode's throttling on an injected clock, and the
/// option on the command line.
@Suite struct ProgressTests {
    /// A clock the test moves, and the lines written.
    final class Harness: Sendable {
        let time = Mutex(0.0)
        let written = Mutex([String]())

        func bar(total: Int, style: ProgressStyle, isTerminal: Bool = false) -> ProgressBar {
            ProgressBar(total: total, label: "test: replications", style: style, isTerminal: isTerminal,
                        now: { [self] in time.withLock { $0 } },
                        write: { [self] s in written.withLock { $0.append(s) } })
        }

        func advance(_ seconds: Double) { time.withLock { $0 += seconds } }
        var lines: [String] { written.withLock { $0 } }
    }

    @Test func linesEveryTenPercentOnAFastRun() {
        let h = Harness()
        let bar = h.bar(total: 100, style: .lines)
        // 100 replications in 50 s: 10 % every 5 s, faster than every 10 s.
        for done in 1...100 {
            h.advance(0.5)
            bar.update(done)
        }
        bar.finish()
        let lines = h.lines
        #expect(lines.count == 10, "\(lines)")
        for (i, line) in lines.dropLast().enumerated() {
            #expect(line.hasPrefix("test: replications: \((i + 1) * 10)/100 (\((i + 1) * 10)%)"), "\(line)")
            #expect(line.contains("elapsed") && line.contains("ETA"), "\(line)")
            #expect(line.hasSuffix("\n"))
        }
        #expect(lines.last == "test: replications: 100/100 (100%), 0:50 elapsed, done\n")
    }

    @Test func linesAboutEveryTenSecondsOnASlowRun() {
        let h = Harness()
        let bar = h.bar(total: 1000, style: .lines)
        // 1000 replications at 3 s each: 10 % every 300 s, so a line every ~10 s.
        for done in 1...60 {
            h.advance(3)
            bar.update(done)
        }
        let lines = h.lines
        // 180 s: a line at 12, 24, ... 180 s (the first update at least 10 s after the last line).
        #expect(lines.count == 15, "\(lines)")
        #expect(lines[0].hasPrefix("test: replications: 4/1000 (0%), 0:12 elapsed, ETA 49:48"), "\(lines[0])")
        #expect(lines[1].contains("8/1000") && lines[1].contains("0:24 elapsed"), "\(lines[1])")
        #expect(!lines.contains { $0.contains("done") })
    }

    @Test func neverMoreThanOneLinePerSecond() {
        let h = Harness()
        let bar = h.bar(total: 10, style: .lines)
        // Every update crosses a 10 % step, but they come 0.1 s apart.
        for done in 1...9 {
            h.advance(0.1)
            bar.update(done)
        }
        #expect(h.lines.isEmpty, "\(h.lines)")
        h.advance(1)
        bar.update(9)
        #expect(h.lines.count == 1)
        h.advance(0.1)
        bar.update(10)
        // The final line is always written.
        #expect(h.lines.count == 2 && h.lines[1].contains("10/10 (100%)") && h.lines[1].contains("done"))
        bar.finish()
        #expect(h.lines.count == 2, "the final line only once")
    }

    @Test func finalLineOnFinishWhenTotalIsNotReached() {
        let h = Harness()
        let bar = h.bar(total: 10, style: .lines)
        h.advance(0.2)
        bar.update(3)
        bar.finish()
        #expect(h.lines == ["test: replications: 3/10 (30%), 0:00 elapsed, done\n"])
    }

    @Test func noneWritesNothing() {
        let h = Harness()
        for style in [ProgressStyle.hidden] {
            let bar = h.bar(total: 10, style: style, isTerminal: true)
            for done in 1...10 {
                h.advance(5)
                bar.update(done)
            }
            bar.finish()
        }
        #expect(h.lines.isEmpty)
    }

    @Test func autoIsTheBarOnATerminalAndLinesElsewhere() {
        let h = Harness()
        #expect(h.bar(total: 1, style: .auto, isTerminal: true).style == .bar)
        #expect(h.bar(total: 1, style: .auto, isTerminal: false).style == .lines)
        #expect(h.bar(total: 1, style: .bar, isTerminal: false).style == .bar)
        #expect(h.bar(total: 1, style: .lines, isTerminal: true).style == .lines)
    }

    @Test func runWithProgressLinesWritesStderrOnly() throws {
        let dir = try CLI.tempDir()
        let path = try CLI.writeScenario(CLI.smallScenario, in: dir)
        let r = try CLI.run(["run", path, "--replications", "3", "--json", "--progress", "lines"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n")
        #expect(!lines.isEmpty, "no progress line")
        #expect(lines.allSatisfy { $0.hasPrefix("small: replications: ") }, "\(r.stderr)")
        #expect(lines.last?.contains("3/3 (100%)") == true && lines.last?.contains("done") == true, "\(r.stderr)")
        // stdout is the JSON document and nothing else.
        #expect(!r.stdout.contains("replications: "))
        #expect(try JSONSerialization.jsonObject(with: r.stdoutData) is [String: Any])
    }

    @Test func progressNoneAndQuietWriteNothing() throws {
        let dir = try CLI.tempDir()
        let path = try CLI.writeScenario(CLI.smallScenario, in: dir)
        for flag in [["--progress", "none"], ["--quiet"], ["--quiet", "--progress", "none"]] {
            let r = try CLI.run(["run", path, "--replications", "2"] + flag)
            #expect(r.status == 0, "\(flag): \(r.stderr)")
            #expect(r.stderr.isEmpty, "\(flag): \(r.stderr)")
        }
    }

    @Test func bogusProgressNamesTheAllowedValues() throws {
        let r = try CLI.run(["run", "--progress", "bogus"])
        #expect(r.status == 2)
        for value in ["auto", "bar", "lines", "none"] { #expect(r.stderr.contains("'\(value)'"), "\(r.stderr)") }
        #expect(r.stdout.isEmpty)
    }

    @Test func quietWithAnotherProgressIsRefused() throws {
        let r = try CLI.run(["run", "--quiet", "--progress", "lines"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--quiet") && r.stderr.contains("--progress"), "\(r.stderr)")
    }
}
