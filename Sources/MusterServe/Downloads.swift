import Foundation
import MusterReport

/// What a finished job offers for download: every file of its folder one
/// by one, and the whole folder as one zip. The report, the figures and
/// the zip follow the page's choice of axes (`clock`), so what is
/// downloaded is what was on screen.
enum Downloads {
    /// The files of a job's folder (not `view/`), in name order.
    static func names(in folder: URL) -> [String] {
        let items = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return items.filter { name in
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isDir)
                && !isDir.boolValue && !name.hasPrefix(".")
        }.sorted()
    }

    /// The zip's name for a job.
    static func zipName(_ kind: RunJob.Kind) -> String { kind == .run ? "run.zip" : "comparison.zip" }

    /// A file as downloaded: its bytes, from `view/` when the page's axes
    /// or the lone report differ from the folder's.
    static func file(_ name: String, in folder: URL, clock: Bool) -> Data? {
        guard names(in: folder).contains(name) else { return nil }
        let view = folder.appendingPathComponent(RunWork.view)
        if name == RunReport.reportName {
            return try? Data(contentsOf: view.appendingPathComponent(clock ? "report-clock.html" : "report.html"))
        }
        if clock, name.hasSuffix(".svg"), let d = try? Data(contentsOf: view.appendingPathComponent("clock-" + name)) {
            return d
        }
        return try? Data(contentsOf: folder.appendingPathComponent(name))
    }

    /// The whole folder in one zip that opens into `folder/`; with `clock`,
    /// its figures and report have the page's clock-time axes. The report
    /// in the zip keeps its links to the figure files, which the zip holds.
    static func zip(_ folder: URL, kind: RunJob.Kind, id: String, clock: Bool) throws -> Data {
        let view = folder.appendingPathComponent(RunWork.view)
        var files: [(name: String, data: Data)] = []
        for name in names(in: folder) {
            var data = try Data(contentsOf: folder.appendingPathComponent(name))
            if clock {
                if name == RunReport.reportName, let d = try? Data(contentsOf: view.appendingPathComponent("clock-" + name)) {
                    data = d
                } else if name.hasSuffix(".svg"), let d = try? Data(contentsOf: view.appendingPathComponent("clock-" + name)) {
                    data = d
                }
            }
            files.append((name, data))
        }
        return try ZipArchive.make(files, folder: "muster-\(kind.rawValue)-\(id.prefix(8))")
    }

    /// The Content-Type of a download.
    static func type(_ name: String) -> String {
        switch (name as NSString).pathExtension {
        case "html": "text/html; charset=utf-8"
        case "json": "application/json"
        case "csv": "text/csv; charset=utf-8"
        case "svg": "image/svg+xml"
        case "zip": "application/zip"
        default: "application/yaml; charset=utf-8"
        }
    }
}
