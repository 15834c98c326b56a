import MusterEngine

/// One number inside a scenario that calibration may set directly: a
/// distribution's parameter, a share, a count. Slots let a compiled-once
/// scenario be changed value by value without reading its file again.
public struct ScenarioSlot: Sendable {
    /// Where the number sits, for messages (`field.visit[0]`).
    public let name: String
    /// Whether the slot holds a whole number (set values are rounded).
    public let isInteger: Bool
    public let get: @Sendable (Scenario) -> Double
    public let set: @Sendable (inout Scenario, Double) -> Void
}

extension Scenario {
    /// Every number of the scenario that is a parameter of the model (not
    /// calendars, names or the layout's tree), in a fixed order.
    public var numericSlots: [ScenarioSlot] {
        var slots: [ScenarioSlot] = []
        func dist(_ name: String, _ kp: WritableKeyPath<Scenario, Distribution> & Sendable) {
            for i in 0..<self[keyPath: kp].parameters.count {
                slots.append(ScenarioSlot(name: "\(name)[\(i)]", isInteger: false,
                                          get: { $0[keyPath: kp].parameters[i] },
                                          set: { $0[keyPath: kp] = $0[keyPath: kp].with(parameter: i, $1) }))
            }
        }
        func count(_ name: String, _ kp: WritableKeyPath<Scenario, CountDistribution> & Sendable) {
            for i in 0..<self[keyPath: kp].parameters.count {
                slots.append(ScenarioSlot(name: "\(name)[\(i)]", isInteger: !self[keyPath: kp].isPoisson,
                                          get: { $0[keyPath: kp].parameters[i] },
                                          set: { $0[keyPath: kp] = $0[keyPath: kp].with(parameter: i, $1) }))
            }
        }
        func real(_ name: String, _ kp: WritableKeyPath<Scenario, Double> & Sendable) {
            slots.append(ScenarioSlot(name: name, isInteger: false, get: { $0[keyPath: kp] }, set: { $0[keyPath: kp] = $1 }))
        }
        func int(_ name: String, _ kp: WritableKeyPath<Scenario, Int> & Sendable) {
            slots.append(ScenarioSlot(name: name, isInteger: true, get: { Double($0[keyPath: kp]) },
                                      set: { $0[keyPath: kp] = Int($1.rounded()) }))
        }
        count("layout.households", \.layout.households)
        int("team.heads", \.team.heads)
        int("team.members", \.team.members)
        count("team.volunteers", \.team.volunteers)
        real("team.volunteer_speed", \.team.volunteerSpeed)
        dist("field.travel", \.field.travel)
        dist("field.visit", \.field.visit)
        real("field.not_home", \.field.notHome)
        real("field.revisit_after", \.field.revisitAfter)
        int("field.max_attempts", \.field.maxAttempts)
        for level in Level.relayLevels where tiered.perLevel[level] != nil {
            let n = "tiered.\(level.name)"
            int("\(n).handlers", \.tiered.perLevel[level]!.handlers)
            dist("\(n).handle", \.tiered.perLevel[level]!.handle)
            dist("\(n).notify", \.tiered.perLevel[level]!.notify)
            dist("\(n).aggregate", \.tiered.perLevel[level]!.aggregate)
            dist("\(n).transmit", \.tiered.perLevel[level]!.transmit)
        }
        dist("tiered.team_notify", \.tiered.teamNotify)
        dist("p2p.ack.on_duty", \.p2p.ackOnDuty)
        dist("p2p.ack.off_duty", \.p2p.ackOffDuty)
        real("p2p.push_fails", \.p2p.pushFails)
        dist("p2p.team_notify", \.p2p.teamNotify)
        dist("p2p.sync", \.p2p.sync)
        dist("p2p.reassign", \.p2p.reassign)
        real("p2p.adoption", \.p2p.adoption)
        return slots
    }
}

extension Distribution {
    /// The parameters in the order of the case's fields.
    public var parameters: [Double] {
        switch self {
        case .constant(let v): [v]
        case .uniform(let a, let b): [a, b]
        case .exponential(let m): [m]
        case .lognormal(let m, let s): [m, s]
        case .gamma(let k, let s): [k, s]
        case .weibull(let k, let s): [k, s]
        case .triangular(let a, let c, let b): [a, c, b]
        }
    }

    /// The same law with parameter i set to v.
    public func with(parameter i: Int, _ v: Double) -> Distribution {
        var p = parameters
        p[i] = v
        switch self {
        case .constant: return .constant(p[0])
        case .uniform: return .uniform(min: p[0], max: p[1])
        case .exponential: return .exponential(mean: p[0])
        case .lognormal: return .lognormal(mean: p[0], sd: p[1])
        case .gamma: return .gamma(shape: p[0], scale: p[1])
        case .weibull: return .weibull(shape: p[0], scale: p[1])
        case .triangular: return .triangular(min: p[0], mode: p[1], max: p[2])
        }
    }
}

extension CountDistribution {
    public var parameters: [Double] {
        switch self {
        case .fixed(let n): [Double(n)]
        case .range(let a, let b): [Double(a), Double(b)]
        case .poisson(let m): [m]
        }
    }

    var isPoisson: Bool { if case .poisson = self { true } else { false } }

    public func with(parameter i: Int, _ v: Double) -> CountDistribution {
        var p = parameters
        p[i] = v
        switch self {
        case .fixed: return .fixed(Int(p[0].rounded()))
        case .range: return .range(min: Int(p[0].rounded()), max: Int(p[1].rounded()))
        case .poisson: return .poisson(mean: p[0])
        }
    }
}
