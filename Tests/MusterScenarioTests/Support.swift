import Foundation
import MusterScenario

/// A Beilun scenario with every section written out and commented (the
/// keys are in docs/reference/scenario.md).
let interfaceExample = """
name: beilun
start: Tue 09:00
seed: 20200601
replications: 200
layout:
  fanout:                      # children per parent, level by level
    district: 1
    street: 10
    community: {min: 20, max: 30}
    grid: {min: 2, max: 3}
    microgrid: {min: 6, max: 8}
  households: {min: 50, max: 100}   # per micro-grid, integer uniform
  # file: layouts/beilun.csv        # id,parent,level,households instead
team:
  heads: 1
  members: 3
  volunteers: {dist: poisson, mean: 3}
  volunteer_speed: 0.8
field:
  hours: daily 07:00-21:00
  travel: {dist: lognormal, mean: 3m, sd: 2m}
  visit: {dist: lognormal, mean: 6m, sd: 4m}
  not_home: 0.15
  revisit_after: 2h
  max_attempts: 3
tiered:
  levels: [city, district, street, community, grid]
  default: {handlers: 1, office_hours: Mon-Fri 08:30-17:30, forward: sequential,
            handle: {dist: lognormal, mean: 2h, sd: 1h},
            notify: {dist: exponential, mean: 15m},
            aggregate: {dist: lognormal, mean: 1h, sd: 30m},
            transmit: 0s}
  street: {handle: {dist: lognormal, mean: 4h, sd: 2h}}   # per-level overrides
  team_notify: {dist: exponential, mean: 10m}
p2p:
  duty_hours: daily 08:00-20:00
  ack: {on_duty: {dist: lognormal, mean: 10m, sd: 10m},
        off_duty: {dist: lognormal, mean: 2h, sd: 2h}}
  push_fails: 0.05
  team_notify: {dist: exponential, mean: 10m}
  sync: 0s
"""

/// The smallest valid scenario: a fan-out layout, everything else default.
let minimalScenario = """
layout:
  fanout: {district: 1, street: 2, community: 2, grid: 2, microgrid: 2}
"""

/// The issues loading `yaml` reports; empty when it loads.
func issues(_ yaml: String, file: String = "test.yaml", baseDirectory: String = ".",
            overrides: [String] = []) -> [ScenarioIssue] {
    do {
        _ = try ScenarioLoader.load(yaml: yaml, file: file, baseDirectory: baseDirectory, overrides: overrides)
        return []
    } catch {
        return error.issues
    }
}

/// A fresh folder for one test's files (tests run in parallel).
final class TempFolder {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("muster-scenario-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `text` to `name` (which may include subfolders); returns the path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }
}
