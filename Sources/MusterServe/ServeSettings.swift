import Foundation

/// What `muster serve` was started with, and the limits that keep one
/// visitor from taking the machine.
public struct ServeSettings: Sendable {
    public var host: String
    /// 0 asks the system for a free port (tests).
    public var port: Int
    /// The only folder scenarios are read from (and layout files they name).
    public var scenariosFolder: URL
    /// Per-visitor folders are made under this one and removed at shutdown.
    public var scratchRoot: URL
    /// Written into every summary, as `muster run` does.
    public var version: String
    /// The largest request body (pasted or uploaded YAML), in bytes.
    public var maxUploadBytes = 512 * 1024
    /// Runs waiting or running at once; more are refused with 503.
    public var maxQueuedRuns = 4
    public var maxReplications = 2000
    public var maxVariants = 6
    public var threads = max(1, ProcessInfo.processInfo.activeProcessorCount)

    public init(host: String = "127.0.0.1", port: Int = 8080, scenariosFolder: URL, scratchRoot: URL? = nil, version: String) {
        self.host = host
        self.port = port
        self.scenariosFolder = scenariosFolder.standardizedFileURL
        self.scratchRoot = scratchRoot ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("muster-serve-\(ProcessInfo.processInfo.processIdentifier)")
        self.version = version
    }
}
