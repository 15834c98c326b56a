import Foundation
import Testing
@testable import MusterServe

/// The attacks of issue 25, each sent as its attacker would: another
/// site's page, a DNS-rebinding page, a framing page, another local user.
@Suite(.serialized) struct SafetyTests {
    static let visitor = "0123456789abcdef0123456789abcdef"

    func runBody() throws -> String {
        let yaml = try ServerHarness.shipped("lingfeng.yaml")
        let data = try JSONSerialization.data(withJSONObject: ["scenario": ["yaml": yaml, "source": "lingfeng.yaml"],
                                                               "replications": 2, "seed": "1"])
        return String(decoding: data, as: UTF8.self)
    }

    @Test func anotherSitesPageCannotStartRuns() async throws {
        let h = try await ServerHarness()
        let host = "127.0.0.1:\(h.port)"
        let body = try runBody()
        let token = h.workbench.policy.sessionToken(for: Self.visitor)
        let cookie = "\(Visitors.cookie)=\(Self.visitor)"
        // What a page on another site can send without a preflight: text/plain
        // or a form, with or without a cookie.
        for type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
            let r = try h.raw("POST", "/api/runs", headers: [("Host", host), ("Origin", "http://evil.example"),
                                                             ("Content-Type", type), ("Cookie", cookie)], body: body)
            #expect(r.status == 415, "\(type) answered \(r.status)")
            #expect(r.body.contains("JSON"))
        }
        // JSON from another origin, even with the visitor's cookie and token.
        let fromEvil = try h.raw("POST", "/api/runs", headers: [
            ("Host", host), ("Origin", "http://evil.example"), ("Content-Type", "application/json"),
            ("Cookie", cookie), (AccessPolicy.sessionHeader, token)], body: body)
        #expect(fromEvil.status == 403 && fromEvil.body.contains("another site"))
        // Another port of this machine is another origin.
        let otherPort = try h.raw("POST", "/api/runs", headers: [
            ("Host", host), ("Origin", "http://127.0.0.1:1"), ("Content-Type", "application/json"),
            ("Cookie", cookie), (AccessPolicy.sessionHeader, token)], body: body)
        #expect(otherPort.status == 403)
        let crossSite = try h.raw("POST", "/api/runs", headers: [
            ("Host", host), ("Sec-Fetch-Site", "cross-site"), ("Content-Type", "application/json"),
            ("Cookie", cookie), (AccessPolicy.sessionHeader, token)], body: body)
        #expect(crossSite.status == 403 && crossSite.body.contains("Sec-Fetch-Site"))
        // Same origin but without the page's token (a script that never read the page).
        let noToken = try h.raw("POST", "/api/runs", headers: [
            ("Host", host), ("Origin", "http://\(host)"), ("Content-Type", "application/json"), ("Cookie", cookie)], body: body)
        #expect(noToken.status == 403 && noToken.body.contains("session token"))
        let otherVisitorsToken = try h.raw("POST", "/api/runs", headers: [
            ("Host", host), ("Content-Type", "application/json"), ("Cookie", cookie),
            (AccessPolicy.sessionHeader, h.workbench.policy.sessionToken(for: "fedcba9876543210fedcba9876543210"))], body: body)
        #expect(otherVisitorsToken.status == 403)
        // Cancelling is a change too.
        let cancel = try h.raw("POST", "/api/jobs/\(Self.visitor)/cancel", headers: [
            ("Host", host), ("Origin", "http://evil.example"), ("Content-Type", "text/plain"), ("Cookie", cookie)])
        #expect(cancel.status == 415)
        // None of them took a place in the queue: the page's own request still runs.
        let own = try h.raw("POST", "/api/runs", headers: [
            ("Host", host), ("Origin", "http://\(host)"), ("Sec-Fetch-Site", "same-origin"),
            ("Content-Type", "application/json; charset=utf-8"), ("Cookie", cookie), (AccessPolicy.sessionHeader, token)], body: body)
        #expect(own.status == 202)
        await h.stop()
    }

    @Test func aRebindingNameIsRefusedEverywhere() async throws {
        let h = try await ServerHarness()
        let body = try runBody()
        for (method, path) in [("GET", "/"), ("GET", "/api/scenarios/lingfeng.yaml"), ("GET", "/api/scenarios"),
                               ("GET", "/static/workbench.js"), ("POST", "/api/runs")] {
            let r = try h.raw(method, path, headers: [("Host", "attacker.example:\(h.port)"), ("Content-Type", "application/json"),
                                                      ("Cookie", "\(Visitors.cookie)=\(Self.visitor)"),
                                                      (AccessPolicy.sessionHeader, h.workbench.policy.sessionToken(for: Self.visitor))],
                              body: method == "POST" ? body : "")
            #expect(r.status == 421, "\(method) \(path) answered \(r.status)")
            #expect(!r.body.contains("lingfeng") && !r.body.contains("<html"))
        }
        for host in ["127.0.0.1:\(h.port)", "localhost:\(h.port)", "LOCALHOST", "127.0.0.2"] {
            #expect(try h.raw("GET", "/api/scenarios", headers: [("Host", host)]).status == 200, "\(host)")
        }
        #expect(try h.raw("GET", "/", headers: []).status == 400)
        await h.stop()

        // A name the operator lists is answered.
        let listed = try await ServerHarness { $0.allowedHosts = ["planning.example.org"] }
        #expect(try listed.raw("GET", "/api/scenarios", headers: [("Host", "planning.example.org:\(listed.port)")]).status == 200)
        #expect(try listed.raw("GET", "/api/scenarios", headers: [("Host", "planning.example.org.evil.example")]).status == 421)
        await listed.stop()
    }

    @Test func pagesCannotBeFramedAndRunOnlyTheirOwnScript() async throws {
        let h = try await ServerHarness()
        for path in ["/", "/api/scenarios", "/no/such/page", "/static/workbench.js"] {
            let r = try h.raw("GET", path, headers: [("Host", "127.0.0.1")])
            let csp = r.header("Content-Security-Policy") ?? ""
            #expect(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'") && !csp.contains("unsafe"),
                    "\(path): \(csp)")
            #expect(r.header("X-Frame-Options") == "DENY")
            #expect(r.header("X-Content-Type-Options") == "nosniff")
        }
        // The page has nothing inline that the policy would block.
        let page = try await h.get("/").text
        #expect(!page.contains(" onsubmit=") && !page.contains(" onclick=") && !page.contains("<script>"))
        #expect(!page.contains(" style="))
        let missing = try h.raw("GET", "/no/such/page", headers: [("Host", "127.0.0.1")])
        #expect(missing.status == 404 && missing.body.contains("\"error\""))
        await h.stop()
    }

    @Test func resultsArePrivateToTheUserWhoStartedTheServer() async throws {
        let h = try await ServerHarness()
        func mode(_ url: URL) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
        }
        #expect(try mode(h.scratch) == 0o700)
        let started = try await h.post("/api/runs", json: ["scenario": ["yaml": try ServerHarness.shipped("lingfeng.yaml"),
                                                                        "source": "lingfeng.yaml"],
                                                           "replications": 2, "seed": "1"], visitor: Self.visitor)
        let id = try started.json()["id"] as? String ?? ""
        #expect(try await h.finish(id, visitor: Self.visitor)["phase"] as? String == "done")
        let visitorFolder = h.scratch.appendingPathComponent(Self.visitor)
        let jobFolder = visitorFolder.appendingPathComponent(id)
        #expect(try mode(visitorFolder) == 0o700 && mode(jobFolder) == 0o700)
        let files = try FileManager.default.subpathsOfDirectory(atPath: jobFolder.path)
        #expect(files.count > 10)
        for f in files {
            let url = jobFolder.appendingPathComponent(f)
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir)
            #expect(try mode(url) == (isDir.boolValue ? 0o700 : 0o600), "\(f)")
        }
        await h.stop()

        // A results folder someone made beforehand is never used.
        let prepared = FileManager.default.temporaryDirectory.appendingPathComponent("muster-serve-prepared-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: prepared, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: prepared) }
        let settings = ServeSettings(scenariosFolder: ServerHarness.scenarios, scratchRoot: prepared, version: "t")
        #expect(throws: PrivateFolder.Failure.self) { try Workbench(settings: settings) }
        // The default is a new folder with a random name, 0700.
        let fresh = try Workbench(settings: ServeSettings(scenariosFolder: ServerHarness.scenarios, version: "t"))
        #expect(try mode(fresh.scratchRoot) == 0o700)
        #expect(fresh.scratchRoot.lastPathComponent.hasPrefix("muster-serve-"))
        fresh.shutDown()
        #expect(!FileManager.default.fileExists(atPath: fresh.scratchRoot.path))
    }

    @Test func messagesNameFilesRelativeToTheScenariosFolder() async throws {
        // A scenarios folder with a scenario whose layout file is missing.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("muster-shelf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let yaml = "name: x\nlayout:\n  file: no-such-layout.csv\n"
        try yaml.write(to: folder.appendingPathComponent("x.yaml"), atomically: true, encoding: .utf8)
        let h = try await ServerHarness(scenarios: folder)
        let answer = try await h.post("/api/validate", json: ["yaml": yaml, "source": "x.yaml"])
        let text = answer.text
        #expect(text.contains("'no-such-layout.csv'"), "\(text)")
        #expect(!text.contains(folder.path) && !text.contains(FileManager.default.temporaryDirectory.path))
        // The scrubber itself, on both folders.
        let scrubbed = Workbench.scrub("cannot read /srv/s/x.csv; wrote /tmp/r/abc/summary.json; in /srv/s",
                                       scenarios: URL(fileURLWithPath: "/srv/s"), results: URL(fileURLWithPath: "/tmp/r"))
        #expect(scrubbed == "cannot read x.csv; wrote the results folder/abc/summary.json; in the scenarios folder")
        await h.stop()
    }

    @Test func beyondLoopbackEveryRequestNeedsTheAccessToken() async throws {
        let token = ServeSettings.newToken()
        let h = try await ServerHarness { $0.accessToken = token }
        let host = ("Host", "127.0.0.1:\(h.port)")
        let bare = try h.raw("GET", "/", headers: [host])
        #expect(bare.status == 403 && bare.body.contains("access token"))
        #expect(try h.raw("GET", "/api/scenarios/lingfeng.yaml", headers: [host]).status == 403)
        #expect(try h.raw("GET", "/", headers: [host, ("Cookie", "\(AccessPolicy.accessCookie)=wrong")]).status == 403)
        // The printed address: the token moves into a cookie and out of the address bar.
        let first = try h.raw("GET", "/?token=\(token)", headers: [host])
        #expect(first.status == 303 && first.header("Location") == "/")
        #expect((first.header("Set-Cookie") ?? "").contains("\(AccessPolicy.accessCookie)=\(token)"))
        #expect((first.header("Set-Cookie") ?? "").lowercased().contains("httponly"))
        #expect(try h.raw("GET", "/", headers: [host, ("Cookie", "\(AccessPolicy.accessCookie)=\(token)")]).status == 200)
        #expect(try h.raw("GET", "/api/scenarios", headers: [host, ("Authorization", "token \(token)")]).status == 200)
        await h.stop()
        #expect(!ServeSettings.isLoopback("0.0.0.0") && !ServeSettings.isLoopback("192.168.1.5"))
        #expect(ServeSettings.isLoopback("127.0.0.1") && ServeSettings.isLoopback("::1") && ServeSettings.isLoopback("localhost"))
    }

    @Test func hostRulesOfThePolicy() {
        let loop = AccessPolicy(boundHost: "127.0.0.1", extraHosts: ["Planning.Example.org"], accessToken: nil)
        #expect(loop.checkHost("127.0.0.1:8080") == nil && loop.checkHost("[::1]:8080") == nil)
        #expect(loop.checkHost("planning.example.org.") == nil)
        #expect(loop.checkHost("192.168.1.5:8080")?.status == 421)
        #expect(loop.checkHost("attacker.example")?.status == 421)
        #expect(loop.checkHost("127.0.0.1.nip.io")?.status == 421)
        // Bound to every address: any literal address of the machine, still no names.
        let all = AccessPolicy(boundHost: "0.0.0.0", extraHosts: [], accessToken: "t")
        #expect(all.checkHost("192.168.1.5:8080") == nil && all.checkHost("[fe80::1]:80") == nil)
        #expect(all.checkHost("attacker.example:8080")?.status == 421)
        #expect(AccessPolicy.bare("[::1]:80") == "::1" && AccessPolicy.bare("::1") == "::1" && AccessPolicy.bare("A.b:9") == "a.b")
    }
}
