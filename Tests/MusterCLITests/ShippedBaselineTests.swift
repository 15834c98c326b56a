import Foundation
import Testing

/// The committed baselines were written by earlier versions of the engine;
/// an optimisation that changes one number of them fails here. (CI replays
/// Beilun and Ningbo too, with the release build: `make gate`.)
@Suite struct ShippedBaselineTests {
    @Test func lingfengReplaysItsCommittedBaselineBitForBit() throws {
        let r = try CLI.run(["check", "scenarios/lingfeng.yaml", "--baseline", "results/baselines/lingfeng.json", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let v = try #require(try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any])
        #expect(v["layer"] as? String == "exact")
        #expect(v["verdict"] as? String == "unchanged")
    }
}
