import Foundation
import Hummingbird
import MusterModel
import MusterReport
import MusterScenario
import NIOCore

extension Workbench {
    typealias Context = BasicRequestContext

    func router() -> Router<Context> {
        let router = Router(context: Context.self)
        // First, so that it sees every request, the unmatched ones too.
        router.middlewares.add(WorkbenchGuard(policy: policy, maxBodyBytes: settings.maxUploadBytes, scrub: { [self] in scrub($0) }))
        router.get("/") { [self] req, _ in
            let visitor = visitorID(req) ?? Visitors.newID()
            var r = Self.text(WorkbenchPage.html(scenarios: shelf.offered(), version: settings.version,
                                                 session: policy.sessionToken(for: visitor)),
                              type: "text/html; charset=utf-8", req)
            if visitorID(req) == nil { Self.setVisitor(&r, visitor) }
            return r
        }
        router.get("/static/workbench.js") { req, _ in
            Self.text(WorkbenchAssets.script, type: "text/javascript; charset=utf-8", req)
        }
        router.get("/static/workbench.css") { req, _ in
            Self.text(WorkbenchAssets.style, type: "text/css; charset=utf-8", req)
        }
        router.get("/api/scenarios") { [self] req, _ in
            try Self.json(["scenarios": shelf.offered()], req)
        }
        router.get("/api/scenarios/:name") { [self] req, ctx in
            let name = try ctx.parameters.require("name")
            let decoded = name.removingPercentEncoding ?? name
            guard ScenarioShelf.isPlainName(name), ScenarioShelf.isPlainName(decoded) else {
                return try Self.json(JobAnswer(error: "refused: a scenario is named by its file name in the scenarios folder"),
                                     req, status: .badRequest)
            }
            guard let text = shelf.text(of: decoded) else {
                return try Self.json(JobAnswer(error: "no scenario \(decoded) in the scenarios folder"), req, status: .notFound)
            }
            return try Self.json(["name": decoded, "yaml": text], req)
        }
        router.post("/api/validate") { [self] req, _ in
            var req = req
            let body: ScenarioRequest = try await decode(&req)
            return try Self.json(ScenarioCheck(shelf: shelf, scrub: { [self] in scrub($0) }).answer(body), req)
        }
        router.post("/api/runs") { [self] req, _ in
            var req = req
            let body: RunRequest = try await decode(&req)
            return try startRun(body, req)
        }
        router.post("/api/compare") { [self] req, _ in
            var req = req
            let body: CompareRequest = try await decode(&req)
            return try startCompare(body, req)
        }
        router.get("/api/jobs/:id/events") { [self] req, ctx in
            let job = try ownJob(req, ctx)
            return events(job, req)
        }
        router.post("/api/jobs/:id/cancel") { [self] req, ctx in
            let job = try ownJob(req, ctx)
            job.cancel()
            return try Self.json(["cancelled": job.id], req)
        }
        router.get("/jobs/:id/fragment") { [self] req, ctx in
            let job = try ownJob(req, ctx)
            let clock = req.uri.queryParameters.get("clock") != "0"
            let file = job.folder.appendingPathComponent(RunWork.view)
                .appendingPathComponent(clock ? "fragment-clock.html" : "fragment.html")
            guard job.current.phase == .done, let data = try? Data(contentsOf: file) else {
                throw HTTPError(.notFound, message: "no result yet")
            }
            return Self.text(String(decoding: data, as: UTF8.self), type: "text/html; charset=utf-8", req)
        }
        router.get("/api/jobs/:id/files") { [self] req, ctx in
            let job = try ownJob(req, ctx)
            guard job.current.phase == .done else { throw HTTPError(.notFound, message: "no result yet") }
            return try Self.json(["files": Downloads.names(in: job.folder), "zip": [Downloads.zipName(job.kind)]], req)
        }
        router.get("/jobs/:id/:file") { [self] req, ctx in
            let job = try ownJob(req, ctx)
            let name = try ctx.parameters.require("file")
            let clock = req.uri.queryParameters.get("clock") != "0"
            guard job.current.phase == .done else { throw HTTPError(.notFound, message: "no result yet") }
            let data: Data
            if name == Downloads.zipName(job.kind) {
                data = try Downloads.zip(job.folder, kind: job.kind, id: job.id, clock: clock)
            } else if ScenarioShelf.isPlainName(name), let d = Downloads.file(name, in: job.folder, clock: clock) {
                data = d
            } else {
                throw HTTPError(.notFound, message: "no file \(AccessPolicy.printable(name)) in this result")
            }
            var response = Response(status: .ok, headers: [.contentType: Downloads.type(name)],
                                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
            // The report opens in the browser (no script may run in it); the rest are saved.
            if name != RunReport.reportName {
                response.headers[.contentDisposition] = "attachment; filename=\"\(name)\""
            }
            return response
        }
        return router
    }

    // MARK: runs

    private func startRun(_ body: RunRequest, _ req: Request) throws -> Response {
        guard let seed = UInt64(body.seed.trimmingCharacters(in: .whitespaces)) else {
            return try Self.json(JobAnswer(error: "seed: a whole number from 0 to 18446744073709551615"), req, status: .unprocessableContent)
        }
        guard (1...settings.maxReplications).contains(body.replications) else {
            return try Self.json(JobAnswer(error: "replications: from 1 to \(settings.maxReplications) in the workbench"),
                                 req, status: .unprocessableContent)
        }
        let check = ScenarioCheck(shelf: shelf, scrub: { [self] in scrub($0) })
        switch check.load(body.scenario) {
        case .failure(let issues):
            return try Self.json(JobAnswer(error: "the scenario has problems; nothing was run",
                                           problems: issues.prefix(50).map(check.problem)),
                                 req, status: .unprocessableContent)
        case .success(var document):
            document.scenario.seed = seed
            document.scenario.replications = body.replications
            let (settings, doc) = (self.settings, document)
            return try submit(.run, total: body.replications, req) { job in
                try RunWork.run(doc, version: settings.version, threads: settings.threads, job: job)
            }
        }
    }

    private func startCompare(_ body: CompareRequest, _ req: Request) throws -> Response {
        guard let seed = UInt64(body.seed.trimmingCharacters(in: .whitespaces)) else {
            return try Self.json(JobAnswer(error: "seed: a whole number from 0 to 18446744073709551615"), req, status: .unprocessableContent)
        }
        guard (2...settings.maxVariants).contains(body.variants.count) else {
            return try Self.json(JobAnswer(error: "compare two to \(settings.maxVariants) variants"), req, status: .unprocessableContent)
        }
        guard (1...settings.maxReplications).contains(body.replications) else {
            return try Self.json(JobAnswer(error: "replications: from 1 to \(settings.maxReplications) in the workbench"),
                                 req, status: .unprocessableContent)
        }
        var loaded: [(label: String, document: ScenarioDocument)] = []
        var problems: [Problem] = []
        let check = ScenarioCheck(shelf: shelf, scrub: { [self] in scrub($0) })
        for (i, v) in body.variants.enumerated() {
            let label = v.label.trimmingCharacters(in: .whitespacesAndNewlines)
            switch check.load(v.scenario) {
            case .success(let d): loaded.append((label.isEmpty ? "\(i + 1). \(d.scenario.name)" : String(label.prefix(80)), d))
            case .failure(let issues):
                problems += issues.prefix(20).map { Problem(key: $0.key, field: nil, text: "variant \(i + 1): \(check.problem($0).text)") }
            }
        }
        if !problems.isEmpty {
            return try Self.json(JobAnswer(error: "a variant has problems; nothing was run", problems: problems), req,
                                 status: .unprocessableContent)
        }
        // Repeated labels get a number, as `muster compare` numbers them.
        var seen: [String: Int] = [:]
        for i in loaded.indices {
            let n = (seen[loaded[i].label] ?? 0) + 1
            seen[loaded[i].label] = n
            if n > 1 { loaded[i].label += " (\(n))" }
        }
        let (settings, variants, reps) = (self.settings, loaded, body.replications)
        return try submit(.compare, total: reps * loaded.count, req) { job in
            try RunWork.compare(variants, seed: seed, replications: reps, version: settings.version,
                                threads: settings.threads, job: job)
        }
    }

    private func submit(_ kind: RunJob.Kind, total: Int, _ req: Request,
                        work: @escaping @Sendable (RunJob) throws -> Void) throws -> Response {
        let visitor = visitorID(req) ?? Visitors.newID()
        let id = Visitors.newID()
        let job = RunJob(id: id, visitor: visitor, kind: kind, folder: folder(visitor: visitor, job: id), total: total)
        do {
            try queue.submit(job, work: work)
        } catch {
            return try Self.json(JobAnswer(error: "the workbench is busy: \(queue.capacity) runs are waiting or running; try again in a moment"),
                                 req, status: .serviceUnavailable, visitor: visitor)
        }
        var ahead = 0
        if case .queued(let n) = job.current.phase { ahead = n }
        return try Self.json(JobAnswer(id: id, ahead: ahead), req, status: .accepted, visitor: visitor)
    }

    /// The job named in the path, if it is the visitor's own; 404 otherwise
    /// (another visitor's job is as good as none).
    private func ownJob(_ req: Request, _ ctx: Context) throws -> RunJob {
        let id = try ctx.parameters.require("id")
        guard Visitors.isValid(id), let job = queue.job(id), job.visitor == visitorID(req) else {
            throw HTTPError(.notFound, message: "no such run")
        }
        return job
    }

    /// Server-sent events: a `status` event whenever the job changes, the
    /// last one when it is done, failed or cancelled.
    private func events(_ job: RunJob, _ req: Request) -> Response {
        let stopping = self.stopping
        let scrub: @Sendable (String) -> String = { [self] in self.scrub($0) }
        let body = ResponseBody { writer in
            var last = -1
            while true {
                // A stopping server says so first: the run's own end
                // (cancelled by the stop) is not news to the page.
                if stopping.isSet {
                    try await writer.write(ByteBuffer(string: "event: stopped\ndata: {}\n\n"))
                    break
                }
                let s = job.current
                if s.version != last {
                    last = s.version
                    try await writer.write(ByteBuffer(string: "event: status\ndata: \(Self.statusJSON(s, scrub: scrub))\n\n"))
                }
                if s.phase.isFinal { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
    }

    static func statusJSON(_ s: RunJob.Status, scrub: (String) -> String = { $0 }) -> String {
        var phase = "", extra = ""
        switch s.phase {
        case .queued(let n): phase = "queued"; extra = ",\"ahead\":\(n)"
        case .running: phase = "running"
        case .done: phase = "done"
        case .cancelled: phase = "cancelled"
        case .failed(let m):
            phase = "failed"
            extra = ",\"error\":" + (String(data: (try? JSONEncoder().encode(scrub(m))) ?? Data("\"\"".utf8), encoding: .utf8) ?? "\"\"")
        }
        return "{\"phase\":\"\(phase)\",\"done\":\(s.done),\"total\":\(s.total)\(extra)}"
    }

    // MARK: helpers

    func visitorID(_ req: Request) -> String? {
        guard let v = req.cookies[Visitors.cookie]?.value, Visitors.isValid(v) else { return nil }
        return v
    }

    private func decode<T: Decodable>(_ req: inout Request) async throws -> T {
        let buffer = try await req.collectBody(upTo: settings.maxUploadBytes)
        do {
            return try JSONDecoder().decode(T.self, from: Data(String(buffer: buffer).utf8))
        } catch {
            throw HTTPError(.badRequest, message: "the request is not the JSON the page sends")
        }
    }

    static func setVisitor(_ r: inout Response, _ visitor: String) {
        r.setCookie(.init(name: Visitors.cookie, value: visitor, path: "/", httpOnly: true, sameSite: .strict))
    }

    static func text(_ text: String, type: String, _ req: Request) -> Response {
        Response(status: .ok, headers: [.contentType: type],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func json<T: Encodable>(_ value: T, _ req: Request, status: HTTPResponse.Status = .ok,
                                   visitor: String? = nil) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var r = Response(status: status, headers: [.contentType: "application/json"],
                         body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
        if let visitor, req.cookies[Visitors.cookie]?.value != visitor {
            setVisitor(&r, visitor)
        }
        return r
    }
}
