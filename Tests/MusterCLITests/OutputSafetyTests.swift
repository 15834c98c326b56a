import Foundation
import Testing

/// `--out` never deletes or overwrites a file Muster did not write, refuses
/// places where a replacement would take other files with it, and leaves no
/// staging folders behind, whatever ends the process.
@Suite struct OutputSafetyTests {
    let fm = FileManager.default

    /// A scenario in its own folder; returns (folder, scenario path).
    private func setUp() throws -> (URL, String) {
        let dir = try CLI.tempDir()
        return (dir, try CLI.writeScenario(CLI.smallScenario, in: dir))
    }

    private func run(_ scenario: String, out: String, cwd: URL? = nil, extra: [String] = []) throws -> CLIResult {
        try CLI.run(["run", scenario, "--replications", "2", "--threads", "1", "--quiet", "--out", out] + extra, cwd: cwd)
    }

    @Test func aFolderWithAUserFileIsRefusedAndKept() throws {
        let (dir, scenario) = try setUp()
        defer { try? fm.removeItem(at: dir) }
        let out = dir.appendingPathComponent("mine")
        try fm.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: out.appendingPathComponent("notes.txt"))
        try Data("hidden".utf8).write(to: out.appendingPathComponent(".hidden"))
        let r = try run(scenario, out: out.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("Muster did not write") && r.stderr.contains("notes.txt"), "\(r.stderr)")
        #expect(try String(contentsOf: out.appendingPathComponent("notes.txt"), encoding: .utf8) == "precious")
        #expect(try String(contentsOf: out.appendingPathComponent(".hidden"), encoding: .utf8) == "hidden")
        #expect(!fm.fileExists(atPath: out.appendingPathComponent("summary.json").path))
    }

    @Test func mustersOwnFolderIsReplacedButNotAUserFileAddedToIt() throws {
        let (dir, scenario) = try setUp()
        defer { try? fm.removeItem(at: dir) }
        let out = dir.appendingPathComponent("results")
        #expect(try run(scenario, out: out.path).status == 0)
        #expect(fm.fileExists(atPath: out.appendingPathComponent(".muster-output").path))
        // A second run replaces Muster's own folder.
        #expect(try run(scenario, out: out.path).status == 0)
        // Once the user puts a file of their own in it, it is refused.
        try Data("mine".utf8).write(to: out.appendingPathComponent("analysis.R"))
        let r = try run(scenario, out: out.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("analysis.R"), "\(r.stderr)")
        #expect(fm.fileExists(atPath: out.appendingPathComponent("analysis.R").path))
        #expect(fm.fileExists(atPath: out.appendingPathComponent("summary.json").path), "the old output is untouched")
    }

    @Test func placesThatHoldOtherFilesAreRefusedOutright() throws {
        let (dir, scenario) = try setUp()
        defer { try? fm.removeItem(at: dir) }
        let sub = dir.appendingPathComponent("work/deeper")
        try fm.createDirectory(at: sub, withIntermediateDirectories: true)
        let before = Set(try fm.contentsOfDirectory(atPath: dir.path))
        for (out, cwd, why) in [("", dir, "empty"), (".", dir, "current folder"), ("..", sub, "current folder"),
                                ("/", dir, "root"), (dir.path, sub, "current folder"),
                                (NSHomeDirectory(), dir, "home folder")] {
            let r = try run(scenario, out: out, cwd: cwd)
            #expect(r.status == 2, "--out '\(out)': \(r.status)")
            #expect(r.stderr.contains("refusing") && r.stderr.contains(why), "--out '\(out)': \(r.stderr)")
        }
        // The folder holding the scenario, from elsewhere.
        let r = try run(scenario, out: dir.path, cwd: fm.temporaryDirectory)
        #expect(r.status == 2)
        #expect(r.stderr.contains("holds the input"), "\(r.stderr)")
        #expect(Set(try fm.contentsOfDirectory(atPath: dir.path)) == before, "nothing was added or removed")
        #expect(fm.fileExists(atPath: scenario))
    }

    @Test func aSymbolicLinkIsRefused() throws {
        let (dir, scenario) = try setUp()
        defer { try? fm.removeItem(at: dir) }
        let real = dir.appendingPathComponent("real")
        #expect(try run(scenario, out: real.path).status == 0)
        let link = dir.appendingPathComponent("link")
        try fm.createSymbolicLink(at: link, withDestinationURL: real)
        let r = try run(scenario, out: link.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("symbolic link"))
        #expect(fm.fileExists(atPath: real.appendingPathComponent("summary.json").path))
    }

    @Test func aReadOnlyParentIsBadInputAndLeavesNothing() throws {
        guard getuid() != 0 else { return } // root writes anywhere
        let (dir, scenario) = try setUp()
        defer { chmod(dir.path, 0o755); try? fm.removeItem(at: dir) }
        let locked = dir.appendingPathComponent("locked")
        try fm.createDirectory(at: locked, withIntermediateDirectories: true)
        chmod(locked.path, 0o555)
        defer { chmod(locked.path, 0o755) }
        let r = try run(scenario, out: locked.appendingPathComponent("out").path)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(try fm.contentsOfDirectory(atPath: locked.path).isEmpty)
    }

    @Test func staleStagingOfADeadProcessIsRemovedOnTheNextWrite() throws {
        let (dir, scenario) = try setUp()
        defer { try? fm.removeItem(at: dir) }
        // What a `kill -9` mid-write leaves: staging folders of a pid that
        // no longer runs. (Pid 2^22 + 1 is above Linux's pid_max default.)
        let dead = Int32(4_194_305)
        #expect(kill(dead, 0) != 0)
        // (A dead process's `.old-` folder is the previous version, restored
        // before anything else: `anInterruptedSwapIsRestoredFirst`.)
        for kind in ["tmp"] {
            let stale = dir.appendingPathComponent(".out.\(kind)-\(dead)-1f2e3d")
            try fm.createDirectory(at: stale, withIntermediateDirectories: true)
            try Data("x".utf8).write(to: stale.appendingPathComponent("summary.json"))
        }
        // A look-alike that is not Muster's naming stays.
        try fm.createDirectory(at: dir.appendingPathComponent(".out.tmp-mine"), withIntermediateDirectories: true)
        #expect(try run(scenario, out: dir.appendingPathComponent("out").path).status == 0)
        let left = try fm.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".out.") }
        #expect(left == [".out.tmp-mine"], "\(left)")
    }

    /// SIGINT, SIGTERM and SIGHUP during a run that writes `--out`: exit
    /// 128 + the signal, and no staging folder or partial output left.
    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func signalsLeaveNothingBehind(_ sig: Int32) throws {
        let (dir, scenario) = try setUp()
        defer { try? fm.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let p = try ShellProcess(["run", scenario, "--replications", "400000", "--threads", "1", "--quiet", "--out", out.path])
        Thread.sleep(forTimeInterval: 1.0)
        p.send(sig)
        #expect(p.waitForExit() == 128 + sig && !p.killedBySignal)
        let left = try fm.contentsOfDirectory(atPath: dir.path).filter { $0 != "s.yaml" }
        #expect(left.isEmpty, "\(left)")
    }

    /// A full disk is the machine's failure, not the user's: exit 3, the
    /// reason named, and no staging folder left. Needs root to mount a
    /// 64 KB tmpfs; elsewhere the test has nothing to check.
    @Test func aFullDiskIsExitThreeAndLeavesNothing() throws {
        guard getuid() == 0 else { return }
        let (dir, scenario) = try setUp()
        defer { try? fm.removeItem(at: dir) }
        let tiny = dir.appendingPathComponent("tiny")
        try fm.createDirectory(at: tiny, withIntermediateDirectories: true)
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=64k", "tmpfs", tiny.path]
        mount.standardError = FileHandle.nullDevice
        guard (try? mount.run()) != nil else { return }
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else { return } // no mount in this sandbox
        defer {
            let umount = Process()
            umount.executableURL = URL(fileURLWithPath: "/bin/umount")
            umount.arguments = [tiny.path]
            try? umount.run()
            umount.waitUntilExit()
        }
        let r = try run(scenario, out: tiny.appendingPathComponent("out").path)
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stderr.contains("No space left on device"), "\(r.stderr)")
        #expect(try fm.contentsOfDirectory(atPath: tiny.path).isEmpty)
    }
}
