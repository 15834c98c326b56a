import Foundation
import Hummingbird
import NIOCore

/// Every request passes here first: the `AccessPolicy` checks, then the
/// route; every answer leaves with the frame and content-security headers,
/// and every refusal (the policy's, a route's `HTTPError`, a body too large)
/// as JSON `{"error": reason}`, which the page shows.
struct WorkbenchGuard<Context: RequestContext>: RouterMiddleware {
    let policy: AccessPolicy
    /// The largest body accepted, named in the 413's reason.
    var maxBodyBytes: Int = 512 * 1024
    /// Turns server paths in messages into ones relative to the scenarios folder.
    let scrub: @Sendable (String) -> String

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await checked(request, context: context, next: next)
        } catch let refusal as AccessPolicy.Refusal {
            response = Self.refusal(refusal.status, refusal.reason)
        } catch let error as HTTPError {
            response = Self.refusal(Int(error.status.code), scrub(error.body ?? reason(error.status)))
        } catch let error as any HTTPResponseError {
            response = Self.refusal(Int(error.status.code), reason(error.status))
        }
        Self.secure(&response, request: request)
        return response
    }

    private func checked(_ request: Request, context: Context,
                         next: (Request, Context) async throws -> Response) async throws -> Response {
        // HTTP/1.1's Host header, as HTTP/2's :authority.
        let host = request.head.authority
        if let r = policy.checkHost(host) { throw r }
        let query = request.uri.queryParameters.get("token")
        if let r = policy.checkToken(cookie: request.cookies[AccessPolicy.accessCookie]?.value, query: query,
                                     authorization: request.headers[.authorization]) { throw r }
        if request.method != .get && request.method != .head {
            let visitor = request.cookies[Visitors.cookie]?.value
            if let r = policy.checkChange(contentType: request.headers[.contentType], origin: request.headers[.origin],
                                          fetchSite: request.headers[.init("Sec-Fetch-Site")!], host: host,
                                          visitor: visitor.flatMap { Visitors.isValid($0) ? $0 : nil },
                                          sessionToken: request.headers[.init(AccessPolicy.sessionHeader)!]) {
                throw r
            }
        }
        var response = try await next(request, context)
        // The token came in the address: keep it in a cookie, so the page's
        // own requests carry it, and take it out of the address bar.
        if let token = query, policy.requiresToken {
            if request.method == .get, request.uri.path == "/" {
                response = Response(status: .seeOther, headers: [.location: "/"])
            }
            response.setCookie(.init(name: AccessPolicy.accessCookie, value: token, path: "/", httpOnly: true, sameSite: .strict))
        }
        return response
    }

    /// The answer to a refused request: its reason as the page reads it.
    static func refusal(_ status: Int, _ reason: String) -> Response {
        let data = (try? JSONEncoder().encode(["error": reason])) ?? Data("{}".utf8)
        return Response(status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    func reason(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 413: "refused: the request is larger than the workbench accepts (\(maxBodyBytes / 1024) KiB); "
            + "a longer scenario runs with muster run"
        case 404: "no such page"
        default: "refused: \(status.reasonPhrase)"
        }
    }

    /// Pages may not be framed or run scripts from anywhere but the
    /// workbench; nothing is cached or sniffed; no address (with a token in
    /// it) leaks in a Referer.
    static func secure(_ response: inout Response, request: Request) {
        let isReport = request.uri.path.hasSuffix("/report.html")
        response.headers[.contentSecurityPolicy] = isReport ? reportPolicy : pagePolicy
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("X-Content-Type-Options")!] = "nosniff"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        response.headers[.init("Cross-Origin-Opener-Policy")!] = "same-origin"
        response.headers[.init("Cross-Origin-Resource-Policy")!] = "same-origin"
        response.headers[.cacheControl] = response.headers[.cacheControl] ?? "no-store"
    }

    /// The workbench page: its own script and stylesheet, inline SVG figures.
    static var pagePolicy: String { "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'" }
    /// report.html carries its stylesheet inside (it is one self-contained file) and no script.
    static var reportPolicy: String { "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        + "form-action 'none'; base-uri 'none'; frame-ancestors 'none'" }
}
