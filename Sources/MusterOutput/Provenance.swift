import Foundation

/// Where a result came from: the Muster version, the scenario (its name,
/// the file as given and the SHA-256 of its bytes), the seed, the number
/// of replications and the `--set` overrides. One value, written with the
/// same keys by `manifest.json`, a gate baseline and the workbench's
/// folders, so a new piece of provenance is added in one place.
public struct Provenance: Sendable, Equatable {
    public var musterVersion: String
    /// Scenario name.
    public var scenario: String
    /// The scenario file as given on the command line (or as the workbench names it).
    public var scenarioFile: String
    /// SHA-256 of the scenario file's bytes, lowercase hex.
    public var scenarioSHA256: String
    public var seed: UInt64
    public var replications: Int
    /// `--set` overrides as given (`KEY=VALUE`), in order.
    public var overrides: [String]

    public init(musterVersion: String, scenario: String, scenarioFile: String, scenarioSHA256: String,
                seed: UInt64, replications: Int, overrides: [String]) {
        self.musterVersion = musterVersion
        self.scenario = scenario
        self.scenarioFile = scenarioFile
        self.scenarioSHA256 = scenarioSHA256
        self.seed = seed
        self.replications = replications
        self.overrides = overrides
    }

    /// With the hash computed from the file's bytes.
    public init(musterVersion: String, scenario: String, scenarioFile: String, scenarioBytes: Data,
                seed: UInt64, replications: Int, overrides: [String]) {
        self.init(musterVersion: musterVersion, scenario: scenario, scenarioFile: scenarioFile,
                  scenarioSHA256: SHA256.hexDigest(scenarioBytes), seed: seed, replications: replications, overrides: overrides)
    }

    /// `muster_version, scenario, scenario_file, scenario_sha256, seed,
    /// replications`: the keys every file that records provenance starts with
    /// (`overrides` is placed by each file, after its own keys).
    public var leadingJSON: [(String, JSONValue)] {
        [
            ("muster_version", .string(musterVersion)),
            ("scenario", .string(scenario)),
            ("scenario_file", .string(scenarioFile)),
            ("scenario_sha256", .string(scenarioSHA256)),
            ("seed", .uint(seed)),
            ("replications", .int(replications)),
        ]
    }

    /// `overrides` as JSON.
    public var overridesJSON: JSONValue { .array(overrides.map { .string($0) }) }
}
