import Foundation
import MusterBench
import MusterIncidents
import MusterModel
import MusterOutput
import MusterScenario

/// `muster bench`'s incident section: the three textbook queues of
/// `scenarios/queues/` (the cases `scripts/ciw-compare.py` runs in Ciw),
/// their customers per second on one core, the speed-up from 1 thread to
/// all, and the memory of 200 replications of the M/M/4 case.
extension BenchCommand {
    /// A shipped queue scenario and the mode that simulates its network.
    struct QueueCase {
        let name: String
        let file: String
        let mode: Mode
    }

    static let queueCases = [
        QueueCase(name: "M/M/4", file: "queues/mm4", mode: .p2p),
        QueueCase(name: "tandem", file: "queues/tandem", mode: .tiered),
        QueueCase(name: "priority", file: "queues/priority", mode: .p2p),
    ]

    struct IncidentFigures {
        var perCase: [(QueueCase, replications: Int, IncidentBench.Figures)] = []
        var scalingReplications = 0
        var one = 0.0, all = 0.0
        var memoryReplications = 0
        var memoryWall: Double?
        var peakMiB = 0.0

        var speedup: Double { one / all }
    }

    /// Runs the section; `note` reports progress.
    func measureIncidents(note: (String) -> Void) throws -> IncidentFigures {
        var figures = IncidentFigures()
        var loaded: [(QueueCase, Scenario, IncidentSpec)] = []
        for c in Self.queueCases {
            let path = "\(scenarios)/\(c.file).yaml"
            do {
                let document = try ScenarioLoader.loadDocument(path: path)
                guard let spec = document.incidents else {
                    Stderr.write("error: \(path): no incidents section; the bench needs the shipped queue scenarios\n")
                    throw ExitWith(code: 2)
                }
                loaded.append((c, document.scenario, spec))
            } catch let error as ScenarioError {
                ProblemReport.write(error.issues)
                throw ExitWith(code: 2)
            }
        }
        for (c, scenario, spec) in loaded {
            let n = quick ? 2 : scenario.replications
            note("\(c.name): \(n) replications, \(c.mode.rawValue), on one core, best of \(repeats)…\n")
            figures.perCase.append((c, n, IncidentBench.run(scenario, incidents: spec, mode: c.mode, replications: n,
                                                         threads: 1, repeats: repeats)))
        }
        let (_, mm4, mm4Spec) = loaded[0]
        figures.scalingReplications = quick ? 8 : 40
        note("M/M/4: \(figures.scalingReplications) replications on 1 and \(threads) threads, best of \(repeats)…\n")
        (figures.one, figures.all) = IncidentBench.scaling(mm4, incidents: mm4Spec, mode: .p2p,
                                                           replications: figures.scalingReplications,
                                                           threads: threads, repeats: repeats)
        if !quick {
            figures.memoryReplications = 200
            note("M/M/4: 200 replications on \(threads) threads (memory)…\n")
            figures.memoryWall = IncidentBench.run(mm4, incidents: mm4Spec, mode: .p2p, replications: 200,
                                                   threads: threads).wallSeconds
        }
        figures.peakMiB = ScenarioBench.peakResidentMiB()
        return figures
    }

    func incidentTargets(_ f: IncidentFigures) -> [(String, Double, String, Bool)] {
        [("speed-up 1 → \(threads) threads, M/M/4 incidents", f.speedup, "≥ 1.7 on 2 cores", f.speedup >= 1.7)]
            + (f.memoryWall == nil ? [] : [("peak memory after M/M/4 × 200 replications, MiB", f.peakMiB,
                                            "≤ 300", f.peakMiB <= 300)])
    }

    func incidentJSON(_ f: IncidentFigures) -> JSONValue {
        .object([
            ("cases", .object(f.perCase.map { c, n, x in
                (c.name, .object([
                    ("scenario", .string("\(c.file).yaml")),
                    ("mode", .string(c.mode.rawValue)),
                    ("replications", .int(n)),
                    ("wall_seconds", .number(x.wallSeconds)),
                    ("customers", .int(x.customers)),
                    ("customers_per_second", .number(x.customersPerSecond)),
                    ("events_per_customer", .number(x.eventsPerCustomer)),
                ]))
            })),
            ("scaling_wall_seconds", .object([("replications", .int(f.scalingReplications)),
                                              ("threads_1", .number(f.one)), ("threads_all", .number(f.all))])),
            ("speedup", .number(f.speedup)),
            ("mm4_200_replications_wall_seconds", f.memoryWall.map { .number($0) } ?? .null),
            ("peak_resident_mib", .number(f.peakMiB)),
        ])
    }

    func printIncidents(_ f: IncidentFigures) {
        print("Incident queues, one core (fastest of \(repeats)), 20,000 h each")
        print("  case       mode     reps    wall s   customers/s   events/customer")
        for (c, n, x) in f.perCase {
            print("  " + pad(c.name, 9) + "  " + pad(c.mode.rawValue, 6)
                  + String(format: " %5d  %8.3f  %12.0f  %16.2f", n, x.wallSeconds, x.customersPerSecond,
                           x.eventsPerCustomer))
        }
        print(String(format: "\nM/M/4, %d replications: %.2f s on 1 thread, %.2f s on %d: speed-up %.2f×",
                     f.scalingReplications, f.one, f.all, threads, f.speedup))
        if let wall = f.memoryWall {
            print(String(format: "M/M/4, 200 replications on %d threads: %.2f s, peak memory %.0f MiB", threads, wall,
                         f.peakMiB))
        }
    }
}
