import Dispatch
import Foundation
import Synchronization
import MusterOutput

/// SIGINT, SIGTERM and SIGHUP end the process with 128 + the signal's
/// number (130, 143, 129) after removing the staging folders of output
/// writes in progress, so an interrupted `--out` leaves nothing behind.
/// A sweep takes the signals over while it runs (it stops gracefully).
enum ExitSignals {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    private static let deferred = Atomic<Bool>(false)

    static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Installs the handlers; called once at start-up on the main thread.
    static func install() {
        for sig in handled {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                if deferred.load(ordering: .relaxed) { return }
                StagingCleanup.shared.cleanUpForExit()
                _exit(128 + sig)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// While true, signals are left to another handler (the sweep's).
    static func deferToOtherHandler(_ on: Bool) {
        deferred.store(on, ordering: .relaxed)
    }
}
