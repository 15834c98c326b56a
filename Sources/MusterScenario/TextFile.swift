import Foundation
import MusterEngine

/// Reading a whole scenario-side text file: a regular file of bounded size
/// (`RegularFile`), which must be UTF-8.
enum TextFile {
    static func read(_ path: String) -> Result<String, TextFileError> {
        switch RegularFile.read(path) {
        case .failure(let e): return .failure(TextFileError(reason: e.reason))
        case .success(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                return .failure(TextFileError(reason: "the file is not UTF-8 text"))
            }
            return .success(text)
        }
    }
}

/// Why a file could not be read.
struct TextFileError: Error {
    let reason: String
}

/// Path helpers without Foundation's URL round trips.
enum PathText {
    /// The folder of a path; "." for a bare file name.
    static func directory(of path: String) -> String {
        let d = (path as NSString).deletingLastPathComponent
        return d.isEmpty ? "." : d
    }

    /// The file name without folder and extension (the default scenario name).
    static func stem(of path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// `path` relative to `base` unless it is absolute; "./" is not added.
    static func resolve(_ path: String, against base: String) -> String {
        if path.hasPrefix("/") || base == "." || base.isEmpty { return path }
        return (base as NSString).appendingPathComponent(path)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
