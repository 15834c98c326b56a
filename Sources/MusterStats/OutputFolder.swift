import Foundation

/// Why an output folder could not be written. The folder that was there
/// before is left as it was.
public enum OutputFolderError: Error, Equatable, CustomStringConvertible {
    /// A file name that is empty, absolute, has an empty, `.` or `..`
    /// component, or repeats another.
    case invalidFileName(String)
    /// The output path names something that is not a folder.
    case notADirectory(path: String)
    /// A file-system step failed.
    case failed(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidFileName(let name): "invalid output file name '\(name)'"
        case .notADirectory(let path): "\(path) exists and is not a folder"
        case .failed(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}

/// Writes a run's output folder all at once, so a reader (or a resumed
/// sweep) never sees half of one run's files next to half of another's.
public enum OutputFolder {
    /// Writes `files` as the whole content of `dir`, replacing any folder
    /// there.
    ///
    /// Everything goes into a sibling `.NAME.tmp-<pid>-<random>` first; only
    /// then is an existing `dir` renamed aside to `.NAME.old-<pid>-<random>`,
    /// the new folder renamed into place and the old one removed. On any
    /// failure the temporary folder is removed and `dir` is as it was.
    /// Names may contain `/` to put a file in a subfolder (created as
    /// needed). Missing parent folders of `dir` are created.
    public static func write(files: [(name: String, data: Data)], to dir: URL) throws {
        let fm = FileManager.default
        try validate(files.map(\.name))
        let target = dir.absoluteURL.standardizedFileURL
        let base = target.lastPathComponent
        guard !base.isEmpty, base != "/", base != ".", base != ".." else {
            throw OutputFolderError.notADirectory(path: dir.path)
        }
        var isDirectory: ObjCBool = false
        let existed = fm.fileExists(atPath: target.path, isDirectory: &isDirectory)
        if existed && !isDirectory.boolValue { throw OutputFolderError.notADirectory(path: target.path) }

        let parent = target.deletingLastPathComponent()
        try step(parent) { try fm.createDirectory(at: parent, withIntermediateDirectories: true) }
        let tag = "\(ProcessInfo.processInfo.processIdentifier)-\(String(UInt64.random(in: .min ... .max), radix: 16))"
        let temp = parent.appendingPathComponent(".\(base).tmp-\(tag)")
        try step(temp) { try fm.createDirectory(at: temp, withIntermediateDirectories: false) }

        do {
            for file in files {
                let url = temp.appendingPathComponent(file.name)
                if file.name.contains("/") {
                    let folder = url.deletingLastPathComponent()
                    try step(folder) { try fm.createDirectory(at: folder, withIntermediateDirectories: true) }
                }
                try step(target.appendingPathComponent(file.name)) { try file.data.write(to: url) }
            }
            if existed {
                let trash = parent.appendingPathComponent(".\(base).old-\(tag)")
                try step(target) { try fm.moveItem(at: target, to: trash) }
                do {
                    try step(target) { try fm.moveItem(at: temp, to: target) }
                } catch {
                    try? fm.moveItem(at: trash, to: target)
                    throw error
                }
                // The new folder is in place; a leftover old copy is untidy,
                // not a failure of the write.
                try? fm.removeItem(at: trash)
            } else {
                try step(target) { try fm.moveItem(at: temp, to: target) }
            }
        } catch {
            try? fm.removeItem(at: temp)
            throw error
        }
    }

    private static func validate(_ names: [String]) throws {
        var seen = Set<String>()
        for name in names {
            let parts = name.split(separator: "/", omittingEmptySubsequences: false)
            guard !name.hasPrefix("/"), parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }),
                  seen.insert(name).inserted
            else { throw OutputFolderError.invalidFileName(name) }
        }
    }

    /// Runs one file-system step, naming the path in any error it throws.
    private static func step(_ url: URL, _ body: () throws -> Void) throws {
        do { try body() } catch let error as OutputFolderError {
            throw error
        } catch {
            throw OutputFolderError.failed(path: url.path, reason: reason(error))
        }
    }

    private static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain, let message = strerror(Int32(underlying.code)) {
            return String(cString: message)
        }
        return ns.localizedDescription
    }
}
