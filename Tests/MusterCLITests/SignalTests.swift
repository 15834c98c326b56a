import Foundation
import Testing

/// Every long-running command stops on SIGINT, SIGTERM and SIGHUP as a
/// shell or Slurm sends them (`ShellProcess`: nothing blocked, nothing
/// ignored in the child): within a second or two, with 128 + the signal's
/// number, keeping what is finished and leaving nothing half-written.
///
/// Adding a command is one entry in `commands`.
@Suite(.serialized) struct SignalTests {
    /// How to start one command, when it is busy enough to be stopped, and
    /// what must hold once it has stopped.
    struct Case: CustomStringConvertible, Sendable {
        let name: String
        /// Whether the first signal stops gracefully ("stopping:" on stderr,
        /// a second signal quits at once) rather than ending at once.
        let graceful: Bool
        /// Arguments, given a fresh folder holding s.yaml and sweep.yaml.
        let args: @Sendable (URL) throws -> [String]
        /// True once the command is doing its long work.
        let busy: @Sendable (ShellProcess, URL) -> Bool
        /// Checks after the stop.
        let after: @Sendable (ShellProcess, URL) throws -> Void
        var description: String { name }
    }

    static let sweepFile = """
    scenario: s.yaml
    axes:
      team.volunteers: [0, 1, 2, 3]
      field.not_home: [0.1, 0.2]
    replications: 4000
    measures: [order_complete_hours]

    """

    static func fileSize(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    static func entries(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
    }

    static let commands: [Case] = [
        Case(name: "run", graceful: false,
             args: { d in ["run", d.appendingPathComponent("s.yaml").path, "--replications", "400000", "--threads", "1",
                           "--quiet", "--out", d.appendingPathComponent("out").path] },
             busy: { _, _ in Thread.sleep(forTimeInterval: 0.5); return true },
             after: { _, d in
                 // Nothing half-written: no output, no staging folder.
                 #expect(entries(d) == ["s.yaml", "sweep.yaml"], "\(entries(d))")
             }),
        Case(name: "sweep", graceful: true,
             args: { d in ["sweep", d.appendingPathComponent("sweep.yaml").path, "--out", d.appendingPathComponent("out").path,
                           "--threads", "1", "--quiet"] },
             busy: { _, d in fileSize(d.appendingPathComponent("out/sweep.sqlite-wal").path) > 4096 },
             after: { p, d in
                 #expect(p.stderr.contains("stopping:"), "\(p.stderr)")
                 #expect(p.stderr.contains("--resume"), "\(p.stderr)")
                 // What was finished is stored and summarised.
                 #expect(fileSize(d.appendingPathComponent("out/summary.csv").path) > 0)
             }),
        Case(name: "optimize", graceful: true,
             args: { d in ["optimize", d.appendingPathComponent("s.yaml").path, "--vary", "team.volunteers=0..40",
                           "--target", "p2p.order_complete.mean <= 1m", "--first-batch", "5000",
                           "--max-replications", "100000", "--threads", "1", "--state", d.appendingPathComponent("state.json").path] },
             busy: { p, _ in p.stderr.contains("replications 1–") },
             after: { p, d in
                 #expect(p.stderr.contains("stopping:") && p.stderr.contains("state.json"), "\(p.stderr)")
                 // The replications made are kept for the next run.
                 let state = try String(contentsOf: d.appendingPathComponent("state.json"), encoding: .utf8)
                 #expect(state.contains("\"values\""), "\(state.prefix(200))")
             }),
        Case(name: "merge", graceful: false,
             args: { d in
                 // A shard database, merged 40 times over: a merge of a few
                 // seconds (equal duplicates are checked, then dropped).
                 let shard = d.appendingPathComponent("shard")
                 let small = try String(contentsOf: d.appendingPathComponent("sweep.yaml"), encoding: .utf8)
                     .replacingOccurrences(of: "replications: 4000", with: "replications: 300")
                 let file = try CLI.writeScenario(small, in: d, name: "small-sweep.yaml")
                 let made = try CLI.run(["sweep", file, "--out", shard.path, "--threads", "2", "--quiet", "--shard", "1/1"])
                 #expect(made.status == 0, "\(made.stderr)")
                 return ["merge"] + Array(repeating: shard.path, count: 40) + ["--out", d.appendingPathComponent("merged").path]
             },
             busy: { _, _ in Thread.sleep(forTimeInterval: 0.3); return true },
             after: { _, d in
                 // The half-built database is removed; nothing else was written.
                 let left = entries(d.appendingPathComponent("merged")).filter { $0.contains(".tmp-") || $0 == "sweep.sqlite" }
                 #expect(left.isEmpty, "\(left)")
             }),
        Case(name: "select", graceful: true,
             args: { d in ["select", d.appendingPathComponent("s.yaml").path, "--variant", "field.not_home=0.151",
                           "--by", "p2p.order_complete.mean", "--smallest", "--indifference", "1s",
                           "--max-replications", "10000000", "--threads", "1",
                           "--state", d.appendingPathComponent("state.json").path] },
             busy: { _, d in fileSize(d.appendingPathComponent("state.json").path) > 0 },
             after: { p, d in
                 #expect(p.stderr.contains("stopping:") && p.stderr.contains("state.json"), "\(p.stderr)")
                 // The replications made are kept for the next run.
                 #expect(fileSize(d.appendingPathComponent("state.json").path) > 0)
             }),
        Case(name: "calibrate", graceful: false,
             args: { d in
                 let drill = CLI.packageRoot.appendingPathComponent("scenarios/drill")
                 return ["calibrate", drill.appendingPathComponent("district.yaml").path,
                         "--observed", drill.appendingPathComponent("drill-p2p.csv").path, "--mode", "p2p",
                         "--vary", "field.visit.mean=3..15m", "--population", "5000", "--generations", "50",
                         "--threads", "1", "--out", d.appendingPathComponent("cal").path,
                         "--state", d.appendingPathComponent("state.json").path] },
             busy: { _, _ in Thread.sleep(forTimeInterval: 1.0); return true },
             after: { _, d in
                 // Exits at once: no output folder, half-written or not.
                 #expect(!entries(d).contains("cal"), "\(entries(d))")
                 #expect(entries(d).allSatisfy { !$0.contains(".tmp-") && !$0.hasPrefix(".cal") }, "\(entries(d))")
             }),
        Case(name: "serve", graceful: true,
             args: { d in ["serve", "--port", "0", "--scenarios", d.path] },
             busy: { p, _ in p.stdout.contains("Muster workbench: http") },
             after: { p, _ in
                 #expect(p.stdout.contains("Muster workbench stopped."), "\(p.stdout)")
             }),
    ]

    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private func setUp() throws -> URL {
        let dir = try CLI.tempDir()
        _ = try CLI.writeScenario(CLI.smallScenario, in: dir)
        _ = try CLI.writeScenario(Self.sweepFile, in: dir, name: "sweep.yaml")
        return dir
    }

    /// Bits of /proc's signal masks: signal n is bit n - 1.
    private func bits(_ sigs: [Int32]) -> UInt64 { sigs.reduce(0) { $0 | (1 << UInt64($1 - 1)) } }

    @Test(arguments: commands, signals)
    func stopsOnASignalAsAShellSendsIt(_ command: Case, _ sig: Int32) throws {
        let dir = try setUp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = try ShellProcess(try command.args(dir))
        // The child is started as a shell would: nothing blocked, nothing
        // ignored; once started, muster catches the three signals.
        let handled = bits(Self.signals)
        #expect(p.wait(until: { (p.signalMasks()?.caught ?? 0) & handled == handled }, timeout: 30), "\(p.stderr)")
        // Threads block signals for moments (while starting a thread, say):
        // the main thread must be seen with none blocked or ignored.
        #expect(p.wait(until: { p.signalMasks().map { ($0.blocked | $0.ignored) & handled == 0 } ?? false }, timeout: 10),
                "\(String(describing: p.signalMasks()))")
        #expect(p.wait(until: { command.busy(p, dir) }, timeout: 120), "\(command.name) never got busy: \(p.stderr)")
        #expect(p.poll() == nil, "\(command.name) ended before the signal: \(p.stderr)")
        let sent = Date()
        p.send(sig)
        let status = p.waitForExit(timeout: 30)
        let seconds = Date().timeIntervalSince(sent)
        #expect(status == 128 + sig && !p.killedBySignal, "\(command.name): status \(String(describing: status)): \(p.stderr)")
        // "Within a second" on an idle machine; the bound leaves room for a
        // loaded 2-core CI box.
        #expect(seconds < 5, "\(command.name) took \(seconds) s to stop")
        try command.after(p, dir)
    }

    /// The second signal ends a graceful stop at once.
    @Test(arguments: commands.filter(\.graceful))
    func aSecondSignalQuitsAtOnce(_ command: Case) throws {
        let dir = try setUp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = try ShellProcess(try command.args(dir))
        #expect(p.wait(until: { command.busy(p, dir) }, timeout: 120), "\(p.stderr)")
        p.send(SIGINT)
        #expect(p.wait(until: { p.stderr.contains("stopping:") }, timeout: 10) || p.poll() != nil, "\(p.stderr)")
        p.send(SIGTERM)
        let status = p.waitForExit(timeout: 10)
        #expect(status == 130 || status == 143, "\(String(describing: status)): \(p.stderr)")
    }

    /// A signal ignored when muster starts (`nohup` ignores SIGHUP) stays
    /// ignored; the others still stop it.
    @Test func aSignalIgnoredAtStartStaysIgnored() throws {
        let dir = try setUp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = try ShellProcess(["run", dir.appendingPathComponent("s.yaml").path, "--replications", "400000", "--threads", "1", "--quiet"],
                                 ignoring: [SIGHUP])
        let caught = bits([SIGINT, SIGTERM])
        #expect(p.wait(until: { (p.signalMasks()?.caught ?? 0) & caught == caught }, timeout: 30))
        #expect((p.signalMasks()?.ignored ?? 0) & bits([SIGHUP]) != 0)
        p.send(SIGHUP)
        usleep(300_000)
        #expect(p.poll() == nil, "SIGHUP ended a nohup'ed muster")
        p.send(SIGTERM)
        #expect(p.waitForExit(timeout: 30) == 143)
    }
}
