import Foundation

/// Runs the built `muster` binary and captures what it printed.
struct CLIResult {
    let status: Int32
    let stdout: String
    let stderr: String
    let stdoutData: Data
}

/// Reads a pipe to its end on a thread of its own.
final class PipeReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

enum CLI {
    /// The `muster` executable beside the test bundle.
    static var binary: URL {
        // Another build to hold the tests against (an older release, to see
        // a reproducer fail): MUSTER_CLI_BINARY=/path/to/muster swift test …
        if let other = ProcessInfo.processInfo.environment["MUSTER_CLI_BINARY"], !other.isEmpty {
            return URL(fileURLWithPath: other)
        }
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        // The test binary may sit inside a bundle folder (macOS layout).
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("muster").path), dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("muster")
    }

    /// The package root, where `scenarios/` lives.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `environment` entries replace the inherited ones (e.g. a PATH without
    /// rsvg-convert).
    static func run(_ args: [String], cwd: URL? = nil, environment: [String: String] = [:],
                    executable: URL? = nil) throws -> CLIResult {
        let p = Process()
        p.executableURL = executable ?? binary
        p.arguments = args
        if !environment.isEmpty {
            p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        p.currentDirectoryURL = cwd ?? packageRoot
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Both pipes are drained at once, stderr on another thread: read one
        // after the other, a child filling the second pipe's buffer while
        // the first is read would block forever.
        let errorReader = PipeReader(err.fileHandleForReading)
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = errorReader.wait()
        p.waitUntilExit()
        return CLIResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                         stderr: String(decoding: e, as: UTF8.self), stdoutData: o)
    }

    /// A fresh temporary folder for one test.
    static func tempDir() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("muster-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    /// A small, fast scenario (a few micro-grids) for CLI tests.
    static let smallScenario = """
    name: small
    start: Tue 09:00
    seed: 42
    replications: 6
    layout:
      fanout: {district: 1, street: 2, community: 2, grid: 2, microgrid: {min: 2, max: 3}}
      households: {min: 20, max: 40}
    team: {heads: 1, members: 3, volunteers: {dist: poisson, mean: 2}, volunteer_speed: 0.8}
    field:
      hours: daily 07:00-21:00
      travel: {dist: lognormal, mean: 3m, sd: 2m}
      visit: {dist: lognormal, mean: 6m, sd: 4m}
      not_home: 0.15
      revisit_after: 2h
      max_attempts: 3
    tiered:
      levels: [city, district, street, community, grid]
      default: {handlers: 1, office_hours: Mon-Fri 08:30-17:30, forward: sequential,
                handle: {dist: lognormal, mean: 2h, sd: 1h},
                notify: {dist: exponential, mean: 15m},
                aggregate: {dist: lognormal, mean: 1h, sd: 30m},
                transmit: 0s}
      street: {handle: {dist: lognormal, mean: 4h, sd: 2h}}
      team_notify: {dist: exponential, mean: 10m}
    p2p:
      duty_hours: daily 08:00-20:00
      ack: {on_duty: {dist: lognormal, mean: 10m, sd: 10m}, off_duty: {dist: lognormal, mean: 2h, sd: 2h}}
      push_fails: 0.05
      team_notify: {dist: exponential, mean: 10m}
      sync: 0s

    """

    static func writeScenario(_ text: String, in dir: URL, name: String = "s.yaml") throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}

/// `muster` started as a shell or Slurm starts it: no signal blocked and
/// every signal at its default disposition in the child, whatever the test
/// runner's own threads block or ignore (Foundation's `Process` and the
/// test runner may pass blocked signals on, which hid a lost Ctrl-C).
/// Standard output and error go to files, read when needed.
final class ShellProcess {
    let pid: pid_t
    let stdoutURL: URL
    let stderrURL: URL
    private(set) var status: Int32?
    /// True when the process ended by a signal rather than by exit.
    private(set) var killedBySignal = false

    /// - Parameter ignoring: signals the child starts with ignored, as
    ///   `nohup` (SIGHUP) or a script's `cmd &` (SIGINT) start it.
    init(_ args: [String], cwd: URL? = nil, executable: URL? = nil, ignoring: [Int32] = []) throws {
        let logs = try CLI.tempDir()
        stdoutURL = logs.appendingPathComponent("stdout")
        stderrURL = logs.appendingPathComponent("stderr")
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attr, &none)
        var all = sigset_t()
        sigemptyset(&all)
        for sig in 1..<32 where sig != SIGKILL && sig != SIGSTOP { sigaddset(&all, Int32(sig)) }
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let dir = (cwd ?? CLI.packageRoot).path
        let exe = (executable ?? CLI.binary).path
        // No working-folder action is visible to Swift (addchdir_np), so a
        // plain sh changes folder and execs muster: a non-interactive sh
        // leaves the mask and the default dispositions set here as they
        // are. Ignoring is set by `trap ''` before the exec.
        let traps = ignoring.map { "trap '' \($0); " }.joined()
        let program = "/bin/sh"
        let argv = ["/bin/sh", "-c", traps + "cd \"$0\" && exec \"$@\"", dir, exe] + args
        var cargs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, program, &actions, &attr, &cargs, environ)
        guard rc == 0 else { throw NSError(domain: NSPOSIXErrorDomain, code: Int(rc)) }
        pid = child
    }

    var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    /// The signals the child blocks, ignores and catches, from /proc (Linux).
    func signalMasks() -> (blocked: UInt64, ignored: UInt64, caught: UInt64)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        func field(_ name: String) -> UInt64? {
            text.split(separator: "\n").first { $0.hasPrefix(name + ":") }
                .flatMap { UInt64($0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces), radix: 16) }
        }
        guard let b = field("SigBlk"), let i = field("SigIgn"), let c = field("SigCgt") else { return nil }
        return (b, i, c)
    }

    /// Waits until `condition` holds or the process ends; false on timeout.
    @discardableResult
    func wait(until condition: () -> Bool, timeout: TimeInterval = 60) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            if poll() != nil { return false }
            usleep(10_000)
        }
        return false
    }

    /// The exit status if the process has ended (reaping it), else nil.
    func poll() -> Int32? {
        if let status { return status }
        var raw: Int32 = 0
        let r = waitpid(pid, &raw, WNOHANG)
        guard r == pid else { return nil }
        record(raw)
        return status
    }

    /// Waits for the end; nil if it has not ended within `timeout` seconds.
    func waitForExit(timeout: TimeInterval = 120) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let s = poll() { return s }
            usleep(10_000)
        }
        return nil
    }

    func send(_ sig: Int32) { kill(pid, sig) }

    private func record(_ raw: Int32) {
        // WIFEXITED / WEXITSTATUS / WTERMSIG, spelled out (macros in C).
        let termSignal = raw & 0x7f
        if termSignal == 0 {
            status = (raw >> 8) & 0xff
        } else {
            killedBySignal = true
            status = 128 + termSignal
        }
    }

    deinit {
        if status == nil { kill(pid, SIGKILL); var raw: Int32 = 0; waitpid(pid, &raw, 0) }
    }
}
