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
    private let group = Mutex<ServiceGroup?>(nil)

    public init(settings: ServeSettings) {
        self.settings = settings
        shelf = ScenarioShelf(folder: settings.scenariosFolder)
        queue = RunQueue(capacity: settings.maxQueuedRuns)
    }

    /// Serves until SIGINT/SIGTERM (with `handlesSignals`) or `stop()`. `onStart` gets the URL once the port is bound
    /// (the port the system chose when `settings.port` is 0).
    public func run(handlesSignals: Bool = true, onStart: @escaping @Sendable (String) -> Void) async throws {
        try FileManager.default.createDirectory(at: settings.scratchRoot, withIntermediateDirectories: true)
        defer { shutDown() }
        var logger = Logger(label: "muster-serve")
        logger.logLevel = .warning
        let host = settings.host
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: settings.port), serverName: "muster"),
            services: [JobCanceller(queue: queue)],
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                let shown = host.contains(":") ? "[\(host)]" : host
                onStart("http://\(shown):\(port)/")
            },
            logger: logger)
        let services = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: handlesSignals ? [.sigint, .sigterm] : [],
                                                         logger: logger))
        group.withLock { $0 = services }
        try await services.run()
    }

    /// Shuts the server down as SIGINT would.
    public func stop() async {
        await group.withLock { $0 }?.triggerGracefulShutdown()
    }

    /// Cancels every run and removes the scratch folders.
    func shutDown() {
        queue.cancelAll()
        try? FileManager.default.removeItem(at: settings.scratchRoot)
    }

    func folder(visitor: String, job: String) -> URL {
        settings.scratchRoot.appendingPathComponent(visitor).appendingPathComponent(job)
    }
}

/// On Ctrl-C or SIGTERM, cancels the runs first, so that progress streams
/// end and the server's graceful shutdown does not wait for a long run.
struct JobCanceller: Service {
    let queue: RunQueue

    func run() async throws {
        try? await gracefulShutdown()
        queue.cancelAll(wait: false)
    }
}
