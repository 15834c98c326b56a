import Foundation
import MusterEngine
import MusterModel
import MusterScenario
import MusterStats

/// A run's output files made by the real writers from hand-built
/// replications, so every figure the report shows is known by hand.
enum Fixture {
    /// Tiered order completion 50, 54, 52, 58 h (median 53); p2p 4, 5, 6, 7 h
    /// (median 5.5). Paired differences 46, 49, 46, 51 (mean 48).
    static let tieredOrders = [50.0, 54, 52, 58]
    static let p2pOrders = [4.0, 5, 6, 7]
    static let tieredPhases = [10.0, 20, 8, 15]
    static let p2pPhases = [0.25, 0, 5, 0.75]

    static func replication(_ mode: Mode, _ r: Int, order: Double) -> ReplicationResult {
        let tiered = mode == .tiered
        let done = tiered ? [30.0 + Double(r), 32 + Double(r)] : [3.0 + Double(r), 5 + Double(r) / 2]
        // Coverage: 0 % at 0 h, 50 % at the first micro-grid's end, 100 % at the second's.
        return ReplicationResult(mode: mode, replication: r, orderComplete: order, fieldComplete: done.max()!,
                                 notified: tiered ? [26, 27] : [0.1, 0.2], microgridDone: done,
                                 households: 150, visited: 148, unreached: 2, attempts: 170, events: 400,
                                 busyHoursByLevel: [1, 1, 1, 1, 1], coverageTimes: [0, done[0], done[1]],
                                 phaseHours: tiered ? tieredPhases : p2pPhases)
    }

    static func results(p2pOrders: [Double] = p2pOrders) -> [Mode: [ReplicationResult]] {
        [.tiered: tieredOrders.enumerated().map { replication(.tiered, $0, order: $1) },
         .p2p: p2pOrders.enumerated().map { replication(.p2p, $0, order: $1) }]
    }

    /// A scenario for parameters.json: fan-out 1 × 2 × {2–4} × 2 × Poisson(3)
    /// (36 micro-grids expected), 50–100 households each (2,700 expected).
    static func scenario() throws -> Scenario {
        let office = try WeeklyCalendar.parse("Mon-Fri 08:30-17:30")
        let relay = RelayLevelSpec(handlers: 1, officeHours: office, forward: .sequential,
                                   handle: .lognormal(mean: 7200, sd: 3600), notify: .exponential(mean: 900),
                                   aggregate: .lognormal(mean: 3600, sd: 1800), transmit: .constant(0))
        var perLevel: [Level: RelayLevelSpec] = [:]
        for level in Level.relayLevels { perLevel[level] = relay }
        perLevel[.street]?.handlers = 2
        return Scenario(
            name: "fixture", start: WeekTime.parse("Tue 09:00")!, seed: 42, replications: 4,
            layout: LayoutSpec(source: .fanout([.district: .fixed(1), .street: .fixed(2), .community: .range(min: 2, max: 4),
                                                .grid: .fixed(2), .microgrid: .poisson(mean: 3)]),
                               households: .range(min: 50, max: 100)),
            team: TeamSpec(volunteers: .poisson(mean: 3), volunteerSpeed: 0.8),
            field: FieldSpec(hours: try WeeklyCalendar.parse("daily 07:00-21:00"), travel: .lognormal(mean: 180, sd: 120),
                             visit: .lognormal(mean: 360, sd: 240), notHome: 0.15, revisitAfter: 7200, maxAttempts: 3),
            tiered: TieredSpec(levels: [.city, .street, .grid], perLevel: perLevel, teamNotify: .exponential(mean: 600)),
            p2p: P2PSpec(dutyHours: try WeeklyCalendar.parse("daily 08:00-20:00"), ackOnDuty: .lognormal(mean: 600, sd: 600),
                         ackOffDuty: .lognormal(mean: 7200, sd: 7200), pushFails: 0.05, teamNotify: .exponential(mean: 600),
                         sync: .constant(0)))
    }

    /// The data files of `muster run --out`, as `RunCommand` writes them.
    static func files(results: [Mode: [ReplicationResult]] = results(),
                      overrides: [String] = ["team.volunteers=2"]) throws -> [String: Data] {
        let summary = RunSummary(scenario: "fixture", seed: 42, version: "9.9.9", results: results)
        let modes = Mode.allCases.filter { results[$0] != nil }
        let parameters = ScenarioParameters(scenario: try scenario(), scenarioFile: "scenarios/fixture.yaml",
                                            overrides: overrides, modes: modes)
        return [
            "summary.json": summary.json.fileData,
            "replications.csv": Data(CSVReports.replications(results).utf8),
            "coverage.csv": Data(CSVReports.coverage(summary).utf8),
            "phases.csv": Data(CSVReports.phases(summary).utf8),
            "microgrid_done_histogram.csv": Data(CSVReports.microgridDoneHistogram(summary).utf8),
            "parameters.json": parameters.fileData,
        ]
    }

    /// A fresh folder for one test.
    static func folder() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("muster-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    static func text(_ data: Data?) -> String { data.map { String(decoding: $0, as: UTF8.self) } ?? "" }
}
