import Foundation
import Testing
@testable import MusterPlot

/// The PNG step is checked with stand-in converters, so the tests need no
/// rsvg-convert and pass the same on any machine.
@Suite struct RasterizerTests {
    static func folder() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("muster-plot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    static func script(_ body: String, in dir: URL) throws -> URL {
        let url = dir.appendingPathComponent("rsvg-convert")
        try Data("#!/bin/sh\n\(body)\n".utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url
    }

    @Test func theConverterIsFoundOnPathOrNot() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(SVGRasterizer.converter(environment: ["PATH": "/nonexistent"]) == nil)
        #expect(SVGRasterizer.converter(environment: [:]) == nil)
        let fake = try Self.script("exit 0", in: dir)
        #expect(SVGRasterizer.converter(environment: ["PATH": "/nonexistent:\(dir.path)"])?.path == fake.path)
    }

    @Test func thePNGIsWhatTheConverterWrote() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Arguments: --format png --zoom Z --output OUT IN; the stand-in
        // copies its input, prefixed with the zoom, to the output.
        let fake = try Self.script("printf 'zoom=%s ' \"$4\" > \"$6\"; cat \"$7\" >> \"$6\"", in: dir)
        let png = try SVGRasterizer.png(from: "<svg/>", converter: fake, zoom: 2)
        #expect(String(decoding: png, as: UTF8.self) == "zoom=2 <svg/>")
    }

    @Test func aFailingConverterIsReportedWithItsMessage() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fake = try Self.script("echo 'bad svg' >&2; exit 1", in: dir)
        #expect(throws: RasterizerError.self) { try SVGRasterizer.png(from: "<svg/>", converter: fake) }
        do {
            _ = try SVGRasterizer.png(from: "<svg/>", converter: fake)
        } catch {
            #expect(error.description.contains("bad svg") && error.description.contains("status 1"))
        }
    }
}
