import Foundation

/// Reading a whole input file with the operating system's reason on
/// failure ("No such file or directory").
///
/// Only regular files are read, and only up to `maxBytes`: a device such as
/// /dev/zero, a FIFO or a runaway file would otherwise hang or exhaust
/// memory.
public enum RegularFile {
    /// The largest input file read: 64 MiB (a layout of 50 million
    /// households in micro-grids of 50 is about 30 MB).
    public static let maxBytes = 64 << 20

    /// The file's bytes, or why they cannot be read.
    public static func read(_ path: String, maxBytes: Int = RegularFile.maxBytes) -> Result<[UInt8], RegularFileError> {
        // Opened without blocking so a FIFO with no writer cannot hang the
        // open itself; the type is then checked on the open descriptor.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            return .failure(RegularFileError(reason: String(cString: strerror(errno))))
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            return .failure(RegularFileError(reason: reason))
        }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else {
            close(fd)
            let what = type == S_IFDIR ? "a folder" : type == S_IFIFO ? "a FIFO (named pipe)"
                : type == S_IFCHR || type == S_IFBLK ? "a device" : type == S_IFSOCK ? "a socket" : "not a regular file"
            return .failure(RegularFileError(reason: "it is \(what), not a regular file"))
        }
        guard Int(info.st_size) <= maxBytes else {
            close(fd)
            return .failure(RegularFileError(reason: "it is \(info.st_size) bytes; input files may be at most \(maxBytes >> 20) MiB"))
        }
        guard let f = fdopen(fd, "rb") else {
            let reason = String(cString: strerror(errno))
            close(fd)
            return .failure(RegularFileError(reason: reason))
        }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
            if n > 0 { bytes += buffer[0..<n] }
            // A file growing while it is read stops at the cap too.
            if bytes.count > maxBytes {
                return .failure(RegularFileError(reason: "it is larger than \(maxBytes >> 20) MiB, the most an input file may be"))
            }
            if n < buffer.count {
                if ferror(f) != 0 { return .failure(RegularFileError(reason: String(cString: strerror(errno)))) }
                break
            }
        }
        return .success(bytes)
    }

    /// The file as `Data`, for readers of JSON and CSV outputs.
    public static func data(_ path: String, maxBytes: Int = RegularFile.maxBytes) -> Result<Data, RegularFileError> {
        read(path, maxBytes: maxBytes).map { Data($0) }
    }
}

/// Why a file could not be read.
public struct RegularFileError: Error, CustomStringConvertible {
    public let reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}
