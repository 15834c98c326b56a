import Foundation
import MusterModel

/// `manifest.json`: what it takes to reproduce an output folder.
public struct Manifest: Sendable, Equatable {
    /// Version, scenario, file and hash, seed, replications, overrides.
    public var provenance: Provenance
    public var modes: [Mode]
    public var threads: Int
    /// The full argument vector, program name first.
    public var commandLine: [String]
    public var created: Date

    public init(provenance: Provenance, modes: [Mode], threads: Int, commandLine: [String], created: Date = Date()) {
        self.provenance = provenance
        self.modes = modes
        self.threads = threads
        self.commandLine = commandLine
        self.created = created
    }

    public init(version: String, scenario: String, scenarioFile: String, scenarioBytes: Data,
                seed: UInt64, replications: Int, modes: [Mode], overrides: [String],
                threads: Int, commandLine: [String], created: Date = Date()) {
        self.init(provenance: Provenance(musterVersion: version, scenario: scenario, scenarioFile: scenarioFile,
                                         scenarioBytes: scenarioBytes, seed: seed, replications: replications,
                                         overrides: overrides),
                  modes: modes, threads: threads, commandLine: commandLine, created: created)
    }

    public var musterVersion: String { provenance.musterVersion }
    /// Scenario name.
    public var scenario: String { provenance.scenario }
    /// The scenario file as given on the command line.
    public var scenarioFile: String { provenance.scenarioFile }
    /// SHA-256 of the scenario file's bytes, lowercase hex.
    public var scenarioSHA256: String { provenance.scenarioSHA256 }
    public var seed: UInt64 { provenance.seed }
    public var replications: Int { provenance.replications }
    /// `--set` overrides as given (`KEY=VALUE`), in order.
    public var overrides: [String] { provenance.overrides }

    /// Keys: muster_version, scenario, scenario_file, scenario_sha256, seed,
    /// replications, modes, overrides, threads, command_line, created
    /// (ISO 8601, UTC, whole seconds).
    public var json: JSONValue {
        .object(provenance.leadingJSON + [
            ("modes", .array(modes.map { .string($0.rawValue) })),
            ("overrides", provenance.overridesJSON),
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
