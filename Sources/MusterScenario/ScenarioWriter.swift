import MusterEngine
import MusterIncidents
import MusterModel

/// The reader's other direction: a loaded scenario written back as a
/// complete scenario mapping, every key of `ScenarioSchema` spelled out
/// (defaults and `--set` overrides resolved). Its JSON text is YAML that
/// `ScenarioLoader.loadDocument(yaml:)` reads back to the same document.
public enum ScenarioWriter {
    /// The whole document: the order's keys, then `incidents` (when
    /// present) and `simulate`.
    public static func mapping(_ d: ScenarioDocument) -> ScenarioValue {
        guard case .mapping(var top) = mapping(d.scenario, layoutFile: d.layoutFile) else { return .mapping([]) }
        if let incidents = d.incidents { top.append(("incidents", self.incidents(incidents))) }
        top.append(("simulate", .list(d.simulate.map { .text($0.rawValue) })))
        return .mapping(top)
    }

    /// The order's scenario. A layout read from a file is written as that
    /// file's path (`layoutFile`), which must then still be readable.
    public static func mapping(_ s: Scenario, layoutFile: String? = nil) -> ScenarioValue {
        var top: [(String, ScenarioValue)] = [
            ("name", .text(s.name)),
            ("start", .text(s.start.description)),
            ("seed", .seed(s.seed)),
            ("replications", .int(s.replications)),
        ]
        if let scope = s.scope { top.append(("scope", .list(scope.map { .text($0) }))) }
        var layout: [(String, ScenarioValue)] = []
        switch s.layout.source {
        case .fanout(let fanout):
            layout.append(("fanout", .mapping(Level.allCases.dropFirst().map { ($0.name, .count(fanout[$0] ?? .fixed(1))) })))
        case .units:
            layout.append(("file", .text(layoutFile ?? "")))
        }
        layout.append(("households", .count(s.layout.households)))
        top.append(("layout", .mapping(layout)))
        top.append(("team", .mapping([
            ("heads", .int(s.team.heads)),
            ("members", .int(s.team.members)),
            ("volunteers", .count(s.team.volunteers)),
            ("volunteer_speed", .number(s.team.volunteerSpeed)),
        ])))
        top.append(("field", .mapping([
            ("hours", .text(s.field.hours.description)),
            ("travel", .distribution(s.field.travel)),
            ("visit", .distribution(s.field.visit)),
            ("not_home", .number(s.field.notHome)),
            ("revisit_after", .duration(s.field.revisitAfter)),
            ("max_attempts", .int(s.field.maxAttempts)),
        ])))
        // Every level's merged parameters, passed or not: a skipped level's
        // values still belong to the scenario (and `--set tiered.levels`
        // may bring it back).
        var tiered: [(String, ScenarioValue)] = [("levels", .list(s.tiered.levels.map { .text($0.name) }))]
        for level in Level.relayLevels {
            if let spec = s.tiered.perLevel[level] { tiered.append((level.name, relay(spec))) }
        }
        tiered.append(("team_notify", .distribution(s.tiered.teamNotify)))
        top.append(("tiered", .mapping(tiered)))
        top.append(("p2p", .mapping([
            ("duty_hours", .text(s.p2p.dutyHours.description)),
            ("ack", .mapping([("on_duty", .distribution(s.p2p.ackOnDuty)), ("off_duty", .distribution(s.p2p.ackOffDuty))])),
            ("push_fails", .number(s.p2p.pushFails)),
            ("team_notify", .distribution(s.p2p.teamNotify)),
            ("sync", .distribution(s.p2p.sync)),
            ("rebalance", .text(s.p2p.rebalance.rawValue)),
            ("reassign", .distribution(s.p2p.reassign)),
            ("adoption", .number(s.p2p.adoption)),
        ])))
        return .mapping(top)
    }

    /// A relay level's keys (those of `tiered.default`).
    static func relay(_ r: RelayLevelSpec) -> ScenarioValue {
        .mapping([
            ("handlers", .int(r.handlers)),
            ("office_hours", .text(r.officeHours.description)),
            ("forward", .text(r.forward.rawValue)),
            ("handle", .distribution(r.handle)),
            ("notify", .distribution(r.notify)),
            ("aggregate", .distribution(r.aggregate)),
            ("transmit", .distribution(r.transmit)),
        ])
    }

    /// The `incidents` section.
    static func incidents(_ i: IncidentSpec) -> ScenarioValue {
        func surge(_ p: SurgeProfile) -> ScenarioValue { .list(p.factors.map { .number($0) }) }
        let kinds: [(String, ScenarioValue)] = i.kinds.map { k in
            var m: [(String, ScenarioValue)] = [("rate", .number(k.ratePerHouseholdDay))]
            if let s = k.surge { m.append(("surge", surge(s))) }
            m += [
                ("discover", .distribution(k.discover)),
                ("reach", .text(k.reach.name)),
                ("department", .text(k.department)),
                ("dispose", .distribution(k.dispose)),
                ("limit", .duration(k.limit)),
                ("priority", .int(k.priority)),
            ]
            return (k.name, .mapping(m))
        }
        let departments: [(String, ScenarioValue)] = i.departments.map { d in
            (d.name, .mapping([("handlers", .int(d.handlers)), ("office_hours", .text(d.hours.description)),
                               ("queue", .text(d.queue.rawValue))]))
        }
        var tiered: [(String, ScenarioValue)] = [("levels", .list(i.tiered.levels.map { .text($0.name) }))]
        for level in Level.relayLevels {
            guard let l = i.tiered.perLevel[level] else { continue }
            tiered.append((level.name, .mapping([("handlers", .int(l.handlers)), ("office_hours", .text(l.hours.description)),
                                                 ("handle", .distribution(l.handle))])))
        }
        return .mapping([
            ("horizon", .duration(i.horizon)),
            ("warmup", .duration(i.warmup)),
            ("sample_every", .duration(i.sampleEvery)),
            ("surge", surge(i.surge)),
            ("kinds", .mapping(kinds)),
            ("departments", .mapping(departments)),
            ("tiered", .mapping(tiered)),
            ("platform", .mapping([
                ("level", .text(i.platform.level.name)),
                ("handlers", .int(i.platform.handlers)),
                ("office_hours", .text(i.platform.hours.description)),
                ("triage", .distribution(i.platform.triage)),
            ])),
            ("confirm", .distribution(i.confirm)),
        ])
    }
}
