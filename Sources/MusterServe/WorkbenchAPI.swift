import Foundation
import MusterScenario

/// The JSON the pages send.
struct RunRequest: Codable, Sendable {
    var scenario: ScenarioRequest
    var replications: Int
    /// Text, so every UInt64 seed survives JavaScript's numbers.
    var seed: String
}

struct CompareRequest: Codable, Sendable {
    struct Variant: Codable, Sendable {
        var label: String
        var scenario: ScenarioRequest
    }
    var variants: [Variant]
    var replications: Int
    var seed: String
}

/// The answer to a run or comparison asked for.
struct JobAnswer: Codable, Sendable {
    var id: String?
    var ahead: Int?
    var error: String?
    var problems: [Problem]?
}

extension ScenarioRequest {
    /// The overrides the form's changes stand for, then the given ones.
    var allOverrides: [String] {
        let changed = changes ?? [:]
        let fromForm = ScenarioForm.paths.compactMap { p in changed[p].map { ScenarioForm.overrides(path: p, value: $0) } }
        return fromForm.flatMap { $0 } + (overrides ?? [])
    }
}
