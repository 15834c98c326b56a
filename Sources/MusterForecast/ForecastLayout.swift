import MusterModel

/// The micro-grids a log names: a forecast needs a layout read from a CSV
/// (`layout.file`), whose tree is the same in every replication, so that a
/// log's `unit_id` is one micro-grid of every replication.
public enum ForecastLayout {
    /// Every unit id and the micro-grids' ids, in layout order; nil for a
    /// drawn (fan-out) layout.
    public static func ids(_ scenario: Scenario) -> (units: [String], microgrids: [String])? {
        guard case .units(let rows) = scenario.layout.source,
              let units = Layout.unitIds(scenario.layout, scope: scenario.scope) else { return nil }
        var level: [String: Level] = [:]
        for r in rows { level[r.id] = r.level }
        return (units, units.filter { level[$0] == .microgrid })
    }
}
