import Foundation
import MusterEngine
import MusterModel

/// Whole-model throughput on a scenario: one replication per mode on one
/// core, timed.
public enum ScenarioBench {
    public struct ModeFigures: Sendable {
        public let mode: Mode
        public let wallSeconds: Double
        public let events: Int
        public let attempts: Int
        public var eventsPerSecond: Double { Double(events) / wallSeconds }
        public var attemptsPerSecond: Double { Double(attempts) / wallSeconds }
    }

    /// Runs replication `replication` of each mode on the calling thread,
    /// `repeats` times, and keeps each mode's fastest run: on a shared
    /// machine other work only ever adds time, so the minimum is the
    /// figure least disturbed by it.
    public static func singleCore(_ scenario: Scenario, replication: Int = 0, repeats: Int = 1) -> [ModeFigures] {
        GSLRuntime.configure()
        let compiled = CompiledScenario(scenario)
        return Mode.allCases.map { mode in
            var best: ModeFigures?
            for _ in 0..<max(repeats, 1) {
                let start = DispatchTime.now().uptimeNanoseconds
                let r = Experiment.replicate(compiled, replication: replication, mode: mode)
                let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                if wall < best?.wallSeconds ?? .infinity {
                    best = ModeFigures(mode: mode, wallSeconds: wall, events: r.events, attempts: r.attempts)
                }
            }
            return best!
        }
    }

    /// Wall seconds of `Experiment.run` for both modes.
    public static func wall(_ scenario: Scenario, replications: Int, threads: Int) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = Experiment.run(scenario, modes: Mode.allCases, replications: 0..<replications, threads: threads)
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// The fastest of `repeats` runs on 1 thread and on `threads`, taken
    /// alternately so that a slow spell of the machine hits both.
    public static func scaling(_ scenario: Scenario, replications: Int, threads: Int,
                               repeats: Int) -> (one: Double, all: Double) {
        var one = Double.infinity, all = Double.infinity
        for _ in 0..<max(repeats, 1) {
            one = min(one, wall(scenario, replications: replications, threads: 1))
            all = min(all, wall(scenario, replications: replications, threads: threads))
        }
        return (one, all)
    }

    /// Peak resident memory of this process so far, in MiB.
    public static func peakResidentMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024  // Linux reports KiB
    }
}
