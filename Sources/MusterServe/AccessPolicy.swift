import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MusterOutput

/// Who may use the workbench, decided from a request's headers alone (no
/// network, so every rule has a unit test). Three questions, in order:
///
/// 1. Is the `Host` one this server answers to? A DNS-rebinding page
///    reaches the server under its own name; that name is not the bound
///    address, not `localhost` and not one the operator listed.
/// 2. When an access token is required (binding beyond loopback, or asked
///    for), does the request carry it?
/// 3. For a request that changes something (anything but GET/HEAD): is it
///    JSON, from this origin, with the page's session token? A page on
///    another site can send a form or a `text/plain` POST without asking;
///    it cannot send `Content-Type: application/json` or a custom header
///    without a CORS preflight, which the workbench never grants, and it
///    cannot read the session token out of the workbench's page.
struct AccessPolicy: Sendable {
    /// The address the server was asked to bind (`--host`).
    let boundHost: String
    /// Names the operator listed with `--allow-host` (lower case).
    let extraHosts: Set<String>
    /// Required on every request when set (`--host` beyond loopback).
    let accessToken: String?
    /// Keys the session tokens: a page's token is this server's, for its visitor.
    let sessionSecret: String

    static let accessCookie = "muster_access"
    static let sessionHeader = "X-Muster-Session"

    init(boundHost: String, extraHosts: [String], accessToken: String?, sessionSecret: String = Visitors.newID()) {
        self.boundHost = Self.bare(boundHost)
        self.extraHosts = Set(extraHosts.map { Self.bare($0) })
        self.accessToken = accessToken
        self.sessionSecret = sessionSecret
    }

    /// A refusal: the status and the reason the page shows.
    struct Refusal: Error, Equatable, Sendable {
        var status: Int
        var reason: String
    }

    // MARK: 1. Host

    /// Nil when `host` (the header's value) names this server; else a 421.
    func checkHost(_ host: String?) -> Refusal? {
        guard let host, !host.isEmpty else {
            return Refusal(status: 400, reason: "refused: the request has no Host header")
        }
        let name = Self.bare(host)
        if name == "localhost" || name == boundHost || extraHosts.contains(name) { return nil }
        if let ip = IPAddress(name) {
            // A literal address cannot be a rebinding name: loopback always,
            // any address of this machine when bound to all of them.
            if ip.isLoopback || (IPAddress(boundHost)?.isUnspecified ?? false) { return nil }
        }
        return Refusal(status: 421, reason: "refused: this workbench does not answer to the name \(Self.printable(name)); "
                       + "if you reached it by that name, start it with --allow-host \(Self.printable(name))")
    }

    // MARK: 2. Access token

    /// Whether the server asks every request for its access token.
    var requiresToken: Bool { accessToken != nil }

    /// Nil when no token is required or the request carries it (cookie,
    /// `?token=` or `Authorization: token …`); else a 403.
    func checkToken(cookie: String?, query: String?, authorization: String?) -> Refusal? {
        guard let accessToken else { return nil }
        var offered = [cookie, query]
        if let a = authorization, a.lowercased().hasPrefix("token ") { offered.append(String(a.dropFirst(6))) }
        if offered.contains(where: { $0.map { Self.sameText($0, accessToken) } ?? false }) { return nil }
        return Refusal(status: 403, reason: "refused: this workbench needs its access token; open the address "
                       + "muster serve printed when it started (it ends in ?token=…)")
    }

    // MARK: 3. Requests that change something

    /// Nil when a state-changing request is the page's own; else 415 or 403.
    func checkChange(contentType: String?, origin: String?, fetchSite: String?, host: String?,
                     visitor: String?, sessionToken: String?) -> Refusal? {
        let media = (contentType ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard media == "application/json" else {
            return Refusal(status: 415, reason: "refused: the workbench takes changes as JSON only "
                           + "(Content-Type: application/json), as its page sends them")
        }
        if let site = fetchSite?.lowercased(), site != "same-origin" {
            return Refusal(status: 403, reason: "refused: a request from another site (Sec-Fetch-Site: \(Self.printable(site))) "
                           + "may not act through the workbench")
        }
        if let origin {
            let own = host.map { "http://" + $0.lowercased() }
            guard origin.lowercased() == own else {
                return Refusal(status: 403, reason: "refused: a request from another site (Origin: \(Self.printable(origin))) "
                               + "may not act through the workbench")
            }
        }
        guard let visitor, let sessionToken, Self.sameText(sessionToken, self.sessionToken(for: visitor)) else {
            return Refusal(status: 403, reason: "refused: the request does not carry this page's session token; "
                           + "reload the workbench page and try again")
        }
        return nil
    }

    /// The token the page of `visitor` carries: derived from the visitor's
    /// cookie and this server's secret, so another site can neither read nor
    /// guess it, and it dies with the server.
    func sessionToken(for visitor: String) -> String {
        String(SHA256.hexDigest(Data("muster-session:\(sessionSecret):\(visitor)".utf8)).prefix(32))
    }

    // MARK: text

    /// A Host or address without its port and brackets, in lower case.
    static func bare(_ host: String) -> String {
        var h = host.trimmingCharacters(in: .whitespaces).lowercased()
        if h.hasPrefix("[") {
            if let end = h.firstIndex(of: "]") { h = String(h[h.index(after: h.startIndex)..<end]) }
            return h
        }
        // One colon: name:port. More: a bare IPv6 address (no port).
        if h.filter({ $0 == ":" }).count == 1, let colon = h.firstIndex(of: ":") { h = String(h[..<colon]) }
        if h.hasSuffix(".") { h.removeLast() }
        return h
    }

    /// Header text shown back in a message: printable ASCII, at most 80 characters.
    static func printable(_ s: String) -> String {
        String(String(s.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7f }).prefix(80))
    }

    /// Equal texts, compared in time that does not depend on where they differ.
    static func sameText(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

/// An IPv4 or IPv6 literal, parsed by the system.
struct IPAddress {
    private var bytes: [UInt8]

    init?(_ text: String) {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
        } else if inet_pton(AF_INET6, text, &v6) == 1 {
            bytes = withUnsafeBytes(of: &v6) { Array($0) }
        } else {
            return nil
        }
    }

    /// 127.0.0.0/8, ::1, and 127/8 mapped into IPv6.
    var isLoopback: Bool {
        if bytes.count == 4 { return bytes[0] == 127 }
        if bytes == Array(repeating: 0, count: 15) + [1] { return true }
        return bytes.prefix(12) == Array(repeating: 0, count: 10) + [0xff, 0xff] && bytes[12] == 127
    }

    /// 0.0.0.0 or :: — every address of the machine.
    var isUnspecified: Bool { bytes.allSatisfy { $0 == 0 } }
}
