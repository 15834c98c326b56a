import Foundation
import MusterModel

/// `manifest.json`: what it takes to reproduce an output folder.
public struct Manifest: Sendable, Equatable {
    public var musterVersion: String
    /// Scenario name.
    public var scenario: String
    /// The scenario file as given on the command line.
    public var scenarioFile: String
    /// SHA-256 of the scenario file's bytes, lowercase hex.
    public var scenarioSHA256: String
    public var seed: UInt64
    public var replications: Int
    public var modes: [Mode]
    /// `--set` overrides as given (`KEY=VALUE`), in order.
    public var overrides: [String]
    public var threads: Int
    /// The full argument vector, program name first.
    public var commandLine: [String]
    public var created: Date

    public init(version: String, scenario: String, scenarioFile: String, scenarioBytes: Data,
                seed: UInt64, replications: Int, modes: [Mode], overrides: [String],
                threads: Int, commandLine: [String], created: Date = Date()) {
        musterVersion = version
        self.scenario = scenario
        self.scenarioFile = scenarioFile
        scenarioSHA256 = SHA256.hexDigest(scenarioBytes)
        self.seed = seed
        self.replications = replications
        self.modes = modes
        self.overrides = overrides
        self.threads = threads
        self.commandLine = commandLine
        self.created = created
    }

    /// Keys: muster_version, scenario, scenario_file, scenario_sha256, seed,
    /// replications, modes, overrides, threads, command_line, created
    /// (ISO 8601, UTC, whole seconds).
    public var json: JSONValue {
        .object([
            ("muster_version", .string(musterVersion)),
            ("scenario", .string(scenario)),
            ("scenario_file", .string(scenarioFile)),
            ("scenario_sha256", .string(scenarioSHA256)),
            ("seed", .uint(seed)),
            ("replications", .int(replications)),
            ("modes", .array(modes.map { .string($0.rawValue) })),
            ("overrides", .array(overrides.map { .string($0) })),
            ("threads", .int(threads)),
            ("command_line", .array(commandLine.map { .string($0) })),
            ("created", .string(Self.iso8601(created))),
        ])
    }

    /// `2024-06-01T09:30:00Z`.
    package static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }
}
