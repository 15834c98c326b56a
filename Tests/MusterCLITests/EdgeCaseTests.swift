import Foundation
import Testing

/// Issue 24's reproducers: every writer keeps the output-folder rule, and
/// extreme options are refused before they cost memory or time.
@Suite struct EdgeCaseTests {
    let fm = FileManager.default

    private func setUp() throws -> (dir: URL, scenario: String) {
        let dir = try CLI.tempDir()
        return (dir, try CLI.writeScenario(CLI.smallScenario, in: dir))
    }

    private func sweepFile(in dir: URL, _ axes: String = "  team.volunteers: [0, 1]\n", replications: Int = 3) throws -> String {
        try CLI.writeScenario("scenario: s.yaml\naxes:\n\(axes)replications: \(replications)\nmeasures: [order_complete_hours]\n",
                              in: dir, name: "sweep.yaml")
    }

    // MARK: - check --update replaces only a baseline

    @Test func checkUpdateRefusesWhatIsNotABaseline() throws {
        let (dir, scenario) = try setUp()
        defer { try? fm.removeItem(at: dir) }
        func update(_ target: String) throws -> CLIResult {
            try CLI.run(["check", scenario, "--baseline", target, "--update", "--replications", "2", "--quiet"])
        }
        let text = dir.appendingPathComponent("notes.txt")
        try Data("my notes\n".utf8).write(to: text)
        let other = dir.appendingPathComponent("package.json")
        try Data("{\"name\": \"mine\"}\n".utf8).write(to: other)
        let link = dir.appendingPathComponent("link.json")
        try fm.createSymbolicLink(atPath: link.path, withDestinationPath: other.path)
        let fifo = dir.appendingPathComponent("pipe")
        #expect(mkfifo(fifo.path, 0o644) == 0)
        var refused = [text.path, other.path, link.path, fifo.path, scenario, dir.path, "."]
        // A device node, made here rather than touching the system's.
        let device = dir.appendingPathComponent("null")
        if getuid() == 0, mknod(device.path, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0 { refused.append(device.path) }
        for target in refused {
            let before = try? Data(contentsOf: URL(fileURLWithPath: target))
            let r = try update(target)
            #expect(r.status == 2, "\(target): \(r.stderr)")
            #expect(r.stderr.contains("--update replaces only a baseline Muster wrote"), "\(r.stderr)")
            #expect(!r.stderr.contains("NSCocoaErrorDomain"))
            if let before, (try? fm.destinationOfSymbolicLink(atPath: target)) == nil, target != fifo.path, target != device.path {
                #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == before)
            }
        }
        #expect(try fm.destinationOfSymbolicLink(atPath: link.path) == other.path)
        var st = stat()
        #expect(lstat(fifo.path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFIFO)
        // Absent, then a baseline: written, then replaced.
        let base = dir.appendingPathComponent("base.json").path
        #expect(try update(base).status == 0)
        #expect(try update(base).status == 0)
    }

    @Test func aBaselineWithADuplicateKeyIsRefused() throws {
        let (dir, scenario) = try setUp()
        defer { try? fm.removeItem(at: dir) }
        let base = dir.appendingPathComponent("base.json")
        #expect(try CLI.run(["check", scenario, "--baseline", base.path, "--update", "--replications", "5", "--quiet"]).status == 0)
        var text = try String(contentsOf: base, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"seed\":", with: "\"seed\": 1, \"seed\":")
        try Data(text.utf8).write(to: base)
        let r = try CLI.run(["check", scenario, "--baseline", base.path, "--quiet"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("\"seed\" appears twice"), "\(r.stderr)")
    }

    @Test func checkBaselineOfAFolderSaysWhy() throws {
        let (dir, scenario) = try setUp()
        defer { try? fm.removeItem(at: dir) }
        for extra in [[], ["--update"]] {
            let r = try CLI.run(["check", scenario, "--baseline", ".", "--replications", "2", "--quiet"] + extra, cwd: dir)
            #expect(r.status == 2)
            #expect(!r.stderr.contains("NSCocoaErrorDomain") && r.stderr.contains("folder") || r.stderr.contains("directory"), "\(r.stderr)")
        }
    }

    // MARK: - sweep, merge and plot keep the output-folder rule

    @Test func sweepAndMergeRefuseAFolderOfTheUsersFiles() throws {
        let (dir, _) = try setUp()
        defer { try? fm.removeItem(at: dir) }
        let sweep = try sweepFile(in: dir)
        let mine = dir.appendingPathComponent("mine")
        try fm.createDirectory(at: mine, withIntermediateDirectories: true)
        let files = ["summary.csv": "my,table\n", "replications.csv": "a\n", "sweep.sqlite": "my database\n"]
        for (name, text) in files { try Data(text.utf8).write(to: mine.appendingPathComponent(name)) }
        let s = try CLI.run(["sweep", sweep, "--out", mine.path, "--quiet"])
        #expect(s.status == 2, "\(s.stderr)")
        #expect(s.stderr.contains("Muster did not write") && s.stderr.contains("summary.csv"), "\(s.stderr)")
        let shard = dir.appendingPathComponent("shard")
        #expect(try CLI.run(["sweep", sweep, "--out", shard.path, "--quiet"]).status == 0)
        let m = try CLI.run(["merge", shard.path, "--out", mine.path])
        #expect(m.status == 2, "\(m.stderr)")
        for (name, text) in files {
            #expect(try String(contentsOf: mine.appendingPathComponent(name), encoding: .utf8) == text)
        }
        #expect(try fm.contentsOfDirectory(atPath: mine.path).sorted() == files.keys.sorted())
        // A user's file among Muster's, under a name Muster would write.
        let own = dir.appendingPathComponent("own")
        #expect(try CLI.run(["sweep", sweep, "--out", own.path, "--quiet"]).status == 0)
        try Data("x\n".utf8).write(to: own.appendingPathComponent("notes.txt"))
        #expect(try CLI.run(["merge", shard.path, "--out", own.path]).status == 0, "other files are left alone")
        #expect(try String(contentsOf: own.appendingPathComponent("notes.txt"), encoding: .utf8) == "x\n")
        // Shards merged into their parent folder, the documented layout.
        let parent = dir.appendingPathComponent("s")
        let (s1, s2) = (parent.appendingPathComponent("shard-1"), parent.appendingPathComponent("shard-2"))
        #expect(try CLI.run(["sweep", sweep, "--out", s1.path, "--shard", "1/2", "--quiet"]).status == 0)
        #expect(try CLI.run(["sweep", sweep, "--out", s2.path, "--shard", "2/2", "--quiet"]).status == 0)
        let merged = try CLI.run(["merge", s1.path, s2.path, "--out", parent.path])
        #expect(merged.status == 0, "\(merged.stderr)")
    }

    /// A folder of muster 0.3 (a sweep's, before sweeps wrote the marker)
    /// is still Muster's: --resume works.
    @Test func aSweepFolderWithoutTheMarkerResumes() throws {
        let (dir, _) = try setUp()
        defer { try? fm.removeItem(at: dir) }
        let sweep = try sweepFile(in: dir)
        let out = dir.appendingPathComponent("old")
        #expect(try CLI.run(["sweep", sweep, "--out", out.path, "--quiet"]).status == 0)
        try fm.removeItem(at: out.appendingPathComponent(".muster-output"))
        let r = try CLI.run(["sweep", sweep, "--out", out.path, "--resume", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func plotRefusesAFolderWithoutTheMarker() throws {
        let (dir, scenario) = try setUp()
        defer { try? fm.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        #expect(try CLI.run(["run", scenario, "--replications", "3", "--quiet", "--out", out.path]).status == 0)
        // The same files, copied by the user into a folder of their own.
        let copy = dir.appendingPathComponent("copy")
        try fm.copyItem(at: out, to: copy)
        try fm.removeItem(at: copy.appendingPathComponent(".muster-output"))
        try fm.removeItem(at: copy.appendingPathComponent("manifest.json"))
        try Data("<p>my page</p>\n".utf8).write(to: copy.appendingPathComponent("report.html"))
        let r = try CLI.run(["plot", copy.path, "--quiet"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("Muster did not write"), "\(r.stderr)")
        #expect(try String(contentsOf: copy.appendingPathComponent("report.html"), encoding: .utf8) == "<p>my page</p>\n")
        #expect(try CLI.run(["plot", out.path, "--quiet"]).status == 0)
    }

    // MARK: - run --out: the swap, the lock, long names

    /// What a kill -9 between the swap's two renames leaves: the folder
    /// absent, its previous version in `.out.old-PID-…`. The next write
    /// puts it back before anything else.
    @Test func anInterruptedSwapIsRestoredFirst() throws {
        let (dir, scenario) = try setUp()
        defer { try? fm.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        #expect(try CLI.run(["run", scenario, "--replications", "3", "--quiet", "--out", out.path]).status == 0)
        let previous = try Data(contentsOf: out.appendingPathComponent("summary.json"))
        let dead = Int32(4_194_305)
        #expect(kill(dead, 0) != 0)
        try fm.moveItem(at: out, to: dir.appendingPathComponent(".out.old-\(dead)-1f2e3d"))
        try fm.createDirectory(at: dir.appendingPathComponent(".out.tmp-\(dead)-1f2e3d"), withIntermediateDirectories: true)
        // A run that is stopped before it writes still puts it back.
        let p = try ShellProcess(["run", scenario, "--replications", "400000", "--threads", "1", "--quiet", "--out", out.path])
        #expect(p.wait(until: { fm.fileExists(atPath: out.path) }, timeout: 30))
        p.send(SIGTERM)
        #expect(p.waitForExit() == 143)
        #expect(try Data(contentsOf: out.appendingPathComponent("summary.json")) == previous)
        #expect(try CLI.run(["run", scenario, "--replications", "4", "--quiet", "--out", out.path]).status == 0)
        let left = try fm.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".out.") }
        #expect(left.isEmpty, "\(left)")
        #expect(try Data(contentsOf: out.appendingPathComponent("summary.json")) != previous)
    }

    /// Two `run --out` on one folder at once: each either writes it or stops
    /// at once naming the other (the sweep's lock); never "doesn't exist".
    @Test func twoRunsOnOneFolder() throws {
        let (dir, scenario) = try setUp()
        defer { try? fm.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        for _ in 0..<6 {
            let runs = try (0..<2).map { _ in try ShellProcess(["run", scenario, "--replications", "2", "--quiet", "--out", out.path]) }
            for r in runs {
                let status = r.waitForExit()
                #expect(status == 0 || (status == 2 && r.stderr.contains("is being written by another muster")), "\(r.stderr)")
            }
        }
        #expect(fm.fileExists(atPath: out.appendingPathComponent("summary.json").path))
        let left = try fm.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".out.") }
        #expect(left.isEmpty, "\(left)")
    }

    @Test func longFolderNames() throws {
        let (dir, scenario) = try setUp()
        defer { try? fm.removeItem(at: dir) }
        let sweep = try sweepFile(in: dir)
        let long = String(repeating: "n", count: 240)
        let run = try CLI.run(["run", scenario, "--replications", "2", "--quiet", "--out", dir.appendingPathComponent(long).path])
        #expect(run.status == 0, "\(run.stderr)")
        let again = try CLI.run(["run", scenario, "--replications", "2", "--quiet", "--out", dir.appendingPathComponent(long).path])
        #expect(again.status == 0, "\(again.stderr)")
        let sw = try CLI.run(["sweep", sweep, "--quiet", "--out", dir.appendingPathComponent("s" + long).path])
        #expect(sw.status == 0, "\(sw.stderr)")
        // Too long for any file system: the same exit for every command,
        // and no empty parent folders left behind.
        let tooLong = dir.appendingPathComponent("new1/new2/" + String(repeating: "x", count: 256)).path
        for args in [["run", scenario, "--replications", "2"], ["sweep", sweep]] {
            let r = try CLI.run(args + ["--quiet", "--out", tooLong])
            #expect(r.status == 2, "\(args[0]): \(r.status) \(r.stderr)")
            #expect(!fm.fileExists(atPath: dir.appendingPathComponent("new1").path), "\(args[0]) left new1")
        }
    }

    /// What a kill -9 during a sweep's final writes leaves, removed on resume.
    @Test func resumeRemovesLeftoversOfAKilledWrite() throws {
        let (dir, _) = try setUp()
        defer { try? fm.removeItem(at: dir) }
        let sweep = try sweepFile(in: dir)
        let out = dir.appendingPathComponent("out")
        #expect(try CLI.run(["sweep", sweep, "--out", out.path, "--quiet"]).status == 0)
        for name in [".dat.nosync1a2b.c3", ".summary.csv.tmp-4194305-9f8e", ".sweep.sqlite.tmp-4194305"] {
            try Data("half".utf8).write(to: out.appendingPathComponent(name))
        }
        #expect(try CLI.run(["sweep", sweep, "--out", out.path, "--resume", "--quiet"]).status == 0)
        let left = try fm.contentsOfDirectory(atPath: out.path).filter { $0.contains("nosync") || $0.contains(".tmp-") }
        #expect(left.isEmpty, "\(left)")
    }

    // MARK: - extreme options

    @Test func aHugeGridIsCountedBeforeItIsBuilt() throws {
        let (dir, _) = try setUp()
        defer { try? fm.removeItem(at: dir) }
        // Each axis is allowed alone; together they make 2,000,000 points.
        let axes = "  field.not_home: {from: 0, to: 0.999, count: 1000}\n  team.heads: {from: 1, to: 1000, count: 1000}\n  team.members: [3, 4]\n"
        let sweep = try sweepFile(in: dir, axes)
        let r = try CLI.run(["sweep", sweep, "--out", dir.appendingPathComponent("o").path, "--quiet"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("1000 × 1000 × 2 = 2000000 points") && r.stderr.contains("1000000"), "\(r.stderr)")
    }

    @Test(arguments: [
        (["--vary", "team.volunteers=0..4", "--confidence", "0.9999999999999999"], "--confidence", "too close to 1"),
        (["--vary", "team.volunteers=0..2000000000"], "--vary", "team.volunteers"),
        (["--vary", "team.volunteers=0..9223372036854775807"], "--vary", "2^53"),
        (["--vary", "field.not_home=-1e308..1e308"], "--vary", "overflows"),
        (["--vary", "seed=1..5"], "--vary", "seed cannot vary"),
        (["--vary", "team.volunteers=0..4", "--tolerance", "-5m"], "--tolerance", "'-5m'"),
    ])
    func optimizeRefusesExtremes(args: [String], option: String, message: String) throws {
        let r = try CLI.run(["optimize", "scenarios/lingfeng.yaml", "--first-batch", "5", "--max-replications", "10",
                             "--target", "p2p.order_complete.mean <= 7h", "--quiet"] + args)
        #expect(r.status == 2, "\(r.status): \(r.stderr)")
        #expect(r.stderr.contains(option) && r.stderr.contains(message), "\(r.stderr)")
        #expect(!r.stderr.lowercased().contains("nan"), "\(r.stderr)")
    }

    /// Past a few dozen `--set`, they are read around the argument parser:
    /// still in order (the last wins), and still refused by a command
    /// without `--set`.
    @Test func manySetsKeepTheirOrder() throws {
        let (dir, scenario) = try setUp()
        defer { try? fm.removeItem(at: dir) }
        let sets = (0..<200).flatMap { ["--set", "team.heads=\($0 % 7 + 1)"] }
        let r = try CLI.run(["run", scenario, "--replications", "2", "--json", "--quiet"] + sets + ["--set", "team.heads=3"])
        let last = try CLI.run(["run", scenario, "--replications", "2", "--json", "--quiet", "--set", "team.heads=3"])
        #expect(r.status == 0 && r.stdout == last.stdout, "\(r.stderr)")
        let bad = try CLI.run(["run", scenario, "--replications", "2", "--quiet"] + sets + ["--set", "team.nothing=1"])
        #expect(bad.status == 2 && bad.stderr.contains("nothing"), "\(bad.stderr)")
        let schema = try CLI.run(["schema"] + sets)
        #expect(schema.status == 2, "\(schema.stderr)")
    }
}
