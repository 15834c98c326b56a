import Foundation
import MusterScenario
@testable import MusterSweep

/// Files for sweep tests, each in its own temporary folder (tests run in
/// parallel).
enum Fixture {
    /// A small, fast scenario: a few micro-grids of 20–40 households.
    static let scenario = """
    name: small
    start: Tue 09:00
    seed: 42
    replications: 6
    layout:
      fanout: {district: 1, street: 2, community: 1, grid: 2, microgrid: {min: 2, max: 3}}
      households: {min: 20, max: 40}
    team: {heads: 1, members: 3, volunteers: {dist: poisson, mean: 2}, volunteer_speed: 0.8}

    """

    static func tempDir() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("muster-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    /// Writes the small scenario and `sweep` (which names it `small.yaml`)
    /// into a fresh folder; returns the sweep file's path.
    static func sweep(_ sweep: String) throws -> String {
        let dir = try tempDir()
        try Data(scenario.utf8).write(to: dir.appendingPathComponent("small.yaml"))
        let path = dir.appendingPathComponent("sweep.yaml").path
        try Data(sweep.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func plan(_ sweep: String) throws -> SweepPlan {
        try SweepPlan.make(try SweepFileReader.load(path: try Self.sweep(sweep)))
    }

    /// Issues of a sweep text that must fail.
    static func issues(_ sweep: String) throws -> [ScenarioIssue] {
        do {
            _ = try plan(sweep)
            return []
        } catch let e as ScenarioError {
            return e.issues
        }
    }

    /// Runs `plan` (or one shard of it) into a new store and returns it.
    static func run(_ plan: SweepPlan, shard: Shard? = nil, threads: Int = 2) throws -> SweepStore {
        let path = try tempDir().appendingPathComponent("sweep.sqlite").path
        let store = try SweepStore.create(at: path, header: plan.header, shard: shard, version: "test")
        _ = try SweepRunner(plan: plan, store: store, threads: threads).run()
        return store
    }
}
