import Foundation
import Synchronization

/// A progress bar with ETA on standard error, drawn only on a terminal and
/// only for runs that last more than a second.
final class ProgressBar: Sendable {
    private struct State {
        var lastDraw = 0.0
        var drawn = false
    }
    private let total: Int
    private let label: String
    private let start = Date()
    private let state = Mutex(State())
    private let enabled: Bool

    init(total: Int, label: String, enabled: Bool) {
        self.total = total
        self.label = label
        self.enabled = enabled && Stderr.isTerminal
    }

    /// Reports `done` of `total` finished; cheap when disabled.
    func update(_ done: Int) {
        guard enabled else { return }
        let elapsed = Date().timeIntervalSince(start)
        let line: String? = state.withLock { s in
            guard elapsed > 1, elapsed - s.lastDraw > 0.1 || done == total else { return nil }
            s.lastDraw = elapsed
            s.drawn = true
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
            return "\r\(label) \(bar) \(done)/\(total)  \(Self.clock(elapsed)) elapsed, ETA \(Self.clock(eta))  "
        }
        if let line { Stderr.write(line) }
    }

    /// Clears the bar's line if one was drawn.
    func finish() {
        guard enabled else { return }
        if state.withLock({ $0.drawn }) { Stderr.write("\r\u{1B}[2K") }
    }

    static func clock(_ s: Double) -> String {
        let t = Int(s.rounded())
        return t >= 3600 ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
                         : String(format: "%d:%02d", t / 60, t % 60)
    }
}
