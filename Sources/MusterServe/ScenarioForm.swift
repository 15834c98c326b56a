import MusterModel
import MusterScenario

/// The planner's knobs: rows of the scenario key table (`ScenarioSchema`),
/// so each field's type, unit, range and help are the reader's own.
enum ScenarioForm {
    /// Paths of the keys the form shows, grouped as the scenario file is.
    static let paths: [String] = [
        "start",
        "layout.fanout.district", "layout.fanout.street", "layout.fanout.community", "layout.fanout.grid",
        "layout.fanout.microgrid", "layout.households",
        "team.heads", "team.members", "team.volunteers", "team.volunteer_speed",
        "field.hours", "field.not_home", "field.visit", "field.travel",
        "tiered.levels", "tiered.default.office_hours", "tiered.default.handlers", "tiered.default.forward",
        "p2p.duty_hours", "p2p.push_fails", "p2p.rebalance", "p2p.adoption",
    ]

    /// The form's fields, in order.
    static var fields: [ScenarioKey] {
        paths.compactMap { p in ScenarioSchema.keys.first { $0.path == p } }
    }

    /// The section headings: the table's own rows for `layout`, `team`, …
    static func sectionDoc(_ name: String) -> String {
        ScenarioSchema.keys.first { $0.path == name }?.doc ?? ""
    }

    /// A field's value in a loaded scenario, as a scenario file writes it.
    /// `tiered.default.*` shows the first relay level's value (each level's
    /// own keys override the default; the form sets them all together).
    static func value(of path: String, in resolved: ScenarioValue) -> String? {
        if path.hasPrefix("tiered.default.") {
            let name = String(path.dropFirst("tiered.default.".count))
            let first = resolved.value(at: "tiered.levels").flatMap { v -> String? in
                if case .list(let items) = v, let f = items.first { return f.flowText }
                return nil
            } ?? "city"
            return resolved.value(at: "tiered.\(first).\(name)")?.flowText
        }
        if path.hasPrefix("layout.fanout."), resolved.value(at: "layout.file") != nil { return nil }
        return resolved.value(at: path)?.flowText
    }

    /// `--set` texts for a field's new value: a relay default is set on
    /// every relay level too, so a level's own value in the file cannot
    /// hide the change.
    static func overrides(path: String, value: String) -> [String] {
        guard path.hasPrefix("tiered.default.") else { return ["\(path)=\(value)"] }
        let name = String(path.dropFirst("tiered.default.".count))
        return ["\(path)=\(value)"] + Level.relayLevels.map { "tiered.\($0.name).\(name)=\(value)" }
    }

    /// The form field a problem belongs to: its key or a key under it; a
    /// relay level's key belongs to the default's field. Nil: the page
    /// shows it above the form.
    static func field(for key: String) -> String? {
        for p in paths where key == p || key.hasPrefix(p + ".") { return p }
        let parts = key.split(separator: ".").map(String.init)
        if parts.count >= 3, parts[0] == "tiered", Level.relayLevels.contains(where: { $0.name == parts[1] }) {
            let candidate = "tiered.default." + parts[2]
            if paths.contains(candidate) { return candidate }
        }
        return nil
    }
}
