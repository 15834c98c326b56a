#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The plumbing under `StopRequest`: SIGINT, SIGTERM and SIGHUP reach the
/// program through a plain `sigaction` handler that writes the signal's
/// number into a pipe (the only thing it may safely do), and one watcher
/// thread reads the pipe and decides (`StopRequest.deliver`).
///
/// Why not libdispatch's signal sources: on Linux they read the signal
/// through `signalfd`, which sees a signal only while every thread blocks
/// it; they are made to work by setting the signal to "ignored", and a
/// thread that does not block it then has it dropped by the kernel. A
/// sweep started by a shell (nothing blocked) lost every Ctrl-C that way.
/// A handler works whatever thread the kernel picks.
///
/// Conventions kept: the signals are unblocked at start (a parent's mask
/// is not a request to be deaf), but a signal that was *ignored* when the
/// program started stays ignored, as `nohup` and `cmd &` in a script ask.
enum ExitSignals {
    /// The signals that ask a command to stop.
    static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Installs the handlers and starts the watcher; called once at
    /// start-up on the main thread, before any other thread exists.
    static func install() {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        // The handler must never block: a full pipe drops the byte (the
        // watcher has enough signals to act on already).
        _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
        signalPipe = fds[1]

        var mask = sigset_t()
        sigemptyset(&mask)
        for sig in handled { sigaddset(&mask, sig) }
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)

        for sig in handled {
            var old = sigaction()
            sigaction(sig, nil, &old)
            if isIgnored(old) { continue }
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler = .init(sa_handler: signalToPipe)
            #else
            action.__sigaction_u = .init(__sa_handler: signalToPipe)
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(sig, &action, nil)
        }
        let reader = fds[0]
        let watcher = Thread {
            var byte: UInt8 = 0
            while true {
                let n = read(reader, &byte, 1)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                StopRequest.deliver(Int32(byte))
            }
        }
        watcher.name = "muster-signals"
        watcher.start()
    }

    private static func isIgnored(_ action: sigaction) -> Bool {
        #if canImport(Glibc)
        let handler = action.__sigaction_handler.sa_handler
        #else
        let handler = action.__sigaction_u.__sa_handler
        #endif
        return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }
}

/// The write end of the signal pipe; set once before any handler runs.
nonisolated(unsafe) private var signalPipe: Int32 = -1

/// The signal handler: async-signal-safe, it only writes one byte.
private let signalToPipe: @convention(c) (Int32) -> Void = { sig in
    let saved = errno
    var byte = UInt8(truncatingIfNeeded: sig)
    _ = write(signalPipe, &byte, 1)
    errno = saved
}
