import Foundation
import Testing

/// `muster drill`: the shipped example logs are what docs/reference/drill-log.md
/// says made them, and bad requests are refused.
@Suite struct DrillCommandTests {
    @Test func shippedExampleLogsComeFromTheirRecordedParameters() throws {
        let runs: [(String, [String])] = [
            ("drill-p2p.csv", ["--mode", "p2p", "--seed", "11", "--set", "field.visit.mean=9m", "--set", "field.not_home=0.25",
                               "--set", "p2p.ack.on_duty.mean=25m"]),
            ("drill-tiered.csv", ["--mode", "tiered", "--seed", "12", "--observed-until", "28", "--set", "field.visit.mean=9m",
                                  "--set", "field.not_home=0.25", "--set", "tiered.street.handle.mean=6h"]),
        ]
        let doc = try String(contentsOf: CLI.packageRoot.appendingPathComponent("docs/reference/drill-log.md"), encoding: .utf8)
        for (file, args) in runs {
            let r = try CLI.run(["drill", "scenarios/drill/district.yaml"] + args)
            #expect(r.status == 0, "\(r.stderr)")
            let shipped = try String(contentsOf: CLI.packageRoot.appendingPathComponent("scenarios/drill/\(file)"), encoding: .utf8)
            #expect(r.stdout == shipped, "\(file) differs from what its recorded command prints")
            #expect(doc.contains("muster drill scenarios/drill/district.yaml " + args.joined(separator: " ")))
        }
    }

    @Test func aDrawnLayoutIsRefused() throws {
        let r = try CLI.run(["drill", "scenarios/lingfeng.yaml", "--mode", "p2p"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("layout CSV") && r.stdout.isEmpty)
        let bad = try CLI.run(["drill", "scenarios/drill/district.yaml", "--mode", "p2p", "--observed-until", "-3"])
        #expect(bad.status == 2)
    }
}
