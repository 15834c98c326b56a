import Foundation
import Testing
@testable import muster

/// Mistyped subcommands, bad seeds, help examples that fit 80 columns.
@Suite struct CommandLineHabitsTests {
    @Test func editDistance() {
        #expect(CommandLineHabits.editDistance("runn", "run") == 1)
        #expect(CommandLineHabits.editDistance("cmopare", "compare") == 2)
        #expect(CommandLineHabits.editDistance("", "run") == 3)
        #expect(CommandLineHabits.editDistance("sweep", "sweep") == 0)
    }

    @Test func suggestsTheClosestSubcommand() {
        #expect(CommandLineHabits.unknownSubcommand(["runn"])?.contains("did you mean 'run'?") == true)
        #expect(CommandLineHabits.unknownSubcommand(["swep", "x.yaml"])?.contains("did you mean 'sweep'?") == true)
        #expect(CommandLineHabits.unknownSubcommand(["chek"])?.contains("did you mean 'check'?") == true)
        #expect(CommandLineHabits.unknownSubcommand(["run"]) == nil)
        #expect(CommandLineHabits.unknownSubcommand(["help", "run"]) == nil)
        #expect(CommandLineHabits.unknownSubcommand(["--help"]) == nil)
        #expect(CommandLineHabits.unknownSubcommand(["scenarios/beilun.yaml"]) == nil)
        #expect(CommandLineHabits.unknownSubcommand([]) == nil)
    }

    @Test func mistypedSubcommandExitsTwoWithASuggestion() throws {
        let r = try CLI.run(["runn", "scenarios/beilun.yaml"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("did you mean 'run'?"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func seedMustBeANonNegativeInteger() throws {
        for args in [["run", "--seed", "-1"], ["run", "--seed=-1"], ["compare", "a.yaml", "--seed", "1.5"],
                     ["run", "--seed", "18446744073709551616"]] {
            let r = try CLI.run(args)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.contains("--seed must be a non-negative integer up to 18446744073709551615"),
                    "\(args): \(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        #expect(CommandLineHabits.badSeed(["run", "--seed", "18446744073709551615"]) == nil)
        #expect(CommandLineHabits.badSeed(["run", "--", "--seed", "-1"]) == nil)
    }

    /// Every indented example line of every command's discussion fits in 80
    /// columns and comes out of `muster help <command>` whole.
    @Test func helpExamplesFitEightyColumns() throws {
        let commands: [(String?, String)] = [(nil, Muster.configuration.discussion)]
            + Muster.configuration.subcommands.map { ($0._commandName, $0.configuration.discussion) }
        for (name, discussion) in commands {
            let examples = discussion.split(separator: "\n", omittingEmptySubsequences: true)
                .filter { $0.hasPrefix(" ") && $0.contains("muster ") }
            for line in examples {
                #expect(line.count <= 80, "\(name ?? "muster"): \(line.count) characters: \(line)")
            }
            let r = try CLI.run(name.map { ["help", $0] } ?? ["--help"], environment: ["COLUMNS": "80"])
            #expect(r.status == 0)
            // The USAGE line is ArgumentParser's and is not wrapped.
            for line in r.stdout.split(separator: "\n") where !line.hasPrefix("USAGE:") {
                #expect(line.count <= 80, "\(name ?? "muster") help: \(line)")
            }
            for line in examples {
                let command = line.trimmingCharacters(in: .whitespaces)
                #expect(r.stdout.contains(command), "\(name ?? "muster") help wraps: \(command)")
            }
        }
    }
}
