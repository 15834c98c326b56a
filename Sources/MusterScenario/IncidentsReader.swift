import Foundation
import MusterEngine
import MusterIncidents
import MusterModel

/// The `incidents` section (docs/reference/scenario.md, "incidents") and the top-level
/// `simulate` key. Defaults live in `IncidentDefaults`.
extension ScenarioBuilder {
    static let incidentKeys = ScenarioSchema.children(of: "incidents")
    static let kindKeys = ScenarioSchema.children(of: "incidents.kinds.<kind>")
    static let departmentKeys = ScenarioSchema.children(of: "incidents.departments.<department>")
    static let incidentLevelKeys = ScenarioSchema.children(of: "incidents.tiered.default")
    static let platformKeys = ScenarioSchema.children(of: "incidents.platform")

    /// Reads the whole file: the order's scenario, then the incident
    /// streams (whose relay levels inherit the order's handlers and office
    /// hours), then what to simulate.
    func buildDocument(_ root: YNode) -> ScenarioDocument {
        let scenario = build(root)
        // `build` has reported unknown and duplicate top-level keys.
        let top = NodeReader.Mapping.firstEntries(of: root, allowed: Self.topKeys)
        let incidents = self.incidents(top, order: scenario.tiered)
        let simulate = self.simulate(top, hasIncidents: top.value("incidents").map { !$0.isNull } ?? false)
        return ScenarioDocument(scenario: scenario, incidents: incidents, simulate: simulate,
                                layoutFile: layoutFile(top, scenario.layout))
    }

    /// The layout CSV's path, made absolute so a written scenario
    /// (`ScenarioWriter`) names the same file from any folder.
    private func layoutFile(_ top: NodeReader.Mapping, _ layout: LayoutSpec) -> String? {
        guard case .units = layout.source, let node = top.value("layout") else { return nil }
        guard let relative = NodeReader.Mapping.firstEntries(of: node, allowed: ["file"]).value("file")?.scalar?.text
        else { return nil }
        let path = PathText.resolve(relative, against: baseDirectory)
        return path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// `simulate`: `order`, `incidents` or a list of both.
    private func simulate(_ top: NodeReader.Mapping, hasIncidents: Bool) -> [SimulatedPart] {
        let r = reader
        let fallback: [SimulatedPart] = hasIncidents ? [.incidents] : [.order]
        guard let node = top.value("simulate"), !node.isNull else { return fallback }
        let path = top.path("simulate")
        let names = SimulatedPart.allCases.map(\.rawValue)
        let items: [YNode]
        if case .sequence(let list) = node.kind { items = list } else { items = [node] }
        if items.isEmpty {
            r.report(node, path, "list at least one of \(names.joined(separator: ", ")); leave simulate out for the default")
            return fallback
        }
        var parts = Set<SimulatedPart>()
        for item in items {
            guard let name = r.choice(item, path, allowed: names), let part = SimulatedPart(rawValue: name) else { continue }
            if !parts.insert(part).inserted { r.report(item, path, "'\(name)' is listed twice") }
            if part == .incidents && !hasIncidents {
                r.report(item, path, "simulate names incidents but the scenario has no incidents section; add one (see scenarios/typhoon.yaml)")
            }
        }
        return parts.isEmpty ? fallback : SimulatedPart.allCases.filter(parts.contains)
    }

    /// `incidents`: nil when absent or null.
    private func incidents(_ top: NodeReader.Mapping, order: TieredSpec) -> IncidentSpec? {
        let r = reader
        guard let node = top.value("incidents"), !node.isNull else { return nil }
        guard let m = r.mapping(node, "incidents", allowed: Self.incidentKeys) else { return nil }
        let horizon = r.value(m, "horizon", default: IncidentDefaults.horizon) { self.positiveDuration($0, $1) }
        let warmup = r.value(m, "warmup", default: 0, r.duration)
        if warmup >= horizon, let n = m.value("warmup") {
            r.report(n, m.path("warmup"), "the warm-up (\(DurationText.format(warmup))) must end before the horizon (\(DurationText.format(horizon))): statistics count only incidents after it")
        }
        if horizon > IncidentDefaults.maxHorizon, let n = m.value("horizon") {
            r.report(n, m.path("horizon"), "at most \(DurationText.format(IncidentDefaults.maxHorizon)) can be simulated, found \(DurationText.format(horizon))")
        }
        let step = r.value(m, "sample_every", default: IncidentDefaults.sampleEvery) { self.positiveDuration($0, $1) }
        if horizon / step > Double(IncidentDefaults.maxSamples), let n = m.value("sample_every") {
            r.report(n, m.path("sample_every"), "samples the queues \(CountText.format(horizon / step)) times; at most \(IncidentDefaults.maxSamples) are kept, so use a step of at least \(DurationText.format((horizon / Double(IncidentDefaults.maxSamples)).rounded(.up)))")
        }
        let surge = r.value(m, "surge", default: SurgeProfile.flat) { self.surge($0, $1) }
        let departments = self.departments(m)
        let kinds = self.kinds(m, surge: surge, departments: departments.map(\.name))
        return IncidentSpec(
            horizon: horizon, warmup: min(warmup, horizon), sampleEvery: step, surge: surge, kinds: kinds,
            departments: departments, tiered: incidentTiered(m, order: order), platform: platform(m),
            confirm: r.value(m, "confirm", default: IncidentDefaults.confirm, r.distribution))
    }

    /// `incidents.kinds`: a mapping of kind names to their parameters.
    private func kinds(_ m: NodeReader.Mapping, surge: SurgeProfile, departments: [String]) -> [IncidentKind] {
        let r = reader
        guard let node = m.value("kinds"), !node.isNull else {
            r.missing(m, "kinds", "name at least one kind of incident, e.g. kinds: {hazard: {rate: 0.0001, department: emergency}}")
            return []
        }
        let path = m.path("kinds")
        guard case .mapping(let entries) = node.kind, !entries.isEmpty else {
            r.report(node, path, "expected a mapping of kind names to their parameters, e.g. {hazard: {rate: 0.0001, department: emergency}}, found \(node.found)")
            return []
        }
        // Any name is allowed; the mapping read still catches duplicates.
        let names = entries.map(\.name)
        guard let kinds = r.mapping(node, path, allowed: names) else { return [] }
        return kinds.entries.map { e in
            let k = r.section(kinds, e.name, allowed: Self.kindKeys)
            let rate = r.value(k, "rate", default: 0.0) { self.rate($0, $1) }
            if !k.has("rate") { r.missing(k, "rate", "give the expected incidents per household per day, e.g. rate: 0.0001") }
            var department = departments.first ?? ""
            if let n = k.value("department") {
                if let name = r.text(n, k.path("department"), expected: "a department name (\(departments.joined(separator: ", ")))") {
                    if departments.contains(name) {
                        department = name
                    } else {
                        let list = departments.isEmpty ? "none is defined under incidents.departments" : "allowed: \(departments.joined(separator: ", "))"
                        r.report(n, k.path("department"), "unknown department '\(name)'; \(list)")
                    }
                }
            } else {
                r.missing(k, "department", "name the department that disposes of it (\(departments.joined(separator: ", ")))")
            }
            return IncidentKind(
                name: e.name, ratePerHouseholdDay: rate,
                surge: k.value("surge").flatMap { self.surge($0, k.path("surge")) },
                discover: r.value(k, "discover", default: IncidentDefaults.discover, r.distribution),
                reach: r.value(k, "reach", default: IncidentDefaults.reach) { node, path in
                    r.choice(node, path, allowed: Level.relayLevels.map(\.name)).flatMap(Level.init(name:))
                },
                department: department,
                dispose: r.value(k, "dispose", default: IncidentDefaults.dispose, r.distribution),
                limit: r.value(k, "limit", default: IncidentDefaults.limit) { self.positiveDuration($0, $1) },
                priority: r.value(k, "priority", default: 1) { r.int($0, $1, ScenarioSchema.priority) })
        }
    }

    /// `incidents.departments`: a mapping of department names to handlers,
    /// office hours and queue discipline.
    private func departments(_ m: NodeReader.Mapping) -> [DepartmentSpec] {
        let r = reader
        guard let node = m.value("departments"), !node.isNull else {
            r.missing(m, "departments", "define at least one department, e.g. departments: {emergency: {handlers: 4, office_hours: always}}")
            return []
        }
        let path = m.path("departments")
        guard case .mapping(let entries) = node.kind, !entries.isEmpty else {
            r.report(node, path, "expected a mapping of department names to {handlers, office_hours, queue}, found \(node.found)")
            return []
        }
        guard let departments = r.mapping(node, path, allowed: entries.map(\.name)) else { return [] }
        let queues = QueueDiscipline.allCases.map(\.rawValue)
        return departments.entries.map { e in
            if StationGroup.reservedNames.contains(e.name) {
                r.report(e.key, departments.path(e.name), "'\(e.name)' names a level or a row of the report; call the department something else")
            }
            let d = r.section(departments, e.name, allowed: Self.departmentKeys)
            return DepartmentSpec(
                name: e.name,
                handlers: r.value(d, "handlers", default: 1) { r.int($0, $1, ScenarioSchema.handlers) },
                hours: r.value(d, "office_hours", default: IncidentDefaults.officeHours, r.calendar),
                queue: r.value(d, "queue", default: .fifo) {
                    r.choice($0, $1, allowed: queues).flatMap(QueueDiscipline.init(rawValue:))
                })
        }
    }

    /// `incidents.tiered`: the levels a report climbs (default: the
    /// order's relay levels) and each level's handling; handlers and office
    /// hours default to the order's for the same level (the same office).
    private func incidentTiered(_ m: NodeReader.Mapping, order: TieredSpec) -> IncidentTieredSpec {
        let r = reader
        let t = r.section(m, "tiered", allowed: ScenarioSchema.children(of: "incidents.tiered"), note: { key in
            key == "microgrid" ? "micro-grids report; they do not handle reports" : nil
        })
        let levels = t.has("levels") ? self.levels(t) : order.levels
        let shared = r.section(t, "default", allowed: Self.incidentLevelKeys)
        var perLevel: [Level: IncidentLevelSpec] = [:]
        for level in Level.relayLevels {
            let office = order.perLevel[level]
            let base = IncidentLevelSpec(
                handlers: r.value(shared, "handlers", default: office?.handlers ?? 1) { r.int($0, $1, ScenarioSchema.handlers) },
                hours: r.value(shared, "office_hours", default: office?.officeHours ?? IncidentDefaults.officeHours, r.calendar),
                handle: r.value(shared, "handle", default: IncidentDefaults.handle, r.distribution))
            let own = r.section(t, level.name, allowed: Self.incidentLevelKeys)
            perLevel[level] = IncidentLevelSpec(
                handlers: r.value(own, "handlers", default: base.handlers) { r.int($0, $1, ScenarioSchema.handlers) },
                hours: r.value(own, "office_hours", default: base.hours, r.calendar),
                handle: r.value(own, "handle", default: base.handle, r.distribution))
        }
        return IncidentTieredSpec(levels: levels, perLevel: perLevel)
    }

    /// `incidents.platform`: point-to-point triage.
    private func platform(_ m: NodeReader.Mapping) -> PlatformSpec {
        let r = reader
        let p = r.section(m, "platform", allowed: Self.platformKeys)
        return PlatformSpec(
            level: r.value(p, "level", default: IncidentDefaults.platformLevel) {
                r.choice($0, $1, allowed: Level.relayLevels.map(\.name)).flatMap(Level.init(name:))
            },
            handlers: r.value(p, "handlers", default: IncidentDefaults.platformHandlers) { r.int($0, $1, ScenarioSchema.handlers) },
            hours: r.value(p, "office_hours", default: .always, r.calendar),
            triage: r.value(p, "triage", default: IncidentDefaults.triage, r.distribution))
    }

    // MARK: Values

    /// A list of day multipliers, each a number ≥ 0.
    private func surge(_ node: YNode, _ path: String) -> SurgeProfile? {
        let r = reader
        let help = "a list of rate multipliers per simulated day, e.g. [1, 1, 10, 10, 1] (days past the list: 1)"
        guard case .sequence(let items) = node.kind else {
            r.report(node, path, "expected \(help), found \(node.found)")
            return nil
        }
        var factors: [Double] = []
        var ok = true
        for item in items {
            guard let v = r.number(item, path, expected: "a multiplier ≥ 0 in \(help)") else { ok = false; continue }
            guard v >= 0 else {
                r.report(item, path, "a multiplier must be ≥ 0, found \(item.found)")
                ok = false
                continue
            }
            factors.append(v)
        }
        return ok ? SurgeProfile(factors: factors) : nil
    }

    /// Incidents per household per day: a number ≥ 0.
    private func rate(_ node: YNode, _ path: String) -> Double? {
        let r = reader
        guard let v = r.number(node, path, expected: "incidents per household per day, a number ≥ 0 such as 0.0001") else { return nil }
        guard v >= 0 else {
            r.report(node, path, "a rate must be ≥ 0 (incidents per household per day), found \(node.found)")
            return nil
        }
        return v
    }

    /// A duration > 0.
    private func positiveDuration(_ node: YNode, _ path: String) -> Double? {
        guard let v = reader.duration(node, path) else { return nil }
        guard v > 0 else {
            reader.report(node, path, "must be longer than 0, found \(node.found); expected \(NodeReader.durationHelp)")
            return nil
        }
        return v
    }
}

extension NodeReader.Mapping {
    /// The first entry of each allowed key of a mapping node, without
    /// reporting anything (for a second look at a mapping already read).
    static func firstEntries(of node: YNode, allowed: [String]) -> NodeReader.Mapping {
        var kept: [YNode.Entry] = []
        if case .mapping(let entries) = node.kind {
            for e in entries where allowed.contains(e.name) && !kept.contains(where: { $0.name == e.name }) {
                kept.append(e)
            }
        }
        return NodeReader.Mapping(node: node, path: "", entries: kept)
    }
}

/// Built-in values of the `incidents` section; one place so docs and
/// code agree.
enum IncidentDefaults {
    static let horizon = 7 * 86_400.0
    static let sampleEvery = 3_600.0
    /// Ten years: the queue series and incident arrays must fit in memory.
    static let maxHorizon = 3_650 * 86_400.0
    static let maxSamples = 100_000
    static let discover = Distribution.exponential(mean: 3_600)
    static let reach = Level.street
    static let dispose = Distribution.lognormal(mean: 7_200, sd: 3_600)
    static let limit = 86_400.0
    static let officeHours = (try? WeeklyCalendar.parse("Mon-Fri 08:30-17:30")) ?? .always
    static let handle = Distribution.lognormal(mean: 1_800, sd: 1_200)
    static let platformLevel = Level.street
    static let platformHandlers = 1
    static let triage = Distribution.exponential(mean: 900)
    static let confirm = Distribution.lognormal(mean: 3_600, sd: 1_800)
}
