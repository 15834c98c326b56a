import ArgumentParser
import Dispatch
import Foundation
import MusterOutput
import MusterReport
import MusterScenario
import MusterSweep
import Synchronization

/// `muster sweep`: a parameter sweep into a resumable SQLite store.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a parameter sweep (points × replications × modes) into a resumable results database.",
        discussion: """
        A sweep file names a base scenario, the axes to vary by their --set paths, a \
        design (grid, oat, or a Latin hypercube), the replications per point (or a \
        precision target) and the measures to keep; docs/reference/sweep-file.md has the \
        reference and scenarios/sweeps/volunteers.yaml an example.

        Designs sobol and morris are global sensitivity analyses: each axis is an \
        uncertain input (a range, a list, or a law such as {dist: triangular, min: 4, \
        mode: 6, max: 10}). When the whole sweep is stored, DIR also gets \
        sensitivity.csv, sensitivity.txt and sensitivity.svg: S1 and ST (Sobol) or \
        μ* and σ (Morris) per output, mode and input, with bootstrap 95 % intervals, \
        and the ranking is printed (scenarios/sweeps/sensitivity.yaml).

        Every point runs with the sweep's seed, so replication r of every point \
        draws the same random numbers (common random numbers): differences between \
        points are paired. Results do not depend on --threads or --shard.

        Writes DIR/sweep.sqlite (one row per point × mode × replication, per-point \
        summaries, the sweep's definition), DIR/summary.csv (per point) and \
        DIR/replications.csv (one row per point, replication and mode, with the \
        axis values as numbers: the table pandas or R read). Results are stored \
        as they finish: Ctrl-C stops after storing the replications in flight, and \
        a crash loses only those. Rerun the same command with --resume to finish; \
        a changed sweep or base scenario is refused.

        On a cluster, --shard K/N runs only shard K of N (1-based) into its own \
        DIR; `muster merge` joins the shards' folders into one (see \
        scripts/slurm/sweep.sbatch).

        Examples:
          muster sweep scenarios/sweeps/volunteers.yaml --out results/volunteers
          muster sweep S.yaml --out results/s --resume   # finish an interrupted sweep
          muster sweep S.yaml --out results/s/shard-2 --shard 2/4
          muster merge results/s/shard-* --out results/s
          muster sweep scenarios/sweeps/sensitivity.yaml --out results/sensitivity

        Exit codes: 0 done, 2 bad input (every problem listed with file, line and \
        key), 3 internal error, 130 interrupted (stored results kept; use --resume).
        """
    )

    @Argument(help: ArgumentHelp("Sweep file (YAML).", valueName: "sweep.yaml"))
    var sweep: String

    @Option(help: ArgumentHelp("Folder for sweep.sqlite, summary.csv and replications.csv (created if missing).", valueName: "dir"))
    var out: String

    @Option(help: ArgumentHelp("Run only shard K of N (1-based, e.g. 2/4): replication r of point p belongs to shard (p·R + r) mod N + 1; with a precision target, point p to shard p mod N + 1.", valueName: "K/N"))
    var shard: String?

    @Flag(help: "Continue the database in --out: skip what it holds. Refused if the sweep or base scenario changed.")
    var resume = false

    @OptionGroup var common: CommonRunOptions

    func validate() throws {
        if let shard, case .failure(let e) = Shard.parse(shard) { throw ValidationError(e.message) }
    }

    func run() throws {
        let part: Shard? = try shard.map { text in
            switch Shard.parse(text) {
            case .success(let s): return s
            case .failure(let e): throw ValidationError(e.message)
            }
        }
        let plan = try SweepInput.plan(sweep, progress: common.requestedProgress == nil && common.json ? .hidden : common.progress)
        let store = try openStore(plan: plan, shard: part)
        let h = plan.header
        let shardText = part.map { " · shard \($0)" } ?? ""
        if !common.json {
            let reps: String
            switch h.plan {
            case .fixed(let n): reps = "\(n) replications"
            case .precision(let t, let b, let m): reps = "replications to ±\(t * 100) % of the mean (batches of \(b), at most \(m))"
            }
            Stderr.write("\(h.name): \(h.points.count) points × \(reps) × \(h.modes.map(\.rawValue).joined(separator: " and ")) · \(h.design) design · seed \(h.seed)\(shardText)\n")
        }

        // Ctrl-C, SIGTERM (Slurm's scancel and time limit) and SIGHUP stop
        // after storing the replications in flight; summary.csv and
        // replications.csv are still written from what is stored.
        let section = StopRequest.begin("storing the replications in flight")
        defer { StopRequest.end(section) }
        var bar: ProgressBar?
        let runner = SweepRunner(plan: plan, store: store, threads: common.threads)
        let started = Date()
        let outcome: SweepOutcome
        do {
            outcome = try runner.run(shouldStop: StopRequest.shouldStop) { done, total in
                if bar == nil { bar = ProgressBar(total: total, label: "\(h.name): replications", style: common.requestedProgress == nil && common.json ? .hidden : common.progress) }
                bar?.update(done)
            }
        } catch {
            bar?.finish()
            Stderr.write("error: \(error)\n")
            throw ExitWith(code: 3)
        }
        bar?.finish()
        let seconds = Date().timeIntervalSince(started)
        let digest: String
        var figures: [String] = []
        var sensitivity: SensitivityAnalysis?
        do {
            try SummaryCSV.write(store: store, to: out)
            try ReplicationsCSV.write(store: store, to: out)
            digest = try store.contentDigest()
            if !outcome.interrupted && !StopRequest.isRequested && part == nil {
                sensitivity = SensitivityOutput.write(store: store, out: out)
                figures = SweepFigureDrawing.draw(store: store, out: out)
            }
            try store.close()
        } catch {
            Stderr.write("error: \(error)\n")
            throw ExitWith(code: 3)
        }
        let db = (out as NSString).appendingPathComponent(SweepStore.fileName)
        if common.json {
            print(JSONValue.object([
                ("sweep", .string(h.name)),
                ("points", .int(h.points.count)),
                ("modes", .array(h.modes.map { .string($0.rawValue) })),
                ("replications", .string(h.plan.text)),
                ("shard", part.map { .string($0.description) } ?? .null),
                ("simulated", .int(outcome.simulated)),
                ("already_stored", .int(outcome.alreadyStored)),
                ("rows", .int(outcome.rows)),
                ("interrupted", .bool(outcome.interrupted)),
                ("seconds", .number(seconds)),
                ("definition_sha256", .string(h.definitionSHA256)),
                ("content_sha256", .string(digest)),
                ("database", .string(db)),
                ("summary_csv", .string((out as NSString).appendingPathComponent("summary.csv"))),
                ("replications_csv", .string((out as NSString).appendingPathComponent("replications.csv"))),
                ("sensitivity", sensitivity.map(SensitivityFiles.json) ?? .null),
            ]).serialized())
        } else {
            print("\(h.name)\(shardText): \(outcome.simulated) replications simulated, \(outcome.alreadyStored) already stored; \(outcome.rows) rows in the database (\(ProgressBar.clock(seconds)))")
            let extra = sensitivity == nil ? [] : SensitivityOutput.fileNames
            print("Wrote \(out)/: " + ([SweepStore.fileName, "summary.csv", "replications.csv"] + extra + figures).joined(separator: ", "))
            print("content sha256 \(digest)")
            if let sensitivity { print("\n" + SensitivityOutput.summary(sensitivity), terminator: "") }
        }
        if outcome.interrupted || StopRequest.isRequested {
            Stderr.write("interrupted: every finished replication is stored; rerun the same command with --resume to finish.\n")
            throw ExitWith(code: StopRequest.exitCode)
        }
    }

    /// A new store in --out, or (with --resume) the one there after checking
    /// it belongs to this sweep and shard.
    private func openStore(plan: SweepPlan, shard: Shard?) throws -> SweepStore {
        var lock: FolderLock?
        defer { if let lock { SweepInput.keep(lock) } }
        let fm = FileManager.default
        let made = try SweepInput.claim(out, inputs: [sweep])
        lock = try SweepInput.lock(out)
        // What a kill -9 during the last run's final writes left.
        _ = OutputFolder.removeLeftovers(in: URL(fileURLWithPath: out))
        let path = (out as NSString).appendingPathComponent(SweepStore.fileName)
        if fm.fileExists(atPath: path) {
            guard resume else {
                throw SweepInput.fail("\(path) already exists: add --resume to continue it, or choose another --out")
            }
            let store: SweepStore
            do { store = try SweepStore.open(at: path) } catch { throw SweepInput.fail("--resume: \(error)") }
            if store.header.definitionSHA256 != plan.header.definitionSHA256 {
                throw SweepInput.fail("--resume: \(path) holds another sweep definition (\(store.header.definitionSHA256.prefix(12)) from \(store.header.sweepFile), now \(plan.header.definitionSHA256.prefix(12))): the sweep file or its base scenario changed since it was started. Restore them, or start afresh with another --out")
            }
            if store.shard != shard {
                let had = store.shard.map { "shard \($0)" } ?? "the whole sweep"
                let now = shard.map { "shard \($0)" } ?? "the whole sweep"
                throw SweepInput.fail("--resume: \(path) holds \(had), but this run asks for \(now)")
            }
            return store
        }
        // Built beside and renamed into place, so a store is never seen
        // without its definition.
        do {
            try SweepStore.createAtomically(at: path, header: plan.header, shard: shard, version: MusterVersion.current)
            return try SweepStore.open(at: path)
        } catch {
            lock = nil
            for folder in made { OutputFolder.removeIfEmpty(folder) }
            Stderr.write("error: \(error)\n")
            throw ExitWith(code: 3)
        }
    }
}

/// Reading a sweep file and its points, reporting problems as `validate` does.
enum SweepInput {
    static func plan(_ path: String, progress style: ProgressStyle = .hidden) throws -> SweepPlan {
        do {
            let file = try SweepFileReader.load(path: path)
            ProblemReport.warn(file.warnings)
            // Checking every point's scenario takes a while for a large
            // design: shown after a couple of seconds, on stderr.
            var bar: ProgressBar?
            let started = Date()
            defer { bar?.finish() }
            return try SweepPlan.make(file) { done, total in
                if bar == nil, done < total, Date().timeIntervalSince(started) > 2 {
                    bar = ProgressBar(total: total, label: "\(file.name): checking points", style: style)
                }
                bar?.update(done)
            }
        } catch {
            ProblemReport.write(error.issues)
            let n = error.issues.count
            Stderr.write("\(path): \(n) problem\(n == 1 ? "" : "s") found; nothing was run.\n")
            throw ExitWith(code: 2)
        }
    }

    /// Locks a sweep folder for this process, or reports who holds it.
    static func lock(_ folder: String) throws -> FolderLock {
        do { return try FolderLock.acquire(folder) } catch let busy as FolderLock.Busy {
            throw fail(busy.description)
        } catch {
            Stderr.write("error: \(error)\n")
            throw ExitWith(code: 3)
        }
    }

    /// Every file a sweep or merge may write into its folder.
    static var folderNames: [String] {
        let db = SweepStore.fileName
        return [db, db + "-wal", db + "-shm", db + "-journal", "summary.csv", "replications.csv"]
            + SensitivityOutput.fileNames + SweepFigures.outputNames
    }

    /// Claims a sweep or merge folder under the output-folder rule (new,
    /// empty, or Muster's: exit 2 naming the files otherwise); a folder of
    /// muster 0.3, before sweeps wrote the marker, is recognised by its
    /// database and names. Returns the folders created.
    static func claim(_ out: String, inputs: [String], shownAs label: String? = nil) throws -> [String] {
        let names = folderNames
        do {
            return try OutputFolder.claim(URL(fileURLWithPath: out), names: names, inputs: inputs,
                                          version: MusterVersion.current) { dir, entries in
                entries.contains(SweepStore.fileName) && SweepStore.looksLikeStore(dir.appendingPathComponent(SweepStore.fileName).path)
                    && entries.allSatisfy { names.contains($0) || $0.hasPrefix(".dat.nosync") || ($0.hasPrefix(".") && $0.contains(".tmp-")) }
            }
        } catch let error as OutputFolderError {
            Stderr.write("error: \(label ?? "--out \(out)"): \(error)\n")
            throw ExitWith(code: error.isResourceFailure ? 3 : 2)
        }
    }

    /// Locks taken are held until the process exits.
    nonisolated(unsafe) private static var held: [FolderLock] = []
    static func keep(_ lock: FolderLock) { held.append(lock) }

    /// Reports a bad-input problem and returns the exit to throw.
    static func fail(_ message: String) -> ExitWith {
        Stderr.write("error: \(message)\n")
        return ExitWith(code: 2)
    }
}
