import MusterModel
import MusterScenario

/// The planner's knobs: rows of the scenario key table (`ScenarioSchema`),
/// so each field's type, unit, range and help are the reader's own. First
/// the decisions planners weigh in a meeting; the rest under "advanced",
/// with each relay level's own values (a street with two handlers, a
/// district that broadcasts) instead of one value for every level.
enum ScenarioForm {
    /// One field: its scenario path and the key-table row that describes it.
    struct Field {
        var path: String
        var key: ScenarioKey
        /// The relay level of a per-level field.
        var level: Level?
    }

    /// What planners change first: households per micro-grid, volunteers,
    /// app adoption, when the order is issued, which levels relay it.
    static let essentials = ["layout.households", "team.volunteers", "p2p.adoption", "start", "tiered.levels"]

    /// The rest, grouped as the scenario file is.
    static let advanced = [
        "layout.fanout.district", "layout.fanout.street", "layout.fanout.community", "layout.fanout.grid",
        "layout.fanout.microgrid",
        "team.heads", "team.members", "team.volunteer_speed",
        "field.hours", "field.not_home", "field.visit", "field.travel",
    ] + levelPaths + ["p2p.duty_hours", "p2p.push_fails", "p2p.rebalance"]

    /// Each relay level's own keys (`tiered.street.handlers`, …).
    static let levelKeys = ["handlers", "forward", "office_hours", "handle"]
    static var levelPaths: [String] {
        Level.relayLevels.flatMap { level in levelKeys.map { "tiered.\(level.name).\($0)" } }
    }

    /// Paths of every field, in page order.
    static let paths: [String] = essentials + advanced

    /// The form's fields, in order.
    static var fields: [Field] { paths.compactMap(field(path:)) }

    static func field(path: String) -> Field? {
        let parts = path.split(separator: ".").map(String.init)
        if parts.count == 3, parts[0] == "tiered", let level = Level.relayLevels.first(where: { $0.name == parts[1] }) {
            return ScenarioSchema.keys.first { $0.path == "tiered.default." + parts[2] }.map { Field(path: path, key: $0, level: level) }
        }
        return ScenarioSchema.keys.first { $0.path == path }.map { Field(path: path, key: $0, level: nil) }
    }

    /// The section headings: the table's own rows for `layout`, `team`, …
    static func sectionDoc(_ name: String) -> String {
        ScenarioSchema.keys.first { $0.path == name }?.doc ?? ""
    }

    /// A field's value in a loaded scenario, as a scenario file writes it
    /// (a relay level's value with the defaults applied).
    static func value(of path: String, in resolved: ScenarioValue) -> String? {
        if path.hasPrefix("layout.fanout."), resolved.value(at: "layout.file") != nil { return nil }
        return resolved.value(at: path)?.flowText
    }

    /// `--set` texts for a field's new value. (A `tiered.default.*` value,
    /// which older pages sent, is set on every relay level too, so a
    /// level's own value cannot hide it.)
    static func overrides(path: String, value: String) -> [String] {
        guard path.hasPrefix("tiered.default.") else { return ["\(path)=\(value)"] }
        let name = String(path.dropFirst("tiered.default.".count))
        return ["\(path)=\(value)"] + Level.relayLevels.map { "tiered.\($0.name).\(name)=\(value)" }
    }

    /// The form field a problem belongs to: its key or a key under it; a
    /// default relay key belongs to the first level's field. Nil: the page
    /// shows it above the form.
    static func field(for key: String) -> String? {
        for p in paths where key == p || key.hasPrefix(p + ".") { return p }
        let parts = key.split(separator: ".").map(String.init)
        if parts.count >= 3, parts[0] == "tiered", parts[1] == "default" {
            let candidate = "tiered.\(Level.relayLevels[0].name).\(parts[2])"
            if paths.contains(candidate) { return candidate }
        }
        return nil
    }
}
