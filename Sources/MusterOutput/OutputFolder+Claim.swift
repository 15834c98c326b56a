import Foundation

extension OutputFolder {
    /// Makes `dir` a folder Muster may write `names` into, one file at a
    /// time (a sweep's database and tables, a merge's, `plot`'s figures),
    /// rather than replacing it whole as `write` does.
    ///
    /// The rule is `write`'s: the folder must be new, empty, or Muster's —
    /// it carries the marker, or is a Muster 0.1 folder, or `legacy` says
    /// it is one Muster wrote before the marker (a 0.3 sweep folder), or
    /// it holds only other Muster output folders (the shards of a sweep
    /// merged into their parent). A file of `names` that exists and is not
    /// Muster's is refused, naming it; other files are left alone. The
    /// places `write` refuses (the working folder, the home folder, a
    /// folder holding an input, a symbolic link) are refused too. Missing
    /// folders are created; the marker then lists `names` as well.
    ///
    /// - Returns: the folders created (deepest first), for the caller to
    ///   remove again with `removeIfEmpty` if it fails before writing.
    @discardableResult
    public static func claim(_ dir: URL, names: [String], inputs: [String] = [], version: String,
                             legacy: (URL, [String]) -> Bool = { _, _ in false }) throws -> [String] {
        try validate(names)
        if dir.path.trimmingCharacters(in: .whitespaces).isEmpty || dir.relativePath.isEmpty {
            throw OutputFolderError.refused(path: "''", reason: "the output folder is empty text; name a new folder such as results/run1")
        }
        let (target, exists) = try check(dir, inputs: inputs, owned: false)
        let shown = dir.relativePath
        var made: [String] = []
        var listed: Set<String> = []
        if exists {
            let entries = try contents(target, shownAs: shown).filter { $0 != FolderLock.fileName && $0 != marker }
            // A 0.1 folder: its manifest, and nothing but what 0.1 wrote.
            let oldRun = isLegacyOutput(target)
                && entries.allSatisfy { legacyNames.contains($0) || $0.hasSuffix(".svg") || $0.hasSuffix(".png") }
            if let marked = markedFiles(target) {
                listed = marked
            } else if entries.isEmpty || oldRun || legacy(target, entries) {
                listed = oldRun ? legacyNames : []
            } else if !entries.allSatisfy({ isMusterSubfolder(target.appendingPathComponent($0), legacy) || isSlurmLog($0) }) {
                let foreign = entries.filter { !isMusterSubfolder(target.appendingPathComponent($0), legacy) && !isSlurmLog($0) }
                throw OutputFolderError.refused(path: shown, reason: "it holds files Muster did not write (\(listing(foreign))); "
                                                + "Muster writes only into folders it made. Choose a new folder, or remove these files yourself")
            }
            let unmarked = markedFiles(target) == nil && !oldRun && legacy(target, entries)
            let foreign = names.filter { name in
                entries.contains(name) && !listed.contains(name) && !unmarked
                    && !(listed == legacyNames && (name.hasSuffix(".svg") || name.hasSuffix(".png")))
            }
            if !foreign.isEmpty {
                throw OutputFolderError.refused(path: shown, reason: "it holds \(listing(foreign)), which Muster did not write and would replace; "
                                                + "move them elsewhere, or choose a new folder")
            }
            if unmarked { listed.formUnion(entries) }
        } else {
            made = try createParents(of: target)
            if mkdir(target.path, 0o755) != 0 && errno != EEXIST {
                let err = errno
                for p in made { removeIfEmpty(p) }
                throw OutputFolderError.failed(path: shown, reason: String(cString: strerror(err)), errno: err)
            }
            made.insert(target.path, at: 0)
        }
        let all = listed.union(names)
        if all != markedFiles(target) {
            do { try writeMarker(in: target, version: version, names: Array(all)) } catch {
                for p in made { removeIfEmpty(p) }
                throw error
            }
        }
        return made
    }

    /// Slurm's job logs, which scripts/slurm/submit.sh puts beside the
    /// shard folders it merges into: no name Muster writes is `slurm-*.log`,
    /// so they stay as they are and do not make the folder foreign.
    private static func isSlurmLog(_ name: String) -> Bool {
        name.hasPrefix("slurm-") && name.hasSuffix(".log") && !name.contains("/")
    }

    private static func isMusterSubfolder(_ dir: URL, _ legacy: (URL, [String]) -> Bool) -> Bool {
        isMusterFolder(dir) || legacy(dir, (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
    }

    /// True for a folder Muster wrote: it carries the marker, or is a 0.1 run.
    public static func isMusterFolder(_ dir: URL) -> Bool {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else { return false }
        return markedFiles(dir) != nil || isLegacyOutput(dir)
    }

    /// Names of what an interrupted write leaves in a folder: Foundation's
    /// atomic-write temporaries (`.dat.nosync…`) and Muster's staged files
    /// (`.NAME.tmp-…`). Only called on a folder its caller has locked.
    public static func removeLeftovers(in dir: URL) -> [String] {
        let fm = FileManager.default
        let entries = (try? fm.contentsOfDirectory(atPath: dir.path)) ?? []
        let leftovers = entries.filter { $0.hasPrefix(".dat.nosync") || ($0.hasPrefix(".") && $0.contains(".tmp-")) }
        for name in leftovers { try? fm.removeItem(at: dir.appendingPathComponent(name)) }
        return leftovers
    }

    /// Writes the marker atomically (temporary file renamed into place).
    static func writeMarker(in dir: URL, version: String, names: [String]) throws {
        let url = dir.appendingPathComponent(marker)
        let temp = dir.appendingPathComponent(".\(marker).tmp-\(getpid())-\(String(UInt64.random(in: .min ... .max), radix: 16))")
        do {
            try markerJSON(version: version, names: names).write(to: temp)
            guard rename(temp.path, url.path) == 0 else {
                let err = errno
                throw OutputFolderError.failed(path: url.path, reason: String(cString: strerror(err)), errno: err)
            }
        } catch let e as OutputFolderError {
            try? FileManager.default.removeItem(at: temp)
            throw e
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw OutputFolderError.failed(path: url.path, reason: (error as NSError).localizedDescription)
        }
    }
}
