import Foundation

/// Why figures could not be written into a folder; the folder's previous
/// files are as they were.
public struct ReportWriteError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot write \(path): \(reason)" }
}

/// Replaces a set of files inside an existing folder all together: every
/// new file is first written in full under a hidden temporary name beside
/// its target, and only when all are written are they renamed into place
/// (a rename within a folder is atomic). A failure while writing removes
/// the temporaries and leaves every old file untouched, so a reader never
/// finds a half-written figure or a report from one run beside figures
/// from another.
enum StagedFiles {
    static func replace(_ files: [(name: String, data: Data)], in dir: URL, removing stale: [String]) throws(ReportWriteError) {
        let fm = FileManager.default
        let tag = "\(ProcessInfo.processInfo.processIdentifier)-\(String(UInt64.random(in: .min ... .max), radix: 16))"
        var staged: [(temp: URL, target: URL)] = []
        func discard() { for s in staged { try? fm.removeItem(at: s.temp) } }
        for f in files {
            let target = dir.appendingPathComponent(f.name)
            let temp = dir.appendingPathComponent(".\(f.name).tmp-\(tag)")
            do {
                try f.data.write(to: temp)
            } catch {
                try? fm.removeItem(at: temp)
                discard()
                throw ReportWriteError(path: target.path, reason: (error as NSError).localizedDescription)
            }
            staged.append((temp, target))
        }
        for (i, s) in staged.enumerated() {
            if rename(s.temp.path, s.target.path) != 0 {
                let reason = String(cString: strerror(errno))
                for rest in staged[i...] { try? fm.removeItem(at: rest.temp) }
                throw ReportWriteError(path: s.target.path, reason: reason)
            }
        }
        // Files of an earlier render that this one does not produce (PNGs
        // when the converter has gone) would no longer match the figures.
        let written = Set(files.map(\.name))
        for name in stale where !written.contains(name) {
            try? fm.removeItem(at: dir.appendingPathComponent(name))
        }
    }
}
