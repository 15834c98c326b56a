import Foundation
import Testing

/// docs/reference/commands.md names every file `muster sweep` and
/// `muster merge` leave in their folder: the folders are listed after real
/// runs (a grid design and a sobol design, each whole and as shards merged),
/// so a new output file fails here until the page names it.
@Suite struct DocumentedFilesTests {
    static let grid = """
    scenario: s.yaml
    axes:
      team.volunteers: [0, 2]
      field.not_home: [0.1, 0.2]
    replications: 2

    """

    static let sobol = """
    scenario: s.yaml
    design: {type: sobol, n: 2}
    axes:
      team.volunteer_speed: {from: 0.5, to: 1.5}
      field.not_home: {from: 0.05, to: 0.3}
    replications: 2

    """

    /// The section of commands.md about `muster NAME`, up to the next command.
    static func section(_ name: String) throws -> String {
        let page = try String(contentsOf: CLI.packageRoot.appendingPathComponent("docs/reference/commands.md"), encoding: .utf8)
        let parts = page.components(separatedBy: "\n## ")
        return try #require(parts.first { $0.hasPrefix("muster \(name)\n") }, "no section muster \(name)")
    }

    /// Files in `folder`, sqlite's transient journals aside.
    static func files(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") && !$0.hasSuffix("-journal") }.sorted()
    }

    /// Whether `section` names `file`, directly or as `stem.svg` with a
    /// note that a PNG comes beside each figure.
    static func names(_ section: String, _ file: String) -> Bool {
        if section.contains("`\(file)`") { return true }
        guard file.hasSuffix(".png") else { return false }
        let svg = String(file.dropLast(4)) + ".svg"
        return section.contains("`\(svg)`") && section.contains("`.png`")
    }

    @Test(arguments: ["grid", "sobol"])
    func sweepAndMergeWriteOnlyDocumentedFiles(_ design: String) throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try CLI.writeScenario(CLI.smallScenario, in: dir)
        let path = try CLI.writeScenario(design == "grid" ? Self.grid : Self.sobol, in: dir, name: "sweep.yaml")
        let whole = dir.appendingPathComponent("whole")
        let r = try CLI.run(["sweep", path, "--out", whole.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        var shards: [String] = []
        for k in 1...2 {
            let o = dir.appendingPathComponent("shard-\(k)").path
            let s = try CLI.run(["sweep", path, "--out", o, "--shard", "\(k)/2", "--quiet"])
            #expect(s.status == 0, "\(s.stderr)")
            shards.append(o)
        }
        let merged = dir.appendingPathComponent("merged")
        let m = try CLI.run(["merge"] + shards + ["--out", merged.path])
        #expect(m.status == 0, "\(m.stderr)")

        let sweepSection = try Self.section("sweep"), mergeSection = try Self.section("merge")
        for (command, section, folder) in [("sweep", sweepSection, whole), ("sweep --shard", sweepSection, URL(fileURLWithPath: shards[0])),
                                           ("merge", mergeSection, merged)] {
            let written = try Self.files(folder)
            #expect(written.contains("sweep.sqlite"), "\(command) wrote \(written)")
            for file in written {
                #expect(Self.names(section, file),
                        "`muster \(command)` wrote \(file), which docs/reference/commands.md's section on muster \(command.split(separator: " ")[0]) does not name")
            }
        }
    }
}
