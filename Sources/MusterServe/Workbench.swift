import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// `muster serve`: the planner's workbench. Owns the routes, the run
/// queue and the scratch folders; `run()` serves until SIGINT or SIGTERM,
/// then cancels the runs and removes the scratch folders.
public final class Workbench: Sendable {
    let settings: ServeSettings
    let shelf: ScenarioShelf
    let queue: RunQueue
    let policy: AccessPolicy
    /// The folder (0700) that holds every visitor's results while the server runs.
    let scratchRoot: URL
    private let group = Mutex<ServiceGroup?>(nil)
    /// Set on Ctrl-C/SIGTERM or `stop()`: progress streams end with a
    /// `stopped` event at once, whatever their runs are doing.
    let stopping = RunJob.Flag()

    /// Makes the private results folder; throws when it cannot (or when
    /// `settings.scratchRoot` names something that exists already).
    public init(settings: ServeSettings) throws {
        self.settings = settings
        shelf = ScenarioShelf(folder: settings.scenariosFolder)
        queue = RunQueue(capacity: settings.maxQueuedRuns)
        policy = AccessPolicy(boundHost: settings.host, extraHosts: settings.allowedHosts, accessToken: settings.accessToken)
        if let root = settings.scratchRoot {
            try PrivateFolder.makeNew(root)
            scratchRoot = root
        } else {
            scratchRoot = try PrivateFolder.makeTemporary()
        }
    }

    /// Serves until SIGINT/SIGTERM (with `handlesSignals`) or `stop()`. `onStart` gets the URL once the port is bound
    /// (the port the system chose when `settings.port` is 0).
    public func run(handlesSignals: Bool = true, onStart: @escaping @Sendable (String) -> Void) async throws {
        defer { shutDown() }
        var logger = Logger(label: "muster-serve")
        logger.logLevel = .warning
        let host = settings.host
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: settings.port), serverName: "muster"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                let shown = host.contains(":") ? "[\(host)]" : host
                onStart("http://\(shown):\(port)/")
            },
            logger: logger)
        // The canceller is a service of this group, after the server: a
        // group shuts its services down last first, so on Ctrl-C the runs
        // are cancelled and the progress streams end before the server waits
        // for its open requests. (An Application's own `services` run only
        // under `runService()`, not when it is itself a service of a group.)
        let services = ServiceGroup(configuration: .init(services: [app, JobCanceller(queue: queue, stopping: stopping)],
                                                         gracefulShutdownSignals: handlesSignals ? [.sigint, .sigterm] : [],
                                                         logger: logger))
        group.withLock { $0 = services }
        try await services.run()
    }

    /// Shuts the server down as SIGINT would.
    /// Does what SIGINT does (the same graceful shutdown of the group), so
    /// tests of `stop()` test Ctrl-C.
    public func stop() async {
        await group.withLock { $0 }?.triggerGracefulShutdown()
    }

    /// Cancels every run, gives the one running up to a second to see it,
    /// and removes the results folder. A replication still computing after
    /// that is abandoned: the process is ending, and a cancelled job writes
    /// nothing.
    func shutDown() {
        stopping.set()
        queue.cancelAll(wait: false)
        _ = queue.waitUntilIdle(timeout: .now() + 1)
        try? FileManager.default.removeItem(at: scratchRoot)
    }

    func folder(visitor: String, job: String) -> URL {
        scratchRoot.appendingPathComponent(visitor).appendingPathComponent(job)
    }

    /// `text` with server paths replaced: files of the scenarios folder by
    /// their names there, the results folder by words.
    func scrub(_ text: String) -> String {
        Self.scrub(text, scenarios: shelf.folder, results: scratchRoot)
    }

    static func scrub(_ text: String, scenarios: URL, results: URL) -> String {
        var out = text
        for (folder, name) in [(results, "the results folder"), (scenarios, "the scenarios folder")] {
            let paths = Set([folder.path, folder.standardizedFileURL.path, folder.resolvingSymlinksInPath().path])
                .map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
                .sorted { $0.count > $1.count }
            for p in paths where !p.isEmpty {
                out = out.replacingOccurrences(of: p + "/", with: folder == scenarios ? "" : name + "/")
                out = out.replacingOccurrences(of: p, with: name)
            }
        }
        return out
    }
}

/// On Ctrl-C or SIGTERM, cancels the runs first, so that progress streams
/// end and the server's graceful shutdown does not wait for a long run.
struct JobCanceller: Service {
    let queue: RunQueue
    let stopping: RunJob.Flag

    func run() async throws {
        try? await gracefulShutdown()
        stopping.set()
        queue.cancelAll(wait: false)
    }
}
