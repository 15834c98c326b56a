import Foundation

/// Why an output folder could not be written. The folder that was there
/// before is left as it was.
public enum OutputFolderError: Error, Equatable, CustomStringConvertible {
    /// A file name that is empty, absolute, has an empty, `.` or `..`
    /// component, or repeats another.
    case invalidFileName(String)
    /// The output path names something that is not a folder.
    case notADirectory(path: String)
    /// The folder may not be replaced: it holds files Muster did not write,
    /// or it is a place no output may go (the working folder, the home
    /// folder, a folder holding an input). The reason says which.
    case refused(path: String, reason: String)
    /// A file-system step failed. `errno` is the POSIX code when known.
    case failed(path: String, reason: String, errno: Int32 = 0)

    public var description: String {
        switch self {
        case .invalidFileName(let name): "invalid output file name '\(name)'"
        case .notADirectory(let path): "\(path) exists and is not a folder"
        case .refused(let path, let reason): "refusing to write \(path): \(reason)"
        case .failed(let path, let reason, _): "cannot write \(path): \(reason)"
        }
    }

    /// True for failures of the machine rather than of the request: a full
    /// disk, a quota, an I/O error. Those are internal errors (exit 3), not
    /// bad input.
    public var isResourceFailure: Bool {
        if case .failed(_, _, let code) = self { return [ENOSPC, EDQUOT, EIO, ENOMEM].contains(code) }
        return false
    }
}

/// Writes a run's output folder all at once, so a reader (or a resumed
/// sweep) never sees half of one run's files next to half of another's,
/// and never removes a file Muster did not write.
///
/// A folder is Muster's when it carries the marker file `.muster-output`
/// (written with every output folder, listing the files written), or,
/// for folders of Muster 0.1, a `manifest.json` naming a Muster version
/// and nothing but files Muster 0.1 wrote. Any other non-empty folder is
/// refused, as are the working folder and its parents, the home folder
/// and its parents, and any folder holding one of the run's input files.
public enum OutputFolder {
    /// The marker file that makes a folder Muster's to replace.
    public static let marker = ".muster-output"

    /// Names Muster 0.1 wrote into output folders (before the marker).
    /// A record of that release, spelled out on purpose: later renames of
    /// today's files must not widen what counts as a 0.1 folder.
    static let legacyNames: Set<String> = [
        "summary.json", "replications.csv", "coverage.csv", "phases.csv", "microgrid_done_histogram.csv",
        "parameters.json", "manifest.json", "report.html", "completion_cdf.csv", "differences.csv",
        "incident_close_cdf.csv", "incident_queue_series.csv", "incident_replications.csv", "incident_stations.csv",
    ]

    /// Writes `files` as the whole content of `dir`, replacing a previous
    /// Muster output folder there.
    ///
    /// Everything goes into a sibling `.NAME.tmp-<pid>-<random>` first; only
    /// then is an existing `dir` renamed aside to `.NAME.old-<pid>-<random>`,
    /// the new folder renamed into place and the old one removed. On any
    /// failure the temporary folder is removed and `dir` is as it was.
    /// Staging folders left by processes that died (`kill -9`) are removed
    /// first; SIGINT, SIGTERM and SIGHUP remove this write's staging folder
    /// before the process exits (`StagingCleanup`).
    /// Names may contain `/` to put a file in a subfolder (created as
    /// needed). Missing parent folders of `dir` are created.
    ///
    /// - Parameter inputs: files the run read (scenario, layout CSV,
    ///   baseline): the output may not be a folder that holds one.
    public static func write(files: [(name: String, data: Data)], to dir: URL, inputs: [String] = [],
                             version: String = "") throws {
        let fm = FileManager.default
        try validate(files.map(\.name))
        let (target, _) = try check(dir, inputs: inputs)
        let shown = dir.relativePath
        let base = target.lastPathComponent

        let parent = target.deletingLastPathComponent()
        let madeParents = try createParents(of: target)
        removeStaleStaging(in: parent, base: base)
        let tag = "\(ProcessInfo.processInfo.processIdentifier)-\(String(UInt64.random(in: .min ... .max), radix: 16))"
        let stem = stagingStem(base)
        let temp = parent.appendingPathComponent(".\(stem).tmp-\(tag)")
        let trash = parent.appendingPathComponent(".\(stem).old-\(tag)")
        // The folder is made (if new) and locked as a sweep's is, so two
        // writers of one folder never race their swaps: the second stops.
        var madeTarget = false
        if !fm.fileExists(atPath: target.path) {
            madeTarget = mkdir(target.path, 0o755) == 0
        }
        let ticket = StagingCleanup.shared.register(temp: temp.path, trash: trash.path, target: target.path,
                                                    made: madeTarget ? [target.path] + madeParents : [])
        defer { StagingCleanup.shared.unregister(ticket) }
        var lock: FolderLock?
        func undoMade() {
            lock = nil
            if madeTarget { removeIfEmpty(target.path) }
            for p in madeParents { removeIfEmpty(p) }
        }
        do {
            do { lock = try FolderLock.acquire(target.path) } catch let busy as FolderLock.Busy {
                throw OutputFolderError.refused(path: shown, reason: busy.description)
            }
            try checkOwned(target, shownAs: shown)
            try step(temp) { try fm.createDirectory(at: temp, withIntermediateDirectories: false) }
        } catch {
            undoMade()
            throw error
        }
        defer { withExtendedLifetime(lock) {} }

        do {
            let markerData = markerJSON(version: version, names: files.map(\.name))
            for file in files + [(name: marker, data: markerData)] {
                let url = temp.appendingPathComponent(file.name)
                if file.name.contains("/") {
                    let folder = url.deletingLastPathComponent()
                    try step(folder) { try fm.createDirectory(at: folder, withIntermediateDirectories: true) }
                }
                try step(target.appendingPathComponent(file.name)) { try file.data.write(to: url) }
            }
            // The swap runs under the cleanup lock, so a signal arriving in
            // the middle finds either the old folder or the new one in place;
            // a kill -9 between the renames leaves the old one in `trash`,
            // which the next write (or check) of this folder puts back first.
            try StagingCleanup.shared.critical {
                try step(target) { try fm.moveItem(at: target, to: trash) }
                do {
                    try step(target) { try fm.moveItem(at: temp, to: target) }
                } catch {
                    try? fm.moveItem(at: trash, to: target)
                    throw error
                }
            }
            // The new folder is in place; a leftover old copy is untidy,
            // not a failure of the write (the next write removes it).
            try? fm.removeItem(at: trash)
        } catch {
            try? fm.removeItem(at: temp)
            undoMade()
            throw error
        }
    }

    /// Creates the missing parents of `target`; returns those it made,
    /// deepest first, so a failed write can remove them again.
    static func createParents(of target: URL) throws -> [String] {
        var missing: [String] = []
        var p = target.deletingLastPathComponent().path
        while !p.isEmpty, p != "/", !FileManager.default.fileExists(atPath: p) {
            missing.append(p)
            p = (p as NSString).deletingLastPathComponent
        }
        for folder in missing.reversed() {
            if mkdir(folder, 0o755) != 0 && errno != EEXIST {
                let err = errno
                for made in missing where made != folder { removeIfEmpty(made) }
                throw OutputFolderError.failed(path: folder, reason: String(cString: strerror(err)), errno: err)
            }
        }
        return missing
    }

    /// Removes a folder that holds nothing (or only a lock file) Muster left.
    public static func removeIfEmpty(_ path: String) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? ["?"]
        if entries == [FolderLock.fileName] { unlink(path + "/" + FolderLock.fileName) }
        rmdir(path)
    }

    /// The part of a folder's name used in its staging siblings' names,
    /// short enough that `.STEM.tmp-PID-TAG` fits the 255-byte limit of a
    /// file name: long names are cut and given a hash of the whole name.
    static func stagingStem(_ base: String) -> String {
        if base.utf8.count <= 200 { return base }
        var cut = ""
        for ch in base where cut.utf8.count + String(ch).utf8.count <= 180 { cut.append(ch) }
        return cut + "~" + SHA256.hexDigest(Data(base.utf8)).prefix(12)
    }

    /// What a kill -9 between the two renames of a swap leaves: the folder
    /// absent and its previous version in `.NAME.old-PID-TAG` of a process
    /// that is gone. Puts the newest such copy back.
    static func restoreInterruptedSwap(_ target: URL) {
        let fm = FileManager.default
        var st = stat()
        guard lstat(target.path, &st) != 0, errno == ENOENT else { return }
        let parent = target.deletingLastPathComponent()
        guard let entries = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        let prefix = "." + stagingStem(target.lastPathComponent) + ".old-"
        let candidates = entries.filter { name in
            guard name.hasPrefix(prefix), let pid = stagingPid(name.dropFirst(prefix.count)) else { return false }
            return kill(pid, 0) != 0 && errno == ESRCH
        }
        func modified(_ name: String) -> Date {
            ((try? fm.attributesOfItem(atPath: parent.appendingPathComponent(name).path))?[.modificationDate] as? Date) ?? .distantPast
        }
        guard let newest = candidates.max(by: { modified($0) < modified($1) }) else { return }
        _ = rename(parent.appendingPathComponent(newest).path, target.path)
    }

    /// The process id of a staging name's `PID-TAG` tail, if it is one.
    private static func stagingPid(_ rest: Substring) -> Int32? {
        let parts = rest.split(separator: "-")
        guard parts.count == 2, let pid = Int32(parts[0]), UInt64(parts[1], radix: 16) != nil else { return nil }
        return pid
    }

    /// Checks, before any work is done, that `dir` may receive an output:
    /// the refusals of `write` without writing anything. Returns the
    /// resolved folder and whether it exists.
    @discardableResult
    public static func check(_ dir: URL, inputs: [String] = []) throws -> (target: URL, exists: Bool) {
        try check(dir, inputs: inputs, owned: true)
    }

    /// `check`; with `owned` false the folder's content is not judged
    /// (`claim` judges it by its own rule).
    static func check(_ dir: URL, inputs: [String], owned: Bool) throws -> (target: URL, exists: Bool) {
        let fm = FileManager.default
        guard !dir.path.isEmpty, !dir.relativePath.isEmpty else {
            throw OutputFolderError.refused(path: "''", reason: "the output folder is empty text; name a new folder such as results/run1")
        }
        let target = URL(fileURLWithPath: PathResolution.resolved(dir.path))
        let base = target.lastPathComponent
        guard !base.isEmpty, base != "/", base != ".", base != ".." else {
            throw OutputFolderError.refused(path: dir.relativePath, reason: "the file-system root cannot be an output folder")
        }
        try refuseProtectedPlaces(target, shownAs: dir.relativePath, inputs: inputs)
        restoreInterruptedSwap(target)
        if (try? fm.destinationOfSymbolicLink(atPath: dir.path)) != nil {
            throw OutputFolderError.refused(path: dir.relativePath, reason: "it is a symbolic link; give the folder it points to, or a new folder")
        }
        var isDirectory: ObjCBool = false
        let existed = fm.fileExists(atPath: target.path, isDirectory: &isDirectory)
        if existed && !isDirectory.boolValue { throw OutputFolderError.notADirectory(path: dir.relativePath) }
        if existed && owned { try checkOwned(target, shownAs: dir.relativePath) }
        return (target, existed)
    }

    /// The marker's bytes: which program wrote the folder and the files in it.
    static func markerJSON(version: String, names: [String]) -> Data {
        let tops = Array(Set(names.map { String($0.split(separator: "/").first ?? "") })).sorted()
        let json: JSONValue = .object([("written_by", .string("muster")), ("muster_version", .string(version)),
                                       ("files", .array(tops.map { .string($0) }))])
        return Data((json.serialized() + "\n").utf8)
    }

    /// Throws unless `dir` is empty or every entry in it is Muster's.
    static func checkOwned(_ dir: URL, shownAs shown: String) throws {
        let fm = FileManager.default
        let all = try contents(dir, shownAs: shown)
        let entries = all.filter { $0 != FolderLock.fileName }
        if entries.isEmpty { return }
        let owned: Set<String>
        if let listed = markedFiles(dir) {
            owned = listed.union([marker])
        } else if isLegacyOutput(dir) {
            owned = legacyNames
        } else {
            throw OutputFolderError.refused(path: shown, reason: "it holds files Muster did not write (\(listing(entries))); "
                                            + "Muster replaces only folders it wrote. Choose a new folder, or remove this one yourself")
        }
        let foreign = entries.filter { !owned.contains($0) && !isFigure($0, in: owned) }
        if !foreign.isEmpty {
            throw OutputFolderError.refused(path: shown, reason: "besides Muster's output it holds \(listing(foreign)), which Muster did not write; "
                                            + "move them elsewhere, or choose a new folder")
        }
    }

    static func contents(_ dir: URL, shownAs shown: String) throws -> [String] {
        do { return try FileManager.default.contentsOfDirectory(atPath: dir.path) } catch {
            throw OutputFolderError.failed(path: shown, reason: reason(error), errno: posixCode(error))
        }
    }

    /// Figures (`*.svg`, `*.png`) of a 0.1 folder; 0.2 lists every file in the marker.
    private static func isFigure(_ name: String, in owned: Set<String>) -> Bool {
        owned == legacyNames && (name.hasSuffix(".svg") || name.hasSuffix(".png"))
    }

    /// The files a marker lists, or nil when there is no valid marker.
    static func markedFiles(_ dir: URL) -> Set<String>? {
        let url = dir.appendingPathComponent(marker)
        guard let data = smallRegularFile(url),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              object["written_by"] as? String == "muster",
              let files = object["files"] as? [String] else { return nil }
        return Set(files)
    }

    /// A 0.1 output folder: a manifest naming a Muster version.
    static func isLegacyOutput(_ dir: URL) -> Bool {
        guard let data = smallRegularFile(dir.appendingPathComponent("manifest.json")),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return false }
        return object["muster_version"] is String
    }

    private static func smallRegularFile(_ url: URL) -> Data? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = attributes[.size] as? Int, size < 1 << 20 else { return nil }
        return try? Data(contentsOf: url)
    }

    static func listing(_ names: [String]) -> String {
        let sorted = names.sorted()
        return sorted.count > 6 ? sorted.prefix(6).joined(separator: ", ") + " and \(sorted.count - 6) more"
                                : sorted.joined(separator: ", ")
    }

    /// The working folder, the home folder, their parents, and any folder
    /// holding an input are never replaced: each would take the user's
    /// other files with it.
    private static func refuseProtectedPlaces(_ target: URL, shownAs shown: String, inputs: [String]) throws {
        let t = target.path
        func contains(_ folder: String, _ path: String) -> Bool {
            folder == "/" || path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
        }
        let cwd = PathResolution.resolved(FileManager.default.currentDirectoryPath)
        if contains(t, cwd) {
            throw OutputFolderError.refused(path: shown, reason: "it is the current folder or one of its parents; name a new folder such as results/run1")
        }
        let home = PathResolution.resolved(NSHomeDirectory())
        if !home.isEmpty, contains(t, home) {
            throw OutputFolderError.refused(path: shown, reason: "it is the home folder or one of its parents; name a new folder inside it")
        }
        for input in inputs where !input.isEmpty {
            let resolved = PathResolution.resolved(input)
            if contains(t, resolved) {
                throw OutputFolderError.refused(path: shown, reason: "it holds the input \(input); write outputs to a folder of their own")
            }
        }
    }

    /// Removes `.NAME.tmp-PID-…` and `.NAME.old-PID-…` siblings whose
    /// process is gone: what a `kill -9` during an earlier write left.
    static func removeStaleStaging(in parent: URL, base: String) {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        for name in entries {
            for kind in [".tmp-", ".old-"] {
                let prefix = "." + stagingStem(base) + kind
                guard name.hasPrefix(prefix), let pid = stagingPid(name.dropFirst(prefix.count)) else { continue }
                if kill(pid, 0) != 0 && errno == ESRCH {
                    try? fm.removeItem(at: parent.appendingPathComponent(name))
                }
            }
        }
    }

    static func validate(_ names: [String]) throws {
        var seen = Set<String>()
        for name in names {
            let parts = name.split(separator: "/", omittingEmptySubsequences: false)
            guard !name.hasPrefix("/"), parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }),
                  name != marker, seen.insert(name).inserted
            else { throw OutputFolderError.invalidFileName(name) }
        }
    }

    /// Runs one file-system step, naming the path in any error it throws.
    private static func step(_ url: URL, _ body: () throws -> Void) throws {
        do { try body() } catch let error as OutputFolderError {
            throw error
        } catch {
            throw OutputFolderError.failed(path: url.path, reason: reason(error), errno: posixCode(error))
        }
    }

    private static func posixCode(_ error: Error) -> Int32 {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(underlying.code)
        }
        if ns.domain == NSPOSIXErrorDomain { return Int32(ns.code) }
        // Foundation on Linux reports a full disk as a Cocoa write error
        // without the POSIX code; the message still carries it.
        if ns.domain == NSCocoaErrorDomain, ns.code == NSFileWriteOutOfSpaceError { return ENOSPC }
        return 0
    }

    private static func reason(_ error: Error) -> String {
        let code = posixCode(error)
        if code != 0, let message = strerror(code) { return String(cString: message) }
        return (error as NSError).localizedDescription
    }
}

/// Paths made absolute and free of `.`, `..` and symbolic links in their
/// existing part, so that two spellings of one folder compare equal.
public enum PathResolution {
    public static func resolved(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let standard = (absolute as NSString).standardizingPath
        // realpath() needs the path to exist: resolve the longest existing
        // prefix and append the rest.
        var head = standard
        var tail: [String] = []
        while head != "/" && !head.isEmpty {
            if let real = realpath(head, nil) {
                defer { free(real) }
                let r = String(cString: real)
                return tail.isEmpty ? r : (r as NSString).appendingPathComponent(tail.reversed().joined(separator: "/"))
            }
            tail.append((head as NSString).lastPathComponent)
            head = (head as NSString).deletingLastPathComponent
        }
        return standard
    }
}

/// Staging folders of writes in progress, removed when SIGINT, SIGTERM or
/// SIGHUP ends the process, so an interrupted `--out` leaves nothing behind.
public final class StagingCleanup: @unchecked Sendable {
    public static let shared = StagingCleanup()

    private struct Entry { var temp: String; var trash: String; var target: String; var made: [String] = [] }
    private let lock = NSLock()
    private var entries: [Int: Entry] = [:]
    private var next = 0
    private var groups: [Int: [Int]] = [:]

    /// `made`: folders this write created (the target first, then its
    /// parents, deepest first), removed at exit while still empty.
    func register(temp: String, trash: String, target: String, made: [String] = []) -> Int {
        lock.lock(); defer { lock.unlock() }
        next += 1
        entries[next] = Entry(temp: temp, trash: trash, target: target, made: made)
        return next
    }

    /// Registers temporary files (a database built beside its target) to
    /// remove if a signal ends the process; returns a ticket for `unregister`.
    public func registerTemporary(_ paths: [String]) -> Int {
        lock.lock(); defer { lock.unlock() }
        for p in paths {
            next += 1
            entries[next] = Entry(temp: p, trash: "", target: "")
        }
        next += 1
        groups[next] = Array(next - paths.count ..< next)
        return next
    }

    public func unregister(_ ticket: Int) {
        lock.lock(); defer { lock.unlock() }
        for t in groups.removeValue(forKey: ticket) ?? [] { entries[t] = nil }
        entries[ticket] = nil
    }

    func critical<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock(); defer { lock.unlock() }
        return try body()
    }

    /// Removes every registered staging folder; an old folder moved aside
    /// whose replacement is not in place is moved back. Called by the
    /// signal handler; holds the lock so no swap is half done. The lock is
    /// kept: the process is about to exit.
    public func cleanUpForExit() {
        lock.lock()
        let fm = FileManager.default
        for e in entries.values {
            try? fm.removeItem(atPath: e.temp)
            if !e.trash.isEmpty, fm.fileExists(atPath: e.trash) {
                if fm.fileExists(atPath: e.target) { try? fm.removeItem(atPath: e.trash) }
                else { try? fm.moveItem(atPath: e.trash, toPath: e.target) }
            } else {
                for folder in e.made { OutputFolder.removeIfEmpty(folder) }
            }
        }
        entries = [:]
    }
}
