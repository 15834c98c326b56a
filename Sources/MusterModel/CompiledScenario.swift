import MusterEngine

/// A scenario with its distributions precompiled for the event loop, shared
/// read-only by every replication.
public struct CompiledScenario: Sendable {
    public let scenario: Scenario
    let origin: Double
    let travel: Distribution.Sampler
    let visit: Distribution.Sampler
    let tieredTeamNotify: Distribution.Sampler
    let p2pTeamNotify: Distribution.Sampler
    let ackOnDuty: Distribution.Sampler
    let ackOffDuty: Distribution.Sampler
    let sync: Distribution.Sampler
    let reassign: Distribution.Sampler
    /// Relay parameters indexed by `Level.rawValue` (city … grid).
    let relay: [RelaySamplers]

    struct RelaySamplers: Sendable {
        let handlers: Int
        let officeHours: WeeklyCalendar
        let forward: Forwarding
        let handle: Distribution.Sampler
        let notify: Distribution.Sampler
        let aggregate: Distribution.Sampler
        let transmit: Distribution.Sampler
    }

    public init(_ s: Scenario) {
        scenario = s
        origin = s.start.seconds
        travel = s.field.travel.sampler
        visit = s.field.visit.sampler
        tieredTeamNotify = s.tiered.teamNotify.sampler
        p2pTeamNotify = s.p2p.teamNotify.sampler
        ackOnDuty = s.p2p.ackOnDuty.sampler
        ackOffDuty = s.p2p.ackOffDuty.sampler
        sync = s.p2p.sync.sampler
        reassign = s.p2p.reassign.sampler
        relay = Level.relayLevels.map { level in
            let spec = s.tiered.perLevel[level] ?? s.tiered.perLevel.values.first!
            return RelaySamplers(handlers: spec.handlers, officeHours: spec.officeHours, forward: spec.forward,
                                 handle: spec.handle.sampler, notify: spec.notify.sampler,
                                 aggregate: spec.aggregate.sampler, transmit: spec.transmit.sampler)
        }
    }

    /// Root key of replication `r`'s random streams.
    func key(replication r: Int) -> StreamKey {
        StreamKey(seed: scenario.seed).child(UInt64(r))
    }
}

/// Substream families; each entity's draws come from key(family, entity…).
enum DrawFamily: UInt64 {
    case layout = 1
    case household = 2
    case tieredCall = 3
    case p2pCall = 4
    case ack = 5
    case relay = 6
    case sync = 7
    /// A moved worker's delay: (worker, move number).
    case reassign = 8
    /// Whether a micro-grid's team uses the app: (micro-grid).
    case adoption = 9
    /// Delay before a relay unit's aggregated report of its non-app
    /// micro-grids shows at the centre: (unit).
    case relaySync = 10
}
