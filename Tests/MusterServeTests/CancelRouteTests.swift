import Foundation
import Testing
@testable import MusterServe

/// Cancelling over HTTP: the run stops at its next batch, and only its
/// visitor may cancel it.
@Suite struct CancelRouteTests {
    @Test func aCancelledRunEndsCancelledAndOnlyItsVisitorMayCancelIt() async throws {
        let h = try await ServerHarness()
        let yaml = try ServerHarness.shipped("lingfeng.yaml")
        let visitor = "00000000000000000000000000000001"
        // Far more replications than finish before the cancel arrives.
        let started = try await h.post("/api/runs", json: ["scenario": ["yaml": yaml, "source": "lingfeng.yaml"],
                                                           "replications": 2000, "seed": "3"], visitor: visitor)
        #expect(started.status == 202)
        let id = try started.json()["id"] as? String ?? ""
        let stranger = try await h.post("/api/jobs/\(id)/cancel", json: [:], visitor: "00000000000000000000000000000002")
        #expect(stranger.status == 404)
        let cancel = try await h.post("/api/jobs/\(id)/cancel", json: [:], visitor: visitor)
        #expect(cancel.status == 200)
        let last = try await h.finish(id, visitor: visitor)
        #expect(last["phase"] as? String == "cancelled")
        #expect((last["done"] as? Int ?? 2000) < 2000)
        #expect(try await h.get("/jobs/\(id)/summary.json", visitor: visitor).status == 404)
        await h.stop()
    }
}

/// Ctrl-C (here `stop()`, which SIGINT triggers) while a long run is
/// watched: the server does not wait for the run, the page's progress
/// stream ends with `stopped`, and the run writes nothing.
@Suite struct StopTests {
    @Test func stoppingTheServerMidRunEndsTheRunAndItsStream() async throws {
        let h = try await ServerHarness()
        let visitor = "00000000000000000000000000000003"
        let yaml = try ServerHarness.shipped("beilun.yaml")
        // Minutes of work on two threads: far longer than the bound below.
        let started = try await h.post("/api/runs", json: ["scenario": ["yaml": yaml, "source": "beilun.yaml"],
                                                           "replications": 2000, "seed": "9"], visitor: visitor)
        #expect(started.status == 202)
        let id = try started.json()["id"] as? String ?? ""
        let job = try #require(h.workbench.queue.job(id))
        while job.current.done < 1 { try await Task.sleep(for: .milliseconds(20)) }
        async let stream = h.get("/api/jobs/\(id)/events", visitor: visitor)
        try await Task.sleep(for: .milliseconds(300))
        let clock = ContinuousClock()
        let took = await clock.measure { await h.stop() }
        let events = try await stream.text
        #expect(events.contains("event: stopped"))
        // About a second on an idle machine (the browser test times it);
        // the bound is for a loaded 2-core CI box running other suites.
        #expect(took < .seconds(20), "stop took \(took)")
        #expect(job.current.done < 2000)
        #expect(!FileManager.default.fileExists(atPath: h.scratch.path))
    }
}
