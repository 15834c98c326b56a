import MusterEngine
import MusterModel

/// Built-in values for keys a scenario leaves out (docs/reference/scenario.md
/// lists each); one place so docs and code agree.
enum Defaults {
    static let start = WeekTime.parse("Mon 09:00")!
    static let seed: UInt64 = 1
    static let replications = 100
    static let households = CountDistribution.range(min: 50, max: 100)

    static let heads = 1
    static let members = 3
    static let volunteers = CountDistribution.fixed(0)
    static let volunteerSpeed = 1.0

    static let fieldHours = calendar("daily 07:00-21:00")
    static let travel = Distribution.lognormal(mean: 180, sd: 120)
    static let visit = Distribution.lognormal(mean: 360, sd: 240)
    static let notHome = 0.15
    static let revisitAfter = 7200.0
    static let maxAttempts = 3

    static let relay = RelayLevelSpec(
        handlers: 1, officeHours: calendar("Mon-Fri 08:30-17:30"), forward: .sequential,
        handle: .lognormal(mean: 7200, sd: 3600), notify: .exponential(mean: 900),
        aggregate: .lognormal(mean: 3600, sd: 1800), transmit: .constant(0))
    static let tieredTeamNotify = Distribution.exponential(mean: 600)

    static let dutyHours = calendar("daily 08:00-20:00")
    static let ackOnDuty = Distribution.lognormal(mean: 600, sd: 600)
    static let ackOffDuty = Distribution.lognormal(mean: 7200, sd: 7200)
    static let pushFails = 0.05
    static let p2pTeamNotify = Distribution.exponential(mean: 600)
    static let sync = Distribution.constant(0)
    static let rebalance = Rebalance.none
    static let reassign = P2PSpec.defaultReassign
    static let adoption = 1.0

    /// The texts above are fixed and valid; `always` only guards the types.
    private static func calendar(_ text: String) -> WeeklyCalendar {
        (try? WeeklyCalendar.parse(text)) ?? .always
    }
}
