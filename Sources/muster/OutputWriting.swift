import Foundation
import MusterOutput

/// Writes an output folder for a command and maps failures to exit codes:
/// a folder Muster may not replace, or cannot write for lack of
/// permission, is bad input (2); a full disk or an I/O error is an
/// internal error (3).
enum OutputWriting {
    /// Refuses an unusable `--out` before any simulation is spent on it.
    static func preflight(_ dir: String?, inputs: [String]) throws {
        guard let dir else { return }
        // URL(fileURLWithPath: "") is the current folder: refuse the empty
        // text itself, which is most often an unset shell variable.
        if dir.trimmingCharacters(in: .whitespaces).isEmpty {
            Stderr.write("error: --out '\(dir)': refusing an empty output folder (an unset variable?); name a new folder such as results/run1\n")
            throw ExitWith(code: 2)
        }
        do {
            try OutputFolder.check(URL(fileURLWithPath: dir), inputs: inputs)
        } catch {
            Stderr.write("error: --out \(dir): \(error)\n")
            throw ExitWith(code: 2)
        }
    }

    static func write(_ files: [(name: String, data: Data)], to dir: String, inputs: [String]) throws {
        do {
            try OutputFolder.write(files: files, to: URL(fileURLWithPath: dir), inputs: inputs,
                                   version: MusterVersion.current)
        } catch let error as OutputFolderError {
            Stderr.write("error: --out \(dir): \(error)\n")
            throw ExitWith(code: error.isResourceFailure ? 3 : 2)
        } catch {
            Stderr.write("error: --out \(dir): \(error)\n")
            throw ExitWith(code: 3)
        }
    }
}
