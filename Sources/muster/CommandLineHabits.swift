import ArgumentParser

/// Checks made on the raw arguments before ArgumentParser sees them, where
/// its own message would be less helpful: a mistyped subcommand, a negative
/// or out-of-range `--seed`.
enum CommandLineHabits {
    /// The subcommand names `muster` accepts, `help` included.
    static var subcommandNames: [String] {
        Muster.configuration.subcommands.map { $0._commandName } + ["help"]
    }

    /// The message for a first argument that is no subcommand but within
    /// edit distance 2 of one ("did you mean 'run'?"), else nil.
    static func unknownSubcommand(_ args: [String], names: [String] = subcommandNames) -> String? {
        guard let first = args.first, !first.hasPrefix("-"), !names.contains(first) else { return nil }
        let scored = names.map { ($0, editDistance(first, $0)) }.filter { $0.1 <= 2 }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return "Error: unknown command '\(first)'; did you mean '\(best.0)'?\n"
            + "Usage: muster <subcommand>; see 'muster --help' for the commands."
    }

    /// The message for a `--seed` value that is not an integer from 0 to
    /// `UInt64.max`, else nil.
    /// `--tolerance -5m` is an option followed by its (negative) value, not
    /// by a short flag `-5m`: joined as `--tolerance=-5m`, so the option's
    /// own check says what is allowed instead of "missing value".
    static func joinNegativeValues(_ args: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            if a == "--" { out += args[i...]; break }
            if a.hasPrefix("--"), a.count > 2, !a.contains("="), i + 1 < args.count,
               let next = args[i + 1].dropFirst().first, args[i + 1].hasPrefix("-"), next.isNumber || next == "." {
                out.append(a + "=" + args[i + 1])
                i += 2
                continue
            }
            out.append(a)
            i += 1
        }
        return out
    }

    /// The `--set` values taken out of the command line by `manySets`.
    nonisolated(unsafe) static var earlierSets: [String] = []

    /// The argument parser removes each parsed option from its list, which
    /// costs time proportional to the list: 10,000 `--set` took minutes.
    /// Past a few dozen, every `--set` but the last is taken out here (in
    /// order) and read back by the options holding `--set`
    /// (`ScenarioOptions.overrides`, compare's); the last stays, so a
    /// command without `--set` still refuses it.
    static func manySets(_ args: [String]) -> [String] {
        var positions: [Int] = []
        var i = 0
        while i < args.count && args[i] != "--" {
            if args[i] == "--set" && i + 1 < args.count { positions.append(i); i += 2; continue }
            if args[i].hasPrefix("--set=") { positions.append(i) }
            i += 1
        }
        guard positions.count > 32 else { return args }
        var out: [String] = []
        out.reserveCapacity(args.count)
        var taken = Set(positions.dropLast())
        i = 0
        while i < args.count {
            if taken.remove(i) != nil {
                if args[i] == "--set" { earlierSets.append(args[i + 1]); i += 2 } else { earlierSets.append(String(args[i].dropFirst(6))); i += 1 }
                continue
            }
            out.append(args[i])
            i += 1
        }
        return out
    }

    static func badSeed(_ args: [String]) -> String? {
        var i = 0
        while i < args.count {
            let a = args[i]
            if a == "--" { return nil }
            var value: String?
            if a == "--seed" {
                value = i + 1 < args.count ? args[i + 1] : nil
                i += 1
            } else if a.hasPrefix("--seed=") {
                value = String(a.dropFirst("--seed=".count))
            }
            if let v = value, UInt64(v) == nil {
                return "Error: --seed must be a non-negative integer up to \(UInt64.max) (got '\(v)')"
            }
            i += 1
        }
        return nil
    }

    /// Levenshtein distance.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        for i in 1...x.count {
            var current = [i] + Array(repeating: 0, count: y.count)
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1,
                                 previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[y.count]
    }
}
