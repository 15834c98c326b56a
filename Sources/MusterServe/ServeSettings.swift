import Foundation

/// What `muster serve` was started with, and the limits that keep one
/// visitor from taking the machine.
public struct ServeSettings: Sendable {
    /// Whether `host` reaches this machine only (127.0.0.0/8, ::1, localhost):
    /// anything else needs an access token.
    public static func isLoopback(_ host: String) -> Bool {
        let bare = AccessPolicy.bare(host)
        return bare == "localhost" || (IPAddress(bare)?.isLoopback ?? false)
    }

    /// A new access token: 128 random bits as 32 hex digits.
    public static func newToken() -> String { Visitors.newID() }

    public var host: String
    /// 0 asks the system for a free port (tests).
    public var port: Int
    /// The only folder scenarios are read from (and layout files they name).
    public var scenariosFolder: URL
    /// Per-visitor folders are made under this one (0700, made by the
    /// workbench and refused if it exists) and removed at shutdown; nil: a
    /// new folder with a random name in the temporary folder.
    public var scratchRoot: URL?
    /// Host names the workbench answers to besides its bound address,
    /// `localhost` and loopback addresses (`--allow-host`).
    public var allowedHosts: [String] = []
    /// Asked of every request when set: in the address printed at start,
    /// then in a cookie (`--host` beyond loopback, or `--token`).
    public var accessToken: String?
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
        self.scratchRoot = scratchRoot
        self.version = version
    }
}
