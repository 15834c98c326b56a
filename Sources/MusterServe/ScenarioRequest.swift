import Foundation
import MusterEngine
import MusterModel
import MusterScenario

/// A scenario as the page sends it: the YAML text (a shipped file's or
/// the visitor's), which shipped file it came from, and the form's
/// changes as `--set` overrides.
struct ScenarioRequest: Codable, Sendable {
    var yaml: String
    /// A file name of the scenarios folder, or nil for pasted/uploaded text.
    var source: String?
    /// `KEY=VALUE` texts, applied as `muster run --set` would.
    var overrides: [String]?
    /// The form's fields the visitor changed: path → value as a scenario
    /// file writes it (`allOverrides` turns them into overrides).
    var changes: [String: String]?
}

/// A problem as the page shows it: `muster validate`'s line, and the
/// form field it belongs to.
struct Problem: Codable, Sendable, Equatable {
    var key: String
    var field: String?
    var text: String
}

/// The answer to "is this scenario valid?".
struct ValidationAnswer: Codable, Sendable {
    var ok: Bool
    var name: String?
    var problems: [Problem]
    /// `muster validate`'s description when valid.
    var description: [String]
    /// Current values of the form's fields, as a scenario file writes them.
    var values: [String: String]
    /// The scenario's own seed and replications, for the run controls.
    var seed: String? = nil
    var replications: Int? = nil
}

/// A scenario loaded, or every problem found.
enum Loaded {
    case success(ScenarioDocument)
    case failure([ScenarioIssue])
}

/// Loads a `ScenarioRequest` with the reader `muster run` uses, after
/// refusing any file reference that leaves the scenarios folder.
struct ScenarioCheck {
    let shelf: ScenarioShelf
    /// Server paths out of messages (`Workbench.scrub`).
    var scrub: (String) -> String = { $0 }

    /// The name problems are reported against (`beilun.yaml`, or
    /// `scenario.yaml` for pasted text).
    static func fileName(_ r: ScenarioRequest) -> String { r.source ?? "scenario.yaml" }

    func load(_ r: ScenarioRequest) -> Loaded {
        let file = Self.fileName(r)
        if let source = r.source, shelf.text(of: source) == nil {
            return .failure([ScenarioIssue(file: file, line: nil, key: "",
                                           message: "no such scenario in the scenarios folder; pick one of: "
                                               + shelf.names().joined(separator: ", "))])
        }
        // Layout files are read only from the scenarios folder, and only
        // for a shipped scenario: pasted text has no folder of its own.
        for path in ScenarioLoader.referencedFiles(yaml: r.yaml, overrides: r.allOverrides) {
            if r.source == nil || !shelf.contains(path) {
                return .failure([ScenarioIssue(file: file, line: nil, key: "layout.file",
                                               message: "refused: the workbench reads layout files only from the scenarios "
                                                   + "folder, for a scenario picked from it; use `muster run` for \(path)")])
            }
        }
        do {
            let d = try ScenarioLoader.loadDocument(yaml: r.yaml, file: file, baseDirectory: shelf.folder.path,
                                                    overrides: r.allOverrides)
            do {
                try ScenarioLimits.check(d, file: file)
            } catch {
                return .failure(error.issues.map { Self.atField($0, scenario: d.scenario, changes: r.changes ?? [:]) })
            }
            if d.simulates(.incidents) {
                return .failure([ScenarioIssue(file: file, line: nil, key: "simulate",
                                               message: "the workbench runs orders; incident streams run with `muster run \(file)`")])
            }
            return .success(d)
        } catch {
            return .failure(error.issues)
        }
    }

    /// A whole-tree limit belongs to the layout field the visitor changed
    /// (households per micro-grid unless a fan-out changed), with the real
    /// ceiling for this layout: the form's ranges are per key, the limit is
    /// on their product.
    static func atField(_ issue: ScenarioIssue, scenario s: Scenario, changes: [String: String]) -> ScenarioIssue {
        guard issue.key == "layout.fanout" else { return issue }
        var moved = issue
        let changedFanout = changes.keys.sorted().first { $0.hasPrefix("layout.fanout.") }
        moved.key = changes["layout.households"] != nil || changedFanout == nil ? "layout.households" : changedFanout!
        let microgrids = ScenarioLimits.microgridBound(s)
        if microgrids >= 1, microgrids.isFinite {
            let ceiling = (ScenarioLimits.maxHouseholds / microgrids).rounded(.down)
            moved.message += "\nThis layout has up to \(CountText.format(microgrids)) micro-grids, so households per micro-grid "
                + (ceiling >= 1 ? "can be at most \(CountText.format(ceiling))." : "cannot fit: make the fan-outs smaller.")
        }
        return moved
    }

    /// A problem as the page shows it: `muster validate`'s text without the
    /// command line's `--set: ` (the page's fields are not command options).
    func problem(_ issue: ScenarioIssue) -> Problem {
        var text = scrub(issue.description)
        if text.hasPrefix("--set: ") { text.removeFirst("--set: ".count) }
        return Problem(key: issue.key, field: ScenarioForm.field(for: issue.key), text: text)
    }

    func answer(_ r: ScenarioRequest) -> ValidationAnswer {
        switch load(r) {
        case .success(let d):
            let resolved = ScenarioWriter.mapping(d)
            var values: [String: String] = [:]
            for p in ScenarioForm.paths { values[p] = ScenarioForm.value(of: p, in: resolved) }
            return ValidationAnswer(ok: true, name: d.scenario.name, problems: [],
                                    description: ScenarioDescription.lines(d), values: values,
                                    seed: String(d.scenario.seed), replications: d.scenario.replications)
        case .failure(let issues):
            let problems = issues.prefix(50).map(problem)
            return ValidationAnswer(ok: false, name: nil, problems: Array(problems), description: [], values: [:])
        }
    }
}
