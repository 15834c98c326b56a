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
