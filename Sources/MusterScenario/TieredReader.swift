import MusterEngine
import MusterModel

/// The `tiered` section: relay levels, a default relay-level mapping and
/// per-level overrides merged over it.
extension ScenarioBuilder {
    static let relayKeys = ScenarioSchema.children(of: "tiered.default")

    func tiered(_ top: NodeReader.Mapping) -> TieredSpec {
        let r = reader
        let m = r.section(top, "tiered", allowed: ScenarioSchema.children(of: "tiered"), note: { key in
            key == "microgrid" ? "micro-grids are teams, not relay levels" : nil
        })
        let levels = self.levels(m)
        // Built-in values, then `default`, then the level's own keys.
        let base = relay(r.section(m, "default", allowed: Self.relayKeys), over: Defaults.relay)
        var perLevel: [Level: RelayLevelSpec] = [:]
        for level in Level.relayLevels {
            perLevel[level] = relay(r.section(m, level.name, allowed: Self.relayKeys), over: base)
        }
        return TieredSpec(levels: levels, perLevel: perLevel,
                          teamNotify: r.value(m, "team_notify", default: Defaults.tieredTeamNotify, r.distribution))
    }

    /// `tiered.levels`: unique relay level names, stored root first.
    func levels(_ m: NodeReader.Mapping) -> [Level] {
        let r = reader
        let allowed = Level.relayLevels.map(\.name).joined(separator: ", ")
        guard let node = m.value("levels") else { return Level.relayLevels }
        let path = m.path("levels")
        guard case .sequence(let items) = node.kind else {
            r.report(node, path, "expected a list of relay levels such as [city, street, grid] (allowed: \(allowed)), found \(node.found)")
            return Level.relayLevels
        }
        if items.isEmpty {
            r.report(node, path, "list at least one relay level (allowed: \(allowed)); leave levels out for all of them")
        }
        var seen = Set<Level>()
        for item in items {
            guard let name = r.text(item, path, expected: "a relay level (\(allowed))") else { continue }
            guard let level = Level(name: name), level != .microgrid else {
                let why = name == "microgrid" ? "microgrid is not a relay level (micro-grid teams receive the order)"
                                              : "unknown level '\(name)'"
                r.report(item, path, "\(why); allowed: \(allowed)")
                continue
            }
            if !seen.insert(level).inserted {
                r.report(item, path, "level '\(name)' is listed twice; list each relay level once")
            }
        }
        return Level.relayLevels.filter(seen.contains)
    }

    /// A relay-level mapping with absent keys taken from `base`.
    private func relay(_ m: NodeReader.Mapping, over base: RelayLevelSpec) -> RelayLevelSpec {
        let r = reader
        let forwards = Forwarding.allCases.map(\.rawValue)
        return RelayLevelSpec(
            handlers: r.value(m, "handlers", default: base.handlers) { r.int($0, $1, ScenarioSchema.relayHandlers) },
            officeHours: r.value(m, "office_hours", default: base.officeHours, r.calendar),
            forward: r.value(m, "forward", default: base.forward) {
                r.choice($0, $1, allowed: forwards).flatMap(Forwarding.init(rawValue:))
            },
            handle: r.value(m, "handle", default: base.handle, r.distribution),
            notify: r.value(m, "notify", default: base.notify, r.distribution),
            aggregate: r.value(m, "aggregate", default: base.aggregate, r.distribution),
            transmit: r.value(m, "transmit", default: base.transmit, r.distribution))
    }
}
