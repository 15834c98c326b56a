import Foundation
import Testing
import MusterModel
@testable import MusterOutput

@Suite struct OutputFolderTests {
    /// A fresh folder for one test, removed afterwards by the caller.
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("muster-stats-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func contents(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    @Test func writesAllFilesIntoANewFolder() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("nested/run")
        try OutputFolder.write(files: [("a.json", Data("{}".utf8)), ("b.csv", Data("x\n".utf8)),
                                       ("figures/c.svg", Data("<svg/>".utf8))], to: out)
        #expect(try Self.contents(out) == [OutputFolder.marker, "a.json", "b.csv", "figures"])
        #expect(try String(contentsOf: out.appendingPathComponent("b.csv"), encoding: .utf8) == "x\n")
        #expect(try Self.contents(root.appendingPathComponent("nested")) == ["run"])
    }

    @Test func replacesAnExistingFolderAndLeavesNoTemporaries() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("run")
        try OutputFolder.write(files: [("old.txt", Data("old".utf8)), ("same.txt", Data("1".utf8))], to: out)
        try OutputFolder.write(files: [("same.txt", Data("2".utf8))], to: out)
        #expect(try Self.contents(out) == [OutputFolder.marker, "same.txt"])
        #expect(try String(contentsOf: out.appendingPathComponent("same.txt"), encoding: .utf8) == "2")
        #expect(try Self.contents(root) == ["run"])
    }

    @Test func aFailedWriteLeavesThePreviousFolderUntouched() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("run")
        try OutputFolder.write(files: [("keep.txt", Data("before".utf8))], to: out)

        // Rejected up front: a name that climbs out of the folder.
        #expect(throws: OutputFolderError.invalidFileName("../escape.txt")) {
            try OutputFolder.write(files: [("new.txt", Data()), ("../escape.txt", Data())], to: out)
        }
        // Fails half-way, after the first file is written: a name longer
        // than any file system allows.
        let tooLong = String(repeating: "x", count: 300)
        #expect(throws: OutputFolderError.self) {
            try OutputFolder.write(files: [("new.txt", Data("after".utf8)), (tooLong, Data())], to: out)
        }
        // The folder's lock (`.muster-lock`, exit-codes.md) may stay: it is
        // Muster's, holds nothing, and the next writer takes it again.
        let left = try Self.contents(out).filter { $0 != FolderLock.fileName }
        #expect(left == [OutputFolder.marker, "keep.txt"], "\(left)")
        #expect(try String(contentsOf: out.appendingPathComponent("keep.txt"), encoding: .utf8) == "before")
        #expect(try Self.contents(root) == ["run"])
    }

    @Test func refusesToReplaceAFile() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("run")
        try Data("mine".utf8).write(to: out)
        #expect(throws: OutputFolderError.notADirectory(path: out.path)) {
            try OutputFolder.write(files: [("a", Data())], to: out)
        }
        #expect(try Data(contentsOf: out) == Data("mine".utf8))
    }
}

@Suite struct ManifestTests {
    @Test func sha256KnownAnswers() {
        // FIPS 180-2 appendix B vectors, and the empty message.
        #expect(SHA256.hexDigest(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hexDigest(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hexDigest(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hexDigest(Data(repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func manifestKeysAndValues() throws {
        let m = Manifest(version: "0.1.0", scenario: "beilun", scenarioFile: "scenarios/beilun.yaml",
                         scenarioBytes: Data("abc".utf8), seed: 42, replications: 10, modes: [.tiered, .p2p],
                         overrides: ["team.members=4"], threads: 2, commandLine: ["muster", "run", "x.yaml"],
                         created: Date(timeIntervalSince1970: 1_717_234_200))
        let json = m.json
        #expect(json.keys == ["muster_version", "scenario", "scenario_file", "scenario_sha256", "seed", "replications",
                              "modes", "overrides", "threads", "command_line", "created"])
        #expect(json["scenario_sha256"] == .string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
        #expect(json["modes"] == .array([.string("tiered"), .string("p2p")]))
        // 1 717 234 200 s = 2024-06-01 09:30:00 UTC.
        #expect(json["created"] == .string("2024-06-01T09:30:00Z"))
        _ = try JSONSerialization.jsonObject(with: json.fileData)
    }
}

/// The marker decides what `OutputFolder` may replace.
@Suite struct OutputFolderOwnershipTests {
    static func scratch() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("muster-own-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    @Test func theMarkerListsTheFilesWritten() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("run")
        try OutputFolder.write(files: [("a.csv", Data()), ("figs/b.svg", Data())], to: out, version: "9.9")
        let data = try Data(contentsOf: out.appendingPathComponent(OutputFolder.marker))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["written_by"] as? String == "muster")
        #expect(object["muster_version"] as? String == "9.9")
        #expect(object["files"] as? [String] == ["a.csv", "figs"])
    }

    @Test func aFolderWithoutTheMarkerIsRefusedUnlessEmpty() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try OutputFolder.write(files: [("a.csv", Data())], to: empty)
        let theirs = root.appendingPathComponent("theirs")
        try FileManager.default.createDirectory(at: theirs, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: theirs.appendingPathComponent("summary.json"))
        #expect(throws: OutputFolderError.self) { try OutputFolder.write(files: [("a.csv", Data())], to: theirs) }
        #expect(try String(contentsOf: theirs.appendingPathComponent("summary.json"), encoding: .utf8) == "x")
    }

    @Test func aMarkerDoesNotCoverFilesItDoesNotList() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("run")
        try OutputFolder.write(files: [("a.csv", Data())], to: out)
        try Data("mine".utf8).write(to: out.appendingPathComponent("b.csv"))
        #expect(throws: OutputFolderError.self) { try OutputFolder.write(files: [("a.csv", Data())], to: out) }
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("b.csv").path))
    }

    @Test func aFolderOfMuster01IsRecognised() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let old = root.appendingPathComponent("old")
        try FileManager.default.createDirectory(at: old, withIntermediateDirectories: true)
        try Data(#"{"muster_version": "0.1.0"}"#.utf8).write(to: old.appendingPathComponent("manifest.json"))
        try Data().write(to: old.appendingPathComponent("summary.json"))
        try Data().write(to: old.appendingPathComponent("completion_cdf.svg"))
        try OutputFolder.write(files: [("summary.json", Data("{}".utf8))], to: old)
        #expect(try String(contentsOf: old.appendingPathComponent("summary.json"), encoding: .utf8) == "{}")
        // The same folder with a file 0.1 never wrote is refused.
        try Data().write(to: old.appendingPathComponent("manifest.json"))
        let other = root.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try Data(#"{"muster_version": "0.1.0"}"#.utf8).write(to: other.appendingPathComponent("manifest.json"))
        try Data().write(to: other.appendingPathComponent("thesis.tex"))
        #expect(throws: OutputFolderError.self) { try OutputFolder.write(files: [("a.csv", Data())], to: other) }
    }

    @Test func aFullDiskIsAResourceFailure() {
        #expect(OutputFolderError.failed(path: "x", reason: "No space left on device", errno: ENOSPC).isResourceFailure)
        #expect(!OutputFolderError.failed(path: "x", reason: "Permission denied", errno: EACCES).isResourceFailure)
        #expect(!OutputFolderError.refused(path: "x", reason: "y").isResourceFailure)
    }
}
