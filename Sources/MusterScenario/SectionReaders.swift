import MusterEngine
import MusterModel

/// The `team`, `field` and `p2p` sections.
extension ScenarioBuilder {
    func team(_ top: NodeReader.Mapping) -> TeamSpec {
        let r = reader
        let m = r.section(top, "team", allowed: ScenarioSchema.children(of: "team"))
        return TeamSpec(
            heads: r.value(m, "heads", default: Defaults.heads) { r.int($0, $1, ScenarioSchema.heads) },
            members: r.value(m, "members", default: Defaults.members) { r.int($0, $1, ScenarioSchema.members) },
            volunteers: r.value(m, "volunteers", default: Defaults.volunteers) { r.count($0, $1, max: ScenarioSchema.volunteers.intMax) },
            volunteerSpeed: r.value(m, "volunteer_speed", default: Defaults.volunteerSpeed) {
                r.bounded($0, $1, min: ScenarioSchema.volunteerSpeed.min!, max: ScenarioSchema.volunteerSpeed.max!, expected: "a speed relative to a grid member")
            })
    }

    func field(_ top: NodeReader.Mapping) -> FieldSpec {
        let r = reader
        let m = r.section(top, "field", allowed: ScenarioSchema.children(of: "field"))
        return FieldSpec(
            hours: r.value(m, "hours", default: Defaults.fieldHours, r.calendar),
            travel: r.value(m, "travel", default: Defaults.travel, r.distribution),
            visit: r.value(m, "visit", default: Defaults.visit, r.distribution),
            notHome: r.value(m, "not_home", default: Defaults.notHome) { r.probability($0, $1, belowOne: ScenarioSchema.notHome.maxExclusive) },
            revisitAfter: r.value(m, "revisit_after", default: Defaults.revisitAfter, r.duration),
            maxAttempts: r.value(m, "max_attempts", default: Defaults.maxAttempts) { r.int($0, $1, ScenarioSchema.maxAttempts) })
    }

    func p2p(_ top: NodeReader.Mapping) -> P2PSpec {
        let r = reader
        let m = r.section(top, "p2p", allowed: ScenarioSchema.children(of: "p2p"))
        let ack = r.section(m, "ack", allowed: ScenarioSchema.children(of: "p2p.ack"))
        return P2PSpec(
            dutyHours: r.value(m, "duty_hours", default: Defaults.dutyHours, r.calendar),
            ackOnDuty: r.value(ack, "on_duty", default: Defaults.ackOnDuty, r.distribution),
            ackOffDuty: r.value(ack, "off_duty", default: Defaults.ackOffDuty, r.distribution),
            pushFails: r.value(m, "push_fails", default: Defaults.pushFails) { r.probability($0, $1, belowOne: ScenarioSchema.pushFails.maxExclusive) },
            teamNotify: r.value(m, "team_notify", default: Defaults.p2pTeamNotify, r.distribution),
            sync: r.value(m, "sync", default: Defaults.sync, r.distribution),
            rebalance: r.value(m, "rebalance", default: Defaults.rebalance) {
                r.choice($0, $1, allowed: Rebalance.allCases.map(\.rawValue)).flatMap(Rebalance.init(rawValue:))
            },
            reassign: r.value(m, "reassign", default: Defaults.reassign, r.distribution),
            adoption: r.value(m, "adoption", default: Defaults.adoption) { r.probability($0, $1, belowOne: ScenarioSchema.adoption.maxExclusive) })
    }
}
