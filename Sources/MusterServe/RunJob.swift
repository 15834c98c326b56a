import Foundation
import Synchronization

/// One run or comparison a visitor asked for: where it stands, read by the
/// progress stream, and a cancel flag the worker checks between batches.
final class RunJob: Sendable {
    enum Kind: String, Sendable { case run, compare }

    enum Phase: Sendable, Equatable {
        /// Waiting behind `ahead` other jobs.
        case queued(ahead: Int)
        case running
        case done
        case failed(String)
        case cancelled

        var isFinal: Bool {
            switch self {
            case .done, .failed, .cancelled: true
            default: false
            }
        }
    }

    struct Status: Sendable, Equatable {
        var phase: Phase
        var done: Int
        var total: Int
        /// Bumped on every change, so a reader sends only news.
        var version: Int
    }

    let id: String
    let visitor: String
    let kind: Kind
    let folder: URL
    private let status: Mutex<Status>
    private let cancelFlag = Atomic<Bool>(false)

    init(id: String, visitor: String, kind: Kind, folder: URL, total: Int) {
        self.id = id; self.visitor = visitor; self.kind = kind; self.folder = folder
        status = Mutex(Status(phase: .queued(ahead: 0), done: 0, total: total, version: 0))
    }

    var current: Status { status.withLock { $0 } }
    var isCancelled: Bool { cancelFlag.load(ordering: .relaxed) }

    func cancel() {
        cancelFlag.store(true, ordering: .relaxed)
        update { if case .queued = $0.phase { $0.phase = .cancelled } }
    }

    func update(_ change: (inout Status) -> Void) {
        status.withLock { s in
            guard !s.phase.isFinal else { return }
            let before = s
            change(&s)
            if s != before { s.version += 1 }
        }
    }

    /// Progress from worker threads: never goes backwards.
    func progress(_ done: Int) {
        update { if done > $0.done { $0.done = min(done, $0.total) } }
    }
}

/// Thrown by a job's work when its cancel flag was seen.
struct JobCancelled: Error {}

extension RunJob {
    /// A flag set once from any thread (tests, shutdown).
    final class Flag: Sendable {
        private let value = Atomic<Bool>(false)
        init() {}
        func set() { value.store(true, ordering: .relaxed) }
        var isSet: Bool { value.load(ordering: .relaxed) }
    }
}
