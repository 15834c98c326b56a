import ArgumentParser
import Foundation
import MusterEngine

/// The `muster` command and its subcommands.
struct Muster: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "muster",
        abstract: "Simulate how fast an emergency order reaches every household of a neighbourhood grid.",
        discussion: """
        Muster is a discrete-event simulator of grid-governance mobilisation: an \
        order travels down city > district > street > community > grid > micro-grid \
        either by tiered relay (each level handles and passes it on in office hours) \
        or point-to-point (a command app pushes it to every team at once), then every \
        micro-grid team visits its households. It reports completion-time \
        distributions for both modes, paired by common random numbers.

        Start with:
          muster run                      # default: scenarios/beilun.yaml
          muster run scenarios/lingfeng.yaml --replications 50
          muster run scenarios/beilun.yaml --set team.volunteers=0 --json
          muster validate my-district.yaml
          muster run --out results/beilun  # also figures and report.html
          muster sweep scenarios/sweeps/volunteers.yaml --out results/volunteers
          muster compare scenarios/beilun-2019.yaml scenarios/beilun.yaml
          muster check scenarios/beilun.yaml --baseline results/baselines/beilun.json
          muster optimize --question scenarios/questions/volunteers.yaml
          muster select --question scenarios/questions/beilun-best-layout.yaml
          muster serve                    # the workbench: http://127.0.0.1:8080/

        Exit codes: 0 success, 1 regression found by `muster check`, 2 bad input (every problem is listed with file, \
        line and key), 3 internal error.
        """,
        version: MusterVersion.current,
        subcommands: [RunCommand.self, ValidateCommand.self, BenchCommand.self, PlotCommand.self,
                      CompareCommand.self, CheckCommand.self, SweepCommand.self, MergeCommand.self,
                      GateTrialsCommand.self, SchemaCommand.self, OptimizeCommand.self, SelectCommand.self, ServeCommand.self,
                      DrillCommand.self, CalibrateCommand.self]
    )
}

/// The version written into every summary and manifest.
enum MusterVersion {
    static let current = "0.3.0"
}

/// An error already reported to the user; carries the exit code.
struct ExitWith: Error {
    let code: Int32
}

enum MusterMain {
    static func run() -> Never {
        GSLRuntime.configure()
        MemoryPolicy.configure()
        // Before any thread starts: the handlers and the watcher of StopRequest.
        ExitSignals.install()
        let args = CommandLineHabits.manySets(CommandLineHabits.joinNegativeValues(Array(CommandLine.arguments.dropFirst())))
        if let message = CommandLineHabits.unknownSubcommand(args) ?? CommandLineHabits.badSeed(args) {
            Stderr.write(message + "\n")
            exit(2)
        }
        do {
            var command = try Muster.parseAsRoot(args)
            try command.run()
            exit(0)
        } catch let e as ExitWith {
            exit(e.code)
        } catch {
            let code = Muster.exitCode(for: error)
            let message = Muster.fullMessage(for: error)
            if code == .success {
                // --help and --version: the requested text, on stdout.
                print(message)
                exit(0)
            }
            if !message.isEmpty { Stderr.write(message + "\n") }
            // Usage errors are bad input (2); anything else we did not
            // anticipate is an internal error (3).
            exit(code == .validationFailure || error is ValidationError ? 2 : 3)
        }
    }
}

/// Standard error, unbuffered.
enum Stderr {
    static func write(_ s: String) {
        FileHandle.standardError.write(Data(s.utf8))
    }

    /// True when standard error is a terminal (progress bars only then).
    static var isTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}
