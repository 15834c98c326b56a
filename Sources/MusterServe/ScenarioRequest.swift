import Foundation
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
            try ScenarioLimits.check(d, file: file)
            if d.simulates(.incidents) {
                return .failure([ScenarioIssue(file: file, line: nil, key: "simulate",
                                               message: "the workbench runs orders; incident streams run with `muster run \(file)`")])
            }
            return .success(d)
        } catch {
            return .failure(error.issues)
        }
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
            let problems = issues.prefix(50).map { Problem(key: $0.key, field: ScenarioForm.field(for: $0.key), text: $0.description) }
            return ValidationAnswer(ok: false, name: nil, problems: Array(problems), description: [], values: [:])
        }
    }
}
