import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
@testable import MusterServe

/// A workbench on an ephemeral loopback port with its own scratch folder,
/// and a plain HTTP client that carries one visitor's cookie.
final class ServerHarness: @unchecked Sendable {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let scenarios = packageRoot.appendingPathComponent("scenarios")

    let base: String
    let scratch: URL
    let workbench: Workbench
    private let task: Task<Void, Error>
    private let session: URLSession

    /// The visitor of requests that change something and name none.
    static let defaultVisitor = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

    init(maxUploadBytes: Int = 512 * 1024, scenarios: URL = ServerHarness.scenarios,
         configure: (inout ServeSettings) -> Void = { _ in }) async throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("muster-serve-test-\(UUID().uuidString)")
        var settings = ServeSettings(host: "127.0.0.1", port: 0, scenariosFolder: scenarios, scratchRoot: scratch,
                                     version: "0.0.0-test")
        settings.maxUploadBytes = maxUploadBytes
        settings.threads = 2
        configure(&settings)
        let wb = try Workbench(settings: settings)
        workbench = wb
        let (stream, continuation) = AsyncStream<String>.makeStream()
        task = Task { try await wb.run(handlesSignals: false) { continuation.yield($0); continuation.finish() } }
        var url: String?
        for await u in stream { url = u; break }
        base = url ?? ""
        let config = URLSessionConfiguration.ephemeral
        config.httpShouldSetCookies = false
        config.timeoutIntervalForRequest = 120
        session = URLSession(configuration: config)
    }

    func stop() async {
        await workbench.stop()
        _ = try? await task.value
    }

    struct Reply {
        var status: Int
        var body: Data
        var headers: [String: String]
        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> [String: Any] { try JSONSerialization.jsonObject(with: body) as? [String: Any] ?? [:] }
    }

    /// A request as the workbench's page sends it (JSON, its visitor's
    /// cookie and session token), unless `raw`: then only `headers`.
    func request(_ method: String, _ path: String, body: Data? = nil, visitor: String? = nil,
                 headers: [String: String] = [:], raw: Bool = false) async throws -> Reply {
        var r = URLRequest(url: URL(string: base + path.dropFirst())!)
        r.httpMethod = method
        r.httpBody = body
        if !raw {
            if body != nil { r.setValue("application/json", forHTTPHeaderField: "Content-Type") }
            let who = visitor ?? (method == "GET" ? nil : Self.defaultVisitor)
            if let who {
                r.setValue("\(Visitors.cookie)=\(who)", forHTTPHeaderField: "Cookie")
                if method != "GET" { r.setValue(workbench.policy.sessionToken(for: who), forHTTPHeaderField: AccessPolicy.sessionHeader) }
            }
        }
        for (k, v) in headers { r.setValue(v, forHTTPHeaderField: k) }
        let (data, response) = try await session.data(for: r)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (k, v) in http.allHeaderFields { headers[String(describing: k).lowercased()] = String(describing: v) }
        return Reply(status: http.statusCode, body: data, headers: headers)
    }

    func get(_ path: String, visitor: String? = nil) async throws -> Reply {
        try await request("GET", path, visitor: visitor)
    }

    func post(_ path: String, json: Any, visitor: String? = nil) async throws -> Reply {
        try await request("POST", path, body: try JSONSerialization.data(withJSONObject: json), visitor: visitor)
    }

    /// Follows a job's progress stream to its end; returns the last status.
    func finish(_ id: String, visitor: String) async throws -> [String: Any] {
        let events = try await get("/api/jobs/\(id)/events", visitor: visitor)
        let last = events.text.components(separatedBy: "\n").filter { $0.hasPrefix("data: ") }.last ?? ""
        return try JSONSerialization.jsonObject(with: Data(last.dropFirst(6).utf8)) as? [String: Any] ?? [:]
    }

    static func shipped(_ name: String) throws -> String {
        try String(contentsOf: scenarios.appendingPathComponent(name), encoding: .utf8)
    }
}
