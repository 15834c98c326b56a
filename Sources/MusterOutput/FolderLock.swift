import Foundation

/// An advisory lock (`flock`) on an output folder, held while a command
/// writes it: a second `muster run --out`, `sweep`, `merge` or `plot`
/// writing the same folder stops at once (exit 2, naming the first one's
/// process) instead of racing the first.
///
/// The lock file `.muster-lock` holds the owner's process id so the
/// refusal can name it; the kernel releases the lock when the process ends,
/// however it ends, so a stale file never blocks anyone. The file belongs
/// to every Muster folder (`OutputFolder` counts it as Muster's).
public final class FolderLock: @unchecked Sendable {
    public static let fileName = ".muster-lock"

    /// Why the lock could not be taken.
    public struct Busy: Error, CustomStringConvertible {
        public let folder: String
        public let pid: Int32?
        public var description: String {
            let who = pid.map { "another muster (process \($0))" } ?? "another muster process"
            return "\(folder) is being written by \(who); wait for it to finish, or write to another folder"
        }
    }

    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    deinit { close(fd) }

    /// Takes the lock on `folder` (which must exist) without waiting.
    public static func acquire(_ folder: String) throws -> FolderLock {
        let path = (folder as NSString).appendingPathComponent(fileName)
        // A writer that swaps the whole folder (run --out) moves the locked
        // file away with the old folder: retry on the file now in place.
        for _ in 0..<8 {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
            guard fd >= 0 else {
                let err = errno
                throw OutputFolderError.failed(path: path, reason: "cannot create the lock file: \(String(cString: strerror(err)))", errno: err)
            }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let err = errno
                var buffer = [UInt8](repeating: 0, count: 32)
                let n = read(fd, &buffer, buffer.count)
                close(fd)
                if err == EWOULDBLOCK {
                    let text = n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : ""
                    throw Busy(folder: folder, pid: Int32(text))
                }
                throw OutputFolderError.failed(path: path, reason: "cannot lock: \(String(cString: strerror(err)))", errno: err)
            }
            var held = stat(), now = stat()
            guard fstat(fd, &held) == 0, lstat(path, &now) == 0, held.st_ino == now.st_ino, held.st_dev == now.st_dev else {
                close(fd)
                continue
            }
            let pid = Array("\(getpid())\n".utf8)
            _ = ftruncate(fd, 0)
            _ = pwrite(fd, pid, pid.count, 0)
            return FolderLock(fd: fd)
        }
        throw Busy(folder: folder, pid: nil)
    }
}
