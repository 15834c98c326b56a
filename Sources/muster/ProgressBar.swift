import Foundation
import Synchronization

/// `--progress`: how progress is shown on standard error.
enum ProgressStyle: String, CaseIterable, Sendable {
    /// A bar on a terminal, plain lines otherwise (CI, Slurm logs).
    case auto
    /// Always the bar.
    case bar
    /// A plain line about every 10 s or every 10 %, and a final line.
    case lines
    /// Nothing (what `--quiet` means).
    case hidden = "none"

    /// `auto` made concrete for a standard error that is, or is not, a terminal.
    func resolved(isTerminal: Bool) -> ProgressStyle {
        self == .auto ? (isTerminal ? .bar : .lines) : self
    }
}

/// Progress on standard error, never on standard output: a bar with ETA
/// (drawn only for runs that last more than a second), or plain lines for
/// logs (about every 10 s or every 10 %, whichever comes first, at most one
/// a second, and a final line), or nothing.
///
/// The clock and the writer are injectable, so the throttling is testable
/// without sleeping.
final class ProgressBar: Sendable {
    private struct State {
        var lastDraw = 0.0
        var drawn = false
        /// Lines mode: the tenth (0...10) last reported, and whether the final line is out.
        var lastTenth = 0
        var finalWritten = false
        var lastDone = 0
    }
    private let total: Int
    private let label: String
    private let start: Double
    private let state = Mutex(State())
    let style: ProgressStyle
    private let now: @Sendable () -> Double
    private let write: @Sendable (String) -> Void

    /// Seconds between lines when progress is slower than 10 % per that.
    static let lineInterval = 10.0
    /// The fewest seconds between two lines.
    static let minLineGap = 1.0

    init(total: Int, label: String, style: ProgressStyle,
         isTerminal: Bool = Stderr.isTerminal,
         now: @escaping @Sendable () -> Double = { Date().timeIntervalSinceReferenceDate },
         write: @escaping @Sendable (String) -> Void = { Stderr.write($0) }) {
        self.total = total
        self.label = label
        self.style = style.resolved(isTerminal: isTerminal)
        self.now = now
        self.write = write
        self.start = now()
    }

    /// Reports `done` of `total` finished; cheap when disabled.
    func update(_ done: Int) {
        switch style {
        case .bar: updateBar(done)
        case .lines: updateLines(done)
        case .auto, .hidden: return
        }
    }

    private func updateBar(_ done: Int) {
        let elapsed = now() - start
        let line: String? = state.withLock { s in
            guard elapsed > 1, elapsed - s.lastDraw > 0.1 || done == total else { return nil }
            s.lastDraw = elapsed
            s.drawn = true
            let width = 30
            let filled = total > 0 ? min(width, width * done / total) : width
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let eta = done > 0 ? elapsed / Double(done) * Double(max(0, total - done)) : 0
            return "\r\(label) \(bar) \(done)/\(total)  \(Self.clock(elapsed)) elapsed, ETA \(Self.clock(eta))  "
        }
        if let line { write(line) }
    }

    private func updateLines(_ done: Int) {
        let elapsed = now() - start
        let line: String? = state.withLock { s in
            guard !s.finalWritten else { return nil }
            s.lastDone = max(s.lastDone, done)
            if done >= total {
                s.finalWritten = true
                return lineText(done: done, elapsed: elapsed, final: true)
            }
            let tenth = total > 0 ? min(10, 10 * done / total) : 10
            let sinceLast = elapsed - s.lastDraw
            guard sinceLast >= Self.minLineGap,
                  tenth > s.lastTenth || sinceLast >= Self.lineInterval else { return nil }
            s.lastDraw = elapsed
            s.lastTenth = tenth
            return lineText(done: done, elapsed: elapsed, final: false)
        }
        if let line { write(line) }
    }

    private func lineText(done: Int, elapsed: Double, final: Bool) -> String {
        let percent = total > 0 ? 100 * done / total : 100
        let tail: String
        if final {
            tail = "done"
        } else {
            let eta = done > 0 ? elapsed / Double(done) * Double(max(0, total - done)) : nil
            tail = "ETA " + (eta.map(Self.clock) ?? "?")
        }
        return "\(label): \(done)/\(total) (\(percent)%), \(Self.clock(elapsed)) elapsed, \(tail)\n"
    }

    /// Clears the bar's line if one was drawn; in lines mode writes the
    /// final line if it is not out yet.
    func finish() {
        switch style {
        case .bar:
            if state.withLock({ $0.drawn }) { write("\r\u{1B}[2K") }
        case .lines:
            let elapsed = now() - start
            let line: String? = state.withLock { s in
                guard !s.finalWritten else { return nil }
                s.finalWritten = true
                return lineText(done: s.lastDone, elapsed: elapsed, final: true)
            }
            if let line { write(line) }
        case .auto, .hidden:
            return
        }
    }

    static func clock(_ s: Double) -> String {
        let t = Int(s.rounded())
        return t >= 3600 ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
                         : String(format: "%d:%02d", t / 60, t % 60)
    }
}
