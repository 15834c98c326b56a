import Foundation
import MusterEngine
import MusterIncidents
import MusterModel

/// Throughput of the incident model on textbook queues: customers
/// (incidents) simulated per second, the figure queueing simulators such as
/// Ciw are compared by.
public enum IncidentBench {
    public struct Figures: Sendable {
        public let wallSeconds: Double
        /// Incidents that occurred, summed over replications.
        public let customers: Int
        public let events: Int
        public var customersPerSecond: Double { Double(customers) / wallSeconds }
        public var eventsPerCustomer: Double { Double(events) / Double(max(customers, 1)) }
    }

    /// Runs `replications` of one mode on `threads` threads, `repeats`
    /// times, and keeps the fastest run (other work on the machine only
    /// ever adds time).
    public static func run(_ scenario: Scenario, incidents spec: IncidentSpec, mode: Mode, replications: Int,
                           threads: Int, repeats: Int = 1) -> Figures {
        var best: Figures?
        for _ in 0..<max(repeats, 1) {
            let start = DispatchTime.now().uptimeNanoseconds
            let results = IncidentExperiment.run(scenario, incidents: spec, modes: [mode],
                                                 replications: 0..<replications, threads: threads)[mode]!
            let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if wall < best?.wallSeconds ?? .infinity {
                best = Figures(wallSeconds: wall, customers: results.reduce(0) { $0 + $1.occurred },
                               events: results.reduce(0) { $0 + $1.events })
            }
        }
        return best!
    }

    /// The fastest of `repeats` runs on 1 thread and on `threads`, taken
    /// alternately so that a slow spell of the machine hits both.
    public static func scaling(_ scenario: Scenario, incidents spec: IncidentSpec, mode: Mode, replications: Int,
                               threads: Int, repeats: Int) -> (one: Double, all: Double) {
        var one = Double.infinity, all = Double.infinity
        for _ in 0..<max(repeats, 1) {
            one = min(one, run(scenario, incidents: spec, mode: mode, replications: replications, threads: 1).wallSeconds)
            all = min(all, run(scenario, incidents: spec, mode: mode, replications: replications,
                               threads: threads).wallSeconds)
        }
        return (one, all)
    }
}
