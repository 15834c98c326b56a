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
