/// Telling a sweep file from a scenario file by its top-level keys, so
/// `muster validate` checks each against its own rules instead of reading
/// a sweep file as a scenario with unknown keys `axes` and `measures`.
public enum InputFileKind: String, Sendable, Equatable {
    case scenario
    case sweep

    /// The keys only a sweep file has at its top level: a file with `axes`
    /// or `scenario` (the two a sweep file requires) is one, unless it also
    /// has a key only a scenario has (then it is read as a scenario, whose
    /// reader names the keys it does not know).
    public static let sweepMarkers: Set<String> = ["axes", "scenario"]

    /// Top-level keys of the scenario table a sweep file never has.
    static var scenarioOnlyKeys: Set<String> {
        Set(ScenarioSchema.children(of: "")).subtracting(["name", "seed", "replications"])
    }

    /// The kind of the YAML text `yaml`; text that is not a YAML mapping
    /// (empty, broken, a list) is a scenario, so the scenario reader
    /// reports what is wrong with it as before.
    public static func of(yaml: String) -> InputFileKind {
        guard let root = YamlTree.parse(yaml, origin: "", keepLines: false).node,
              case .mapping(let entries) = root.kind else { return .scenario }
        let keys = Set(entries.map(\.name))
        if keys.isDisjoint(with: sweepMarkers) || !keys.isDisjoint(with: scenarioOnlyKeys) { return .scenario }
        return .sweep
    }

    /// The kind of the file at `path`; an unreadable file is a scenario
    /// (the scenario reader then says it cannot read it).
    public static func of(path: String) -> InputFileKind {
        guard case .success(let text) = TextFile.read(path) else { return .scenario }
        return of(yaml: text)
    }
}
