import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Results are readable by the user who started the workbench only:
/// folders 0700, files 0600. The scratch root is made new (never an
/// existing folder another user could have prepared, or a link to one).
enum PrivateFolder {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A new folder with a random name in the system's temporary folder (mkdtemp: 0700, never reused).
    static func makeTemporary() throws(Failure) -> URL {
        var template = Array((FileManager.default.temporaryDirectory.path + "/muster-serve-XXXXXX").utf8CString)
        let made: String? = template.withUnsafeMutableBufferPointer { buffer in
            mkdtemp(buffer.baseAddress!).map { String(cString: $0) }
        }
        guard let made else {
            throw Failure(description: "cannot make a results folder in \(FileManager.default.temporaryDirectory.path): "
                          + String(cString: strerror(errno)))
        }
        return URL(fileURLWithPath: made, isDirectory: true)
    }

    /// `url` made as a new folder, 0700; refused when something is there already.
    static func makeNew(_ url: URL) throws(Failure) {
        guard mkdir(url.path, 0o700) == 0 else {
            throw Failure(description: "cannot make the results folder \(url.path): " + String(cString: strerror(errno))
                          + (errno == EEXIST ? " (the workbench makes its own, new folder)" : ""))
        }
    }

    /// `url` (a job's `view` folder), the job's folder and the visitor's, each 0700.
    static func makeInside(_ url: URL) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        for u in [url, url.deletingLastPathComponent(), url.deletingLastPathComponent().deletingLastPathComponent()] {
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: u.path)
        }
    }

    /// Writes `data` atomically, then makes the file its owner's only.
    static func write(_ data: Data, to url: URL) throws {
        try data.write(to: url, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
    }
}
