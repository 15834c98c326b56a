import Foundation
import Testing

/// `muster help CMD` says each default once: swift-argument-parser appends
/// "(default: X)" to an option that has a default value, so its help text
/// must not say it again (issue 28: `muster help optimize` printed
/// "(default 20) (default: 20)").
@Suite struct HelpTextTests {
    /// Every command of `muster --experimental-dump-help`, with its name path.
    static func commands() throws -> [(name: String, info: [String: Any])] {
        let r = try CLI.run(["--experimental-dump-help"])
        #expect(r.status == 0, "\(r.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any])
        var out: [(String, [String: Any])] = []
        func walk(_ c: [String: Any], _ prefix: String) {
            let name = prefix.isEmpty ? (c["commandName"] as? String ?? "") : prefix + " " + (c["commandName"] as? String ?? "")
            out.append((name, c))
            for s in c["subcommands"] as? [[String: Any]] ?? [] { walk(s, name) }
        }
        walk(try #require(root["command"] as? [String: Any]), "")
        return out
    }

    @Test func noOptionStatesItsDefaultTwice() throws {
        let commands = try Self.commands()
        #expect(commands.count >= 10)
        for (name, info) in commands {
            for arg in info["arguments"] as? [[String: Any]] ?? [] where arg["defaultValue"] != nil {
                let text = ((arg["abstract"] as? String ?? "") + " " + (arg["discussion"] as? String ?? "")).lowercased()
                let option = (arg["preferredName"] as? [String: Any])?["name"] as? String ?? "?"
                #expect(!text.contains("(default") && !text.contains("default:") && !text.contains("default is"),
                        "\(name) --\(option): the help text states the default, which the parser appends again: \(text)")
            }
        }
    }

    /// The same in what a user reads: no help line carries two defaults.
    @Test func helpPagesShowOneDefaultPerOption() throws {
        for (name, _) in try Self.commands() where name != "muster" {
            let r = try CLI.run(["help"] + name.split(separator: " ").dropFirst().map(String.init))
            #expect(r.status == 0, "\(name): \(r.stderr)")
            // Options wrap onto indented lines; an entry starts at "  -".
            var entries: [String] = []
            for line in r.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("  -") { entries.append(String(line)) } else if !entries.isEmpty, line.hasPrefix("    ") {
                    entries[entries.count - 1] += " " + line.trimmingCharacters(in: .whitespaces)
                }
            }
            for e in entries {
                let n = e.lowercased().components(separatedBy: "(default").count - 1
                #expect(n <= 1, "muster help \(name.dropFirst(7)): \(e)")
            }
        }
    }
}
