import Foundation

/// Why a PNG could not be made from an SVG.
public struct RasterizerError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// PNG copies of SVG figures through `rsvg-convert` (Debian package
/// `librsvg2-bin`), for slides and documents that take no SVG. Optional:
/// without the converter there are simply no PNGs.
public enum SVGRasterizer {
    /// `rsvg-convert` on the `PATH` of `environment`, nil when there is none.
    public static func converter(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        let path = environment["PATH"] ?? ""
        for dir in path.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent("rsvg-convert")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Renders `svg` to PNG at `zoom` times its size (2 gives sharp slides
    /// from an 800 px figure).
    public static func png(from svg: String, converter: URL, zoom: Double = 2) throws(RasterizerError) -> Data {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("muster-png-\(UUID().uuidString)")
        do {
            try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw RasterizerError(description: "cannot create a temporary folder: \(error.localizedDescription)")
        }
        defer { try? fm.removeItem(at: dir) }
        let input = dir.appendingPathComponent("figure.svg"), output = dir.appendingPathComponent("figure.png")
        let process = Process()
        process.executableURL = converter
        process.arguments = ["--format", "png", "--zoom", SVGNumber.format(zoom), "--output", output.path, input.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try Data(svg.utf8).write(to: input)
            try process.run()
        } catch {
            throw RasterizerError(description: "cannot run \(converter.path): \(error.localizedDescription)")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let data = try? Data(contentsOf: output), !data.isEmpty else {
            let detail = message.trimmingCharacters(in: .whitespacesAndNewlines)
            throw RasterizerError(description: "\(converter.lastPathComponent) failed (status \(process.terminationStatus))"
                                  + (detail.isEmpty ? "" : ": \(detail)"))
        }
        return data
    }
}
