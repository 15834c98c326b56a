import Foundation
import MusterScenario

/// The scenarios folder: the files a visitor may pick, and the one rule
/// for every path a request names — it must stay inside that folder.
struct ScenarioShelf: Sendable {
    let folder: URL

    /// Scenario files directly in the folder (`*.yaml`, `*.yml`), sorted.
    func names() -> [String] {
        let items = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return items.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The scenarios the workbench runs: every file but those with incident
    /// streams (`muster run` runs those, with their own figures). A file
    /// that does not load stays listed, so its problems can be seen.
    func offered() -> [String] {
        names().filter { name in
            guard let text = text(of: name),
                  let d = try? ScenarioLoader.loadDocument(yaml: text, file: name, baseDirectory: folder.path) else { return true }
            return !d.simulates(.incidents)
        }
    }

    /// The text of a listed scenario; nil for any name that is not one of
    /// `names()` (so `../x`, absolute paths and links out are refused).
    func text(of name: String) -> String? {
        guard Self.isPlainName(name), names().contains(name) else { return nil }
        let url = folder.appendingPathComponent(name)
        guard contains(url.path) else { return nil }
        return try? String(contentsOf: url, encoding: .utf8)
    }

    /// Whether `path` (relative to the folder, or absolute) resolves,
    /// symbolic links followed, to a place inside the folder.
    func contains(_ path: String, relativeTo base: URL? = nil) -> Bool {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path)
            : (base ?? folder).appendingPathComponent(path)
        let resolved = url.standardizedFileURL.resolvingSymlinksInPath().path
        let root = folder.resolvingSymlinksInPath().path
        return resolved.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    /// A file name with no folder part and nothing hidden.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 200 && !name.contains("/") && !name.contains("\\")
            && !name.hasPrefix(".") && !name.contains("\0")
    }
}
