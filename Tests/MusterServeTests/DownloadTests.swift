import Foundation
import MusterOutput
import MusterReport
import Testing
@testable import MusterServe

/// What is downloaded is what was on screen, every file one by one and the
/// whole folder as one zip.
@Suite(.serialized) struct DownloadTests {
    static let visitor = "0123456789abcdef0123456789abcdef"

    /// The `<svg …>…</svg>` elements of a page, in order.
    static func figures(_ html: String) -> [String] {
        var out: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg"), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            out.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return out
    }

    @Test func theReportHasTheFiguresOfTheScreenAndNoDeadLinks() async throws {
        let h = try await ServerHarness()
        let yaml = try ServerHarness.shipped("lingfeng.yaml")
        let started = try await h.post("/api/runs", json: ["scenario": ["yaml": yaml, "source": "lingfeng.yaml"],
                                                           "replications": 3, "seed": "11"], visitor: Self.visitor)
        let id = try started.json()["id"] as? String ?? ""
        #expect(try await h.finish(id, visitor: Self.visitor)["phase"] as? String == "done")
        for clock in ["1", "0"] {
            let screen = try await h.get("/jobs/\(id)/fragment?clock=\(clock)", visitor: Self.visitor).text
            let report = try await h.get("/jobs/\(id)/report.html?clock=\(clock)", visitor: Self.visitor)
            #expect(report.status == 200 && report.text.contains("<html"))
            let shown = Self.figures(screen), saved = Self.figures(report.text)
            #expect(shown.count >= 4 && shown == saved, "clock=\(clock): \(shown.count) figures on screen, \(saved.count) in the report")
            #expect(clock == "0" || saved.contains { $0.contains("shaded-hours") })
            // Self-contained: nothing it links to or loads is missing.
            #expect(!report.text.contains(".svg\"") && !report.text.contains("<img") && !report.text.contains("<link"))
        }
        await h.stop()
    }

    @Test func everyFileOneByOneAndTheFolderAsOneZip() async throws {
        let h = try await ServerHarness()
        let yaml = try ServerHarness.shipped("lingfeng.yaml")
        let started = try await h.post("/api/runs", json: ["scenario": ["yaml": yaml, "source": "lingfeng.yaml"],
                                                           "replications": 3, "seed": "11"], visitor: Self.visitor)
        let id = try started.json()["id"] as? String ?? ""
        #expect(try await h.finish(id, visitor: Self.visitor)["phase"] as? String == "done")
        let listing = try await h.get("/api/jobs/\(id)/files", visitor: Self.visitor).json()
        let names = listing["files"] as? [String] ?? []
        // The folder of `muster run --out`, and the scenario that reproduces it.
        for n in [RunFolder.summary, RunFolder.replications, RunFolder.coverage, RunFolder.phases, RunFolder.histogram,
                  RunFolder.parameters, RunFolder.manifest, RunReport.reportName, "scenario.yaml"]
            + RunReport.figureStems.map({ $0 + ".svg" }) {
            #expect(names.contains(n), "no \(n) in \(names)")
        }
        let csv = try await h.get("/jobs/\(id)/replications.csv", visitor: Self.visitor)
        #expect(csv.status == 200 && csv.headers["content-type"]?.hasPrefix("text/csv") == true)
        #expect(csv.headers["content-disposition"] == "attachment; filename=\"replications.csv\"")
        #expect(csv.text.split(separator: "\n").count == 1 + 3 * 2)

        let archive = try await h.get("/jobs/\(id)/run.zip?clock=0", visitor: Self.visitor)
        #expect(archive.status == 200 && archive.headers["content-type"] == "application/zip")
        let entries = try Self.unzip(archive.body)
        #expect(entries.map(\.name) == names.map { "muster-run-\(id.prefix(8))/\($0)" })
        for (e, n) in zip(entries, names) where n != RunReport.reportName {
            let one = try await h.get("/jobs/\(id)/\(n)?clock=0", visitor: Self.visitor)
            #expect(one.body == e.data, "\(n) differs between the zip and its own download")
        }
        // With clock-time axes, the zip's figures are the screen's.
        let clockZip = try Self.unzip(try await h.get("/jobs/\(id)/run.zip?clock=1", visitor: Self.visitor).body)
        let cdf = clockZip.first { $0.name.hasSuffix("/completion_cdf.svg") }
        let cdfText = String(decoding: cdf?.data ?? Data(), as: UTF8.self)
        #expect(cdfText.contains("shaded-hours"))
        #expect(try await h.get("/jobs/\(id)/comparison.zip", visitor: Self.visitor).status == 404)
        #expect(try await h.get("/jobs/\(id)/run.zip", visitor: "fedcba9876543210fedcba9876543210").status == 404)
        await h.stop()
    }

    @Test func aComparisonHasItsFilesAndZipToo() async throws {
        let h = try await ServerHarness()
        let yaml = try ServerHarness.shipped("lingfeng.yaml")
        let started = try await h.post("/api/compare", json: [
            "variants": [["label": "as shipped", "scenario": ["yaml": yaml, "source": "lingfeng.yaml"]],
                         ["label": "no app", "scenario": ["yaml": yaml, "source": "lingfeng.yaml", "changes": ["p2p.adoption": "0"]]]],
            "replications": 2, "seed": "5"], visitor: Self.visitor)
        let id = try started.json()["id"] as? String ?? ""
        #expect(try await h.finish(id, visitor: Self.visitor)["phase"] as? String == "done")
        let names = try await h.get("/api/jobs/\(id)/files", visitor: Self.visitor).json()["files"] as? [String] ?? []
        for n in ["summary.json", "replications.csv", "completion_cdf.csv", "completion_cdf.svg", "differences.csv",
                  "manifest.json", "variant-1.yaml", "variant-2.yaml"] {
            #expect(names.contains(n), "no \(n) in \(names)")
        }
        let variant = try await h.get("/jobs/\(id)/variant-2.yaml", visitor: Self.visitor).text
        #expect(variant.contains("adoption: 0"))
        let entries = try Self.unzip(try await h.get("/jobs/\(id)/comparison.zip", visitor: Self.visitor).body)
        #expect(entries.count == names.count)
        await h.stop()
    }

    @Test func crcAndArchiveLayoutAreZipsOwn() throws {
        // The check value of CRC-32 (ISO 3309) for "123456789".
        #expect(ZipArchive.crc32(Data("123456789".utf8)) == 0xCBF4_3926)
        #expect(ZipArchive.crc32(Data()) == 0)
        let z = try ZipArchive.make([("a.txt", Data("hello\n".utf8)), ("b/c.csv", Data())], folder: "f")
        let entries = try Self.unzip(z)
        #expect(entries.map(\.name) == ["f/a.txt", "f/b/c.csv"])
        #expect(entries[0].data == Data("hello\n".utf8))
        // Same files, same bytes.
        #expect(try ZipArchive.make([("a.txt", Data("hello\n".utf8)), ("b/c.csv", Data())], folder: "f") == z)
        // An independent reader, when the machine has one.
        if let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("muster-zip-\(UUID().uuidString).zip")
            try z.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let p = Process()
            p.executableURL = URL(fileURLWithPath: python)
            p.arguments = ["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; "
                           + "print(';'.join(n + '=' + z.read(n).decode() for n in z.namelist()), end='')", file.path]
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
            #expect(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "f/a.txt=hello\n;f/b/c.csv=")
        }
    }

    /// Reads a stored zip by its central directory, checking each entry's CRC.
    static func unzip(_ data: Data) throws -> [(name: String, data: Data)] {
        let b = [UInt8](data)
        func u16(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        guard b.count >= 22, u32(b.count - 22) == 0x0605_4b50 else { throw CocoaError(.fileReadCorruptFile) }
        let count = u16(b.count - 22 + 10)
        var at = u32(b.count - 22 + 16)
        var out: [(String, Data)] = []
        for _ in 0..<count {
            guard u32(at) == 0x0201_4b50 else { throw CocoaError(.fileReadCorruptFile) }
            let crc = UInt32(u32(at + 16)), size = u32(at + 24), nameLength = u16(at + 28)
            let extra = u16(at + 30), comment = u16(at + 32), local = u32(at + 42)
            let name = String(decoding: b[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            guard u32(local) == 0x0403_4b50 else { throw CocoaError(.fileReadCorruptFile) }
            let start = local + 30 + u16(local + 26) + u16(local + 28)
            let bytes = Data(b[start..<(start + size)])
            guard ZipArchive.crc32(bytes) == crc else { throw CocoaError(.fileReadCorruptFile) }
            out.append((name, bytes))
            at += 46 + nameLength + extra + comment
        }
        return out
    }
}
