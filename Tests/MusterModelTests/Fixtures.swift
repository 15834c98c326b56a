import MusterEngine
@testable import MusterModel

/// Hand-built scenarios for model tests (no YAML, so these tests check the
/// model alone).
enum Fixture {
    static let h = 3600.0
    static let m = 60.0

    /// Every relay level with the same parameters.
    static func relay(handlers: Int = 1, hours: WeeklyCalendar = .always, forward: Forwarding = .sequential,
                      handle: Distribution = .constant(0), notify: Distribution = .constant(0),
                      aggregate: Distribution = .constant(0), transmit: Distribution = .constant(0)) -> [Level: RelayLevelSpec] {
        var out: [Level: RelayLevelSpec] = [:]
        for l in Level.relayLevels {
            out[l] = RelayLevelSpec(handlers: handlers, officeHours: hours, forward: forward, handle: handle,
                                    notify: notify, aggregate: aggregate, transmit: transmit)
        }
        return out
    }

    /// A small Beilun-like scenario with the defaults of docs/reference/scenario.md.
    static func beilunLike(seed: UInt64 = 7) -> Scenario {
        var perLevel = relay(hours: try! WeeklyCalendar.parse("Mon-Fri 08:30-17:30"),
                             handle: .lognormal(mean: 2 * h, sd: 1 * h), notify: .exponential(mean: 15 * m),
                             aggregate: .lognormal(mean: 1 * h, sd: 30 * m))
        perLevel[.street]!.handle = .lognormal(mean: 4 * h, sd: 2 * h)
        return Scenario(
            name: "test", start: WeekTime.parse("Tue 09:00")!, seed: seed, replications: 4,
            layout: LayoutSpec(source: .fanout([.district: .fixed(1), .street: .fixed(2), .community: .range(min: 2, max: 3),
                                                .grid: .range(min: 2, max: 3), .microgrid: .range(min: 6, max: 8)]),
                               households: .range(min: 50, max: 100)),
            team: TeamSpec(heads: 1, members: 3, volunteers: .poisson(mean: 3), volunteerSpeed: 0.8),
            field: FieldSpec(hours: try! WeeklyCalendar.parse("daily 07:00-21:00"),
                             travel: .lognormal(mean: 3 * m, sd: 2 * m), visit: .lognormal(mean: 6 * m, sd: 4 * m),
                             notHome: 0.15, revisitAfter: 2 * h, maxAttempts: 3),
            tiered: TieredSpec(levels: Level.relayLevels, perLevel: perLevel, teamNotify: .exponential(mean: 10 * m)),
            p2p: P2PSpec(dutyHours: try! WeeklyCalendar.parse("daily 08:00-20:00"),
                         ackOnDuty: .lognormal(mean: 10 * m, sd: 10 * m), ackOffDuty: .lognormal(mean: 2 * h, sd: 2 * h),
                         pushFails: 0.05, teamNotify: .exponential(mean: 10 * m), sync: .constant(0)))
    }
}

extension Fixture {
    /// One micro-grid under a chain of single units, everything instant
    /// except what a test sets: the base for closed-form checks.
    static func single(households: Int, heads: Int = 1, members: Int = 0,
                       visit: Distribution, travel: Distribution = .constant(0),
                       microgrids: CountDistribution = .fixed(1), seed: UInt64 = 1) -> Scenario {
        Scenario(
            name: "single", start: WeekTime.parse("Mon 00:00")!, seed: seed, replications: 1,
            layout: LayoutSpec(source: .fanout([.district: .fixed(1), .street: .fixed(1), .community: .fixed(1),
                                                .grid: .fixed(1), .microgrid: microgrids]),
                               households: .fixed(households)),
            team: TeamSpec(heads: heads, members: members, volunteers: .fixed(0), volunteerSpeed: 1),
            field: FieldSpec(hours: .always, travel: travel, visit: visit, notHome: 0, revisitAfter: 0, maxAttempts: 1),
            tiered: TieredSpec(levels: Level.relayLevels, perLevel: relay(), teamNotify: .constant(0)),
            p2p: P2PSpec(dutyHours: .always, ackOnDuty: .constant(0), ackOffDuty: .constant(0),
                         pushFails: 0, teamNotify: .constant(0), sync: .constant(0)))
    }

    static func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }
    static func sd(_ xs: [Double]) -> Double {
        let m = mean(xs)
        return (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)).squareRoot()
    }
}

/// Hours as minutes, rounded to a microsecond's fraction: hand-computed
/// times in whole minutes compare exactly, whatever the rounding of the
/// seconds-to-hours conversion.
func minutes(_ hours: Double) -> Double {
    (hours * 60 * 1e6).rounded() / 1e6
}
