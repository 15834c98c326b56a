import ArgumentParser
import MusterEngine
import MusterModel
import MusterScenario
import MusterSweep

/// `muster validate`: check a scenario, or a sweep file, without simulating.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario file or a sweep file and list every problem, without simulating.",
        discussion: """
        Prints a short description of the file when it is valid (exit 0). \
        Otherwise prints one line per problem — file:line: key: what is wrong and \
        what is allowed — and exits with code 2.

        A file whose top level has `axes` or `scenario` (and no scenario section \
        such as `layout`) is a sweep file: it is checked as `muster sweep` checks \
        it before running — its own keys, its base scenario, and the scenario of \
        every point of its design — without simulating anything. --set applies \
        to scenario files only.

        Examples:
          muster validate scenarios/lingfeng.yaml
          muster validate scenarios/beilun.yaml --set layout.fanout.street=12
          muster validate scenarios/sweeps/volunteers.yaml
        """
    )

    @OptionGroup var options: ScenarioOptions

    mutating func run() throws {
        try options.resolveDefault(announce: true)
        if InputFileKind.of(path: options.scenario) == .sweep {
            try validateSweep(options.scenario)
            return
        }
        let d = try options.loadDocument()
        print(ScenarioDescription.lines(d).joined(separator: "\n"))
    }

    /// Checks a sweep file and every point's scenario, as `muster sweep`
    /// does before it runs (`SweepInput.plan`), and describes it.
    private func validateSweep(_ path: String) throws {
        guard options.overrides.isEmpty else {
            Stderr.write("error: \(path) is a sweep file; --set applies to scenario files. "
                         + "Values for every point go in the sweep file's set: section (docs/reference/sweep-file.md).\n")
            throw ExitWith(code: 2)
        }
        let plan = try SweepInput.plan(path)
        print(SweepDescription.lines(plan.header).joined(separator: "\n"))
    }
}

/// What `muster validate` prints for a valid sweep file.
enum SweepDescription {
    static func lines(_ h: SweepHeader) -> [String] {
        let points = h.points.count
        let reps: String
        switch h.plan {
        case .fixed(let n): reps = "\(n) replication\(n == 1 ? "" : "s")"
        case .precision(let t, let b, let m):
            reps = "replications to ±\(t * 100) % of the mean (batches of \(b), at most \(m))"
        }
        let axes = h.axes.enumerated().map { i, a -> String in
            let values = Set(h.points.compactMap { $0.values[i]?.text }).count
            return "\(a.path) (\(values) value\(values == 1 ? "" : "s")\(a.unit.map { ", unit \($0)" } ?? ""))"
        }
        return [
            "\(h.name): valid sweep file",
            "  base scenario \(h.scenarioFile), valid at each of the \(points) point\(points == 1 ? "" : "s")",
            "  \(points) point\(points == 1 ? "" : "s") × \(reps) × \(h.modes.map(\.rawValue).joined(separator: " and "))"
                + " · \(h.design) design · seed \(h.seed)",
            "  axes: " + axes.joined(separator: ", "),
            "  measures: " + h.measures.map(\.rawValue).joined(separator: ", "),
        ]
    }
}
