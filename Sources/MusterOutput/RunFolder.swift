import Foundation
import MusterEngine

/// The files of a run's output folder that the report reads, and reading
/// them from disk.
public enum RunFolder {
    public static let summary = "summary.json"
    public static let replications = "replications.csv"
    public static let coverage = "coverage.csv"
    public static let phases = "phases.csv"
    public static let histogram = "microgrid_done_histogram.csv"
    public static let parameters = "parameters.json"
    /// What it takes to reproduce the folder; written, not read by the report.
    public static let manifest = "manifest.json"

    /// Bottleneck attribution (`run --attribution`); read when present.
    public static let bottlenecks = "bottlenecks.csv"

    /// Every file `muster plot` needs, in the order they are checked.
    public static let inputs = [summary, replications, coverage, phases, histogram, parameters]

    /// Reads the input files of `dir`.
    ///
    /// Errors name the folder when it is missing or is not a run's output
    /// (no `summary.json`; the message lists what is there), and the file
    /// when one is missing or unreadable.
    public static func read(_ dir: URL, shownAs display: String) throws(ReportInputError) -> [String: Data] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: dir.path, isDirectory: &isDirectory) else {
            throw ReportInputError(file: display, message: "no such folder")
        }
        guard isDirectory.boolValue else {
            throw ReportInputError(file: display, message: "not a folder; give the folder that `muster run --out` wrote")
        }
        guard fm.fileExists(atPath: dir.appendingPathComponent(summary).path) else {
            let found = ((try? fm.contentsOfDirectory(atPath: dir.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            let listing = found.isEmpty ? "it is empty"
                : "it holds " + (found.count > 8 ? found.prefix(8).joined(separator: ", ") + " and \(found.count - 8) more"
                                                 : found.joined(separator: ", "))
            throw ReportInputError(file: display, message: "not a run's output folder: there is no \(summary) (\(listing)). "
                                   + "`muster plot` reads the folder written by `muster run SCENARIO --out DIR` "
                                   + "or by `muster sweep SWEEP --out DIR` (which holds sweep.sqlite)")
        }
        var files: [String: Data] = [:]
        for name in inputs {
            let url = dir.appendingPathComponent(name)
            let shown = display.hasSuffix("/") ? display + name : display + "/" + name
            guard fm.fileExists(atPath: url.path) else {
                throw ReportInputError(file: shown, message: "missing; the report needs \(inputs.joined(separator: ", ")). "
                                       + "Rerun the command in manifest.json with this muster to write them all")
            }
            switch RegularFile.data(url.path) {
            case .success(let data): files[name] = data
            case .failure(let error): throw ReportInputError(file: shown, message: "cannot be read (\(error.reason))")
            }
        }
        let extra = dir.appendingPathComponent(bottlenecks)
        if fm.fileExists(atPath: extra.path) {
            switch RegularFile.data(extra.path) {
            case .success(let data): files[bottlenecks] = data
            case .failure(let error):
                throw ReportInputError(file: display + "/" + bottlenecks, message: "cannot be read (\(error.reason))")
            }
        }
        return files
    }
}
