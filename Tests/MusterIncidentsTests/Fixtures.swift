import MusterNumerics
import MusterEngine
import MusterModel
@testable import MusterIncidents

/// Hand-built scenarios for incident tests (no YAML: these check the model).
enum IncidentFixture {
    static let h = 3600.0
    static let m = 60.0

    /// One chain of single units down to one micro-grid of `households`,
    /// starting Monday 00:00. Only the layout and the seed matter to the
    /// incident model.
    static func chain(households: Int = 1000, seed: UInt64 = 1, start: String = "Mon 00:00") -> Scenario {
        var perLevel: [Level: RelayLevelSpec] = [:]
        for l in Level.relayLevels {
            perLevel[l] = RelayLevelSpec(handlers: 1, officeHours: .always, forward: .sequential, handle: .constant(0),
                                         notify: .constant(0), aggregate: .constant(0), transmit: .constant(0))
        }
        return Scenario(
            name: "chain", start: WeekTime.parse(start)!, seed: seed, replications: 1,
            layout: LayoutSpec(source: .fanout([.district: .fixed(1), .street: .fixed(1), .community: .fixed(1),
                                                .grid: .fixed(1), .microgrid: .fixed(1)]),
                               households: .fixed(households)),
            team: TeamSpec(), field: FieldSpec(hours: .always, travel: .constant(0), visit: .constant(0), notHome: 0,
                                               revisitAfter: 0, maxAttempts: 1),
            tiered: TieredSpec(levels: Level.relayLevels, perLevel: perLevel, teamNotify: .constant(0)),
            p2p: P2PSpec(dutyHours: .always, ackOnDuty: .constant(0), ackOffDuty: .constant(0), pushFails: 0,
                         teamNotify: .constant(0), sync: .constant(0)))
    }

    /// Every relay level with the same incident handling.
    static func levels(handlers: Int = 1, hours: WeeklyCalendar = .always,
                       handle: Distribution = .constant(0)) -> [Level: IncidentLevelSpec] {
        var out: [Level: IncidentLevelSpec] = [:]
        for l in Level.relayLevels { out[l] = IncidentLevelSpec(handlers: handlers, hours: hours, handle: handle) }
        return out
    }

    /// One kind at `perHour` incidents an hour over `households`, found and
    /// confirmed at once, disposed of by department "d"; the platform at
    /// the street triages in `triage` on `platformHandlers` handlers.
    static func stream(perHour: Double, households: Int = 1000, horizon: Double, warmup: Double = 0,
                       triage: Distribution = .constant(0), platformHandlers: Int = 1,
                       dispose: Distribution = .constant(0), departmentHandlers: Int = 1,
                       tieredLevels: [Level] = [.grid], reach: Level = .grid,
                       handle: Distribution = .constant(0), handlers: Int = 1) -> IncidentSpec {
        IncidentSpec(
            horizon: horizon, warmup: warmup, sampleEvery: 24 * h,
            kinds: [IncidentKind(name: "k", ratePerHouseholdDay: perHour * 24 / Double(households),
                                 discover: .constant(0), reach: reach, department: "d", dispose: dispose,
                                 limit: 24 * h)],
            departments: [DepartmentSpec(name: "d", handlers: departmentHandlers, hours: .always)],
            tiered: IncidentTieredSpec(levels: tieredLevels, perLevel: levels(handlers: handlers, handle: handle)),
            platform: PlatformSpec(level: .street, handlers: platformHandlers, hours: .always, triage: triage),
            confirm: .constant(0))
    }

    static func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }

    static func sd(_ xs: [Double]) -> Double {
        let m = mean(xs)
        return (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)).squareRoot()
    }

    /// The two-sided `level` t-interval of the mean of `xs`.
    static func interval(_ xs: [Double], level: Double = 0.99) -> (low: Double, high: Double, half: Double) {
        let half = TInterval.halfWidth(sd: sd(xs), count: xs.count, level: level)
        let m = mean(xs)
        return (m - half, m + half, half)
    }
}

/// Closed forms of queueing theory.
enum Queueing {
    /// Erlang's C formula: the probability that an arrival to an M/M/c
    /// queue with offered load a = λ/μ (< c) has to wait.
    static func erlangC(servers c: Int, load a: Double) -> Double {
        // sum = Σ_{k<c} a^k/k!, ending with term = a^(c−1)/(c−1)!.
        var term = 1.0, sum = 1.0
        for k in 1..<max(c, 1) { term *= a / Double(k); sum += term }
        let last = term * a / (Double(c) - a)  // a^c/c! · c/(c−a)
        return last / (sum + last)
    }

    /// Mean wait in queue of M/M/c: C(c, λ/μ) / (cμ − λ).
    static func meanWait(servers c: Int, arrival lambda: Double, service mu: Double) -> Double {
        erlangC(servers: c, load: lambda / mu) / (Double(c) * mu - lambda)
    }
}
