import Foundation
import MusterOutput
import Synchronization

/// "Stop requested": the one way every command learns that the user (Ctrl-C,
/// SIGINT), Slurm (`scancel`, the time limit: SIGTERM) or a closed terminal
/// (SIGHUP) wants it to end.
///
/// Outside a stoppable section a signal ends the process at once with
/// 128 + its number (130, 143, 129), after removing the staging folders of
/// output writes in progress (`StagingCleanup`), so nothing half-written is
/// left. A long-running command that can stop gracefully wraps its work:
///
/// ```swift
/// try StopRequest.stoppable("storing the replications in flight") {
///     outcome = try runner.run(shouldStop: StopRequest.shouldStop)
///     // … store what is finished …
/// }
/// try StopRequest.exitIfRequested()   // exit 130 / 143 / 129
/// ```
///
/// Inside, the first signal prints `stopping: <what> (signal again to quit
/// at once)…` on stderr and sets `isRequested`; the command's loops poll
/// it (or `shouldStop`, to hand to a library loop) at least once a second,
/// store what is finished and return; the command then exits with
/// `exitCode`. A second signal ends the process at once. Library modules
/// never see this type: they take a `shouldStop` closure.
enum StopRequest {
    private struct State {
        /// Open stoppable sections by ticket: what a graceful stop does.
        var sections: [Int: String] = [:]
        var actions: [Int: @Sendable () -> Void] = [:]
        var nextTicket = 0
    }

    private static let state = Mutex(State())
    /// The first signal's number once a stop is requested; 0 before.
    private static let first = Atomic<Int32>(0)

    /// True once a signal asked a stoppable section to stop.
    static var isRequested: Bool { first.load(ordering: .relaxed) != 0 }

    /// `isRequested` as a closure, for library loops (`shouldStop:`).
    static let shouldStop: @Sendable () -> Bool = { isRequested }

    /// 128 + the number of the signal that asked to stop (130 for SIGINT,
    /// 143 for SIGTERM, 129 for SIGHUP).
    static var exitCode: Int32 { 128 + (isRequested ? first.load(ordering: .relaxed) : SIGINT) }

    /// Runs `body` as a stoppable section: the first signal while it runs
    /// sets `isRequested` (and runs the `onRequest` actions) instead of
    /// ending the process. `what` completes "stopping: …" on stderr.
    static func stoppable<T>(_ what: String, _ body: () throws -> T) rethrows -> T {
        let section = begin(what)
        defer { end(section) }
        return try body()
    }

    /// Opens a stoppable section that lasts until `end`; prefer `stoppable`.
    static func begin(_ what: String) -> Int {
        state.withLock { s in
            s.nextTicket += 1
            s.sections[s.nextTicket] = what
            return s.nextTicket
        }
    }

    static func end(_ section: Int) {
        state.withLock { _ = $0.sections.removeValue(forKey: section) }
    }

    /// Exits with `exitCode` (by throwing `ExitWith`) if a stop was requested.
    static func exitIfRequested() throws {
        if isRequested { throw ExitWith(code: exitCode) }
    }

    /// Runs `action` (once, on the signal watcher's thread) when a stop is
    /// requested inside a stoppable section; for work that is not a loop,
    /// such as a server to shut down. Returns a ticket for `cancel`.
    @discardableResult
    static func onRequest(_ action: @escaping @Sendable () -> Void) -> Int {
        state.withLock { s in
            s.nextTicket += 1
            s.actions[s.nextTicket] = action
            return s.nextTicket
        }
    }

    static func cancel(_ ticket: Int) {
        state.withLock { _ = $0.actions.removeValue(forKey: ticket) }
    }

    /// Called by the signal watcher (`ExitSignals`) for each signal.
    static func deliver(_ sig: Int32) {
        let graceful: (what: String, actions: [@Sendable () -> Void])? = state.withLock { s in
            guard let what = s.sections.max(by: { $0.key < $1.key })?.value, first.load(ordering: .relaxed) == 0 else { return nil }
            first.store(sig, ordering: .relaxed)
            let actions = s.actions.sorted { $0.key < $1.key }.map(\.value)
            s.actions = [:]
            return (what, actions)
        }
        guard let graceful else {
            StagingCleanup.shared.cleanUpForExit()
            _exit(128 + sig)
        }
        Stderr.write("\nstopping: \(graceful.what) (signal again to quit at once)…\n")
        for action in graceful.actions { action() }
    }
}
