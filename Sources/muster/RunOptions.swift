import ArgumentParser
import Foundation

/// `--threads`, `--json`, `--progress` and `--quiet`: the options of every
/// command that runs replications (`run`, `compare`, `check`, `sweep`,
/// `gate-trials`), declared and validated once here. A command includes them
/// with `@OptionGroup var common: CommonRunOptions` and reads `common.threads`,
/// `common.json`, `common.progress`.
///
/// `--seed` and `--replications` are not here: their defaults differ by
/// command (the scenario's, the first scenario's, the baseline's), so each
/// command declares them with its own help, and checks `--replications`
/// with `CommonRunOptions.validateReplications`.
struct CommonRunOptions: ParsableArguments {
    @Option(name: .customLong("threads"),
            help: ArgumentHelp("Worker threads (default: all cores). Results do not depend on it.", valueName: "threads"))
    var requestedThreads: Int?

    @OptionGroup var output: JSONOutput

    @Option(name: .customLong("progress"),
            help: ArgumentHelp("Progress on stderr: auto (a bar on a terminal, else lines), bar, lines (a line about every 10 s or 10 %), none.",
                               valueName: "auto|bar|lines|none"))
    var requestedProgress: ProgressStyle?

    @Flag(help: "No progress (same as --progress none).")
    var quiet = false

    /// `--progress`, with `--quiet` meaning `none`.
    var progress: ProgressStyle { quiet ? .hidden : (requestedProgress ?? .auto) }

    /// `--threads`, or every core.
    var threads: Int { requestedThreads ?? CommonRunOptions.allCores }

    /// `--json`.
    var json: Bool { output.json }

    func validate() throws {
        try Self.validateThreads(requestedThreads)
        if quiet, let p = requestedProgress, p != .hidden {
            throw ValidationError("--quiet means --progress none; it cannot be combined with --progress \(p.rawValue)")
        }
    }

    /// The default of `--threads`.
    static var allCores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// The most worker threads a run starts: beyond the cores they only
    /// cost memory (each has a stack), and results never depend on them.
    static let maxThreads = 256

    /// `--threads` must be from 1 to `maxThreads`.
    static func validateThreads(_ threads: Int?) throws {
        if let n = threads, n < 1 || n > maxThreads {
            throw ValidationError("--threads must be from 1 to \(maxThreads) (got \(n)); results do not depend on it")
        }
    }

    /// `--replications`, where a command has it: from 1 to the memory cap.
    static func validateReplications(_ replications: Int?) throws {
        guard let r = replications else { return }
        if r < 1 { throw ValidationError("--replications must be at least 1 (got \(r))") }
        if r > MemoryBudget.maxReplications {
            throw ValidationError("--replications must be at most \(MemoryBudget.maxReplications) (got \(r))")
        }
    }
}

/// `--json`, alone, for the commands that print a document but run no
/// replications of their own (`merge`, `bench`); `CommonRunOptions` holds it too.
struct JSONOutput: ParsableArguments {
    @Flag(help: "Print the result as JSON on stdout, nothing else there (messages go to stderr).")
    var json = false
}

extension ProgressStyle: ExpressibleByArgument {}
