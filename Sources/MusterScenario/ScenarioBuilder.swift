import MusterEngine
import MusterModel

/// Turns a scenario tree into a `Scenario`, recording every problem in
/// `reader`; sections live in their own files as extensions.
struct ScenarioBuilder {
    let reader: NodeReader
    /// The scenario file (for the default name).
    let file: String
    /// Folder that relative paths in the scenario (layout.file) start from.
    let baseDirectory: String

    static let topKeys = ScenarioSchema.children(of: "")

    /// Always returns a scenario; it is only meaningful when `reader`
    /// recorded no issue.
    func build(_ root: YNode) -> Scenario {
        let r = reader
        let top = r.mapping(root, "", allowed: Self.topKeys)
            ?? NodeReader.Mapping(node: root, path: "", entries: [])
        let name = r.value(top, "name", default: PathText.stem(of: file)) { r.text($0, $1, expected: "a scenario name") }
        let start = r.value(top, "start", default: Defaults.start, r.weekTime)
        let seed = r.value(top, "seed", default: Defaults.seed, r.seed)
        let replications = r.value(top, "replications", default: Defaults.replications) { r.int($0, $1, ScenarioSchema.replications) }
        let layout = self.layout(top)
        let scope = self.scope(top, layout: layout)
        return Scenario(name: name, start: start, seed: seed, replications: replications,
                        layout: layout, team: team(top), field: field(top),
                        tiered: tiered(top), p2p: p2p(top), scope: scope)
    }

    /// `scope`: unit ids the order addresses; null or absent for the whole tree.
    private func scope(_ top: NodeReader.Mapping, layout: LayoutSpec) -> [String]? {
        let r = reader
        guard let node = top.value("scope"), !node.isNull else { return nil }
        let path = top.path("scope")
        guard case .sequence(let items) = node.kind else {
            r.report(node, path, "expected a list of unit ids such as [s01, s02] (or null for the whole tree), found \(node.found)")
            return nil
        }
        if items.isEmpty {
            r.report(node, path, "an empty scope addresses nobody; list unit ids, or leave scope out for the whole tree")
        }
        // With a CSV layout the ids are known, so typos are caught here.
        var known: Set<String>?
        if case .units(let units) = layout.source, !units.isEmpty { known = Set(units.map(\.id)) }
        var seen = Set<String>()
        var ids: [String] = []
        for item in items {
            guard let id = r.text(item, path, expected: "a unit id") else { continue }
            if !seen.insert(id).inserted {
                r.report(item, path, "unit '\(id)' is listed twice")
            } else if let known, !known.contains(id) {
                r.report(item, path, "unknown unit '\(id)': the layout file has no unit with that id")
            }
            ids.append(id)
        }
        return ids
    }
}
