import MusterModel
import MusterPlot

/// The clock of a comparison's figure: the variants' common issue time
/// and the first relay level's office hours; nil when the variants start
/// at different times (one hours axis cannot be two clocks).
enum WorkbenchClock {
    static func axis(_ scenarios: [Scenario]) -> ClockAxis? {
        guard let first = scenarios.first, scenarios.allSatisfy({ $0.start == first.start }) else { return nil }
        let level = first.tiered.levels.first { first.tiered.perLevel[$0].map { !$0.officeHours.isAlways } ?? false }
        let hours = level.flatMap { first.tiered.perLevel[$0]?.officeHours }
        return ClockAxis(startWeekSeconds: first.start.seconds, shaded: hours?.windows ?? [],
                         shadedLabel: level.map { "\($0.name) office hours \(hours!.description)" } ?? "")
    }
}
