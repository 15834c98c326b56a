import Foundation
import Testing
@testable import MusterSelect

/// The probability of correct selection over many macro-replications of
/// the whole procedure, on configurations whose best is known. In the test
/// suite a small version (60 macro-replications each); scripts/pcs-select.py
/// sets MUSTER_PCS_MACROREPS (1000) and MUSTER_PCS_OUT (a JSON file) and
/// puts the results in docs/validation.md.
@Suite struct PCSStudyTests {
    struct Config {
        var name: String
        var toy: NormalToy
        var settings: SelectionSettings
    }

    static let configs: [Config] = [
        Config(name: "slippage k=5, independent",
               toy: NormalToy(means: [0.5, 0, 0, 0, 0]),
               settings: SelectionSettings(confidence: 0.95, indifference: 0.5, goal: .largest)),
        Config(name: "slippage k=10, CRN 50 %",
               toy: NormalToy(means: [0] + Array(repeating: 0.5, count: 9), common: 0.5),
               settings: SelectionSettings(confidence: 0.95, indifference: 0.5, goal: .smallest)),
        Config(name: "slippage k=5, unequal variances",
               toy: NormalToy(means: [0.5, 0, 0, 0, 0], sds: [2, 1, 1.5, 2, 3]),
               settings: SelectionSettings(confidence: 0.95, indifference: 0.5, goal: .largest)),
        Config(name: "slippage k=3, confidence 0.9",
               toy: NormalToy(means: [1, 0, 0]),
               settings: SelectionSettings(confidence: 0.9, indifference: 1, goal: .largest, firstStage: 5)),
        Config(name: "increasing means k=7, CRN 80 %",
               toy: NormalToy(means: (0..<7).map { 3 + 0.25 * Double($0) }, common: 0.8),
               settings: SelectionSettings(confidence: 0.95, indifference: 0.25, goal: .smallest)),
        Config(name: "p90 of batches of 20, slippage k=4",
               toy: NormalToy(means: [0, 0.5, 0.5, 0.5]),
               settings: SelectionSettings(confidence: 0.95, indifference: 0.5, goal: .smallest,
                                           statistic: .quantile(0.9, batch: 20))),
    ]

    static var macroReplications: Int {
        ProcessInfo.processInfo.environment["MUSTER_PCS_MACROREPS"].flatMap(Int.init) ?? 60
    }

    @Test func probabilityOfCorrectSelection() throws {
        let n = Self.macroReplications
        var rows: [String] = []
        for c in Self.configs {
            let o = try PCSStudy(toy: c.toy, settings: c.settings).run(macroReplications: n, from: 10_000)
            // Three binomial standard errors below 0.95 (0.86 at 60 runs):
            // a procedure that does not keep its promise fails here.
            let floor = c.settings.confidence - 3 * (c.settings.confidence * (1 - c.settings.confidence) / Double(n)).squareRoot()
            #expect(o.pcs >= floor, "\(c.name): PCS \(o.pcs) over \(n)")
            rows.append("{\"name\": \"\(c.name)\", \"k\": \(c.toy.means.count), \"confidence\": \(c.settings.confidence), "
                        + "\"macroreplications\": \(n), \"correct\": \(o.correct), \"pcs\": \(o.pcs), "
                        + "\"mean_replications\": \(o.meanReplications), \"mean_bonferroni_replications\": \(o.meanBonferroni)}")
        }
        if let out = ProcessInfo.processInfo.environment["MUSTER_PCS_OUT"] {
            try ("[\n" + rows.joined(separator: ",\n") + "\n]\n").write(toFile: out, atomically: true, encoding: .utf8)
        }
    }
}
