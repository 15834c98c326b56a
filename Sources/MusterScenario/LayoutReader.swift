import MusterEngine
import MusterModel

extension ScenarioBuilder {
    /// Levels a fan-out is given for: every level below the city, which is
    /// always the single root.
    static let fanoutLevels: [Level] = Array(Level.allCases.dropFirst())

    /// The most children a unit may have at any level (`ScenarioSchema`).
    static let maxFanout = Int(ScenarioSchema.maxFanout)

    /// The most households one micro-grid may hold, in a fan-out layout or a
    /// layout file (`layout.households` in `ScenarioSchema`).
    static let maxHouseholdsPerMicrogrid = ScenarioSchema.households.intMax

    /// `layout`: `fanout` (children per parent, per level) or `file` (a
    /// CSV of units), plus `households` per micro-grid.
    func layout(_ top: NodeReader.Mapping) -> LayoutSpec {
        let r = reader
        let placeholder = LayoutSpec(source: .units([]), households: Defaults.households)
        guard let node = top.value("layout"), !node.isNull else {
            r.missing(top, "layout", "give layout.fanout (children per parent for district, street, community, grid, microgrid) or layout.file (a CSV of units)")
            return placeholder
        }
        guard let m = r.mapping(node, "layout", allowed: ScenarioSchema.children(of: "layout")) else { return placeholder }
        let households = r.value(m, "households", default: Defaults.households) { r.count($0, $1, max: Self.maxHouseholdsPerMicrogrid) }

        switch (m.value("fanout"), m.value("file")) {
        case (.some, .some):
            r.report(m.node, m.path, "give either layout.fanout or layout.file, not both")
            return placeholder
        case (nil, nil):
            r.report(m.node, m.path, "missing key 'fanout' or 'file'; give layout.fanout (children per level) or layout.file (a CSV of units: id,parent,level,households)")
            return placeholder
        case (let fanout?, nil):
            return LayoutSpec(source: .fanout(self.fanout(fanout, m.path("fanout"))), households: households)
        case (nil, let file?):
            return LayoutSpec(source: .units(units(file, m.path("file"))), households: households)
        }
    }

    private func fanout(_ node: YNode, _ path: String) -> [Level: CountDistribution] {
        let r = reader
        let names = ScenarioSchema.children(of: "layout.fanout")
        guard let m = r.mapping(node, path, allowed: names, note: { key in
            key == "city" ? "the city is always the single root and has no fan-out" : nil
        }) else { return [:] }
        var result: [Level: CountDistribution] = [:]
        for level in Self.fanoutLevels {
            guard let n = m.value(level.name) else {
                r.missing(m, level.name, "a fanout needs a count for each of \(NodeReader.list(names))")
                continue
            }
            if let c = r.count(n, m.path(level.name), max: Self.maxFanout) { result[level] = c }
        }
        return result
    }

    private func units(_ node: YNode, _ path: String) -> [LayoutUnit] {
        let r = reader
        guard let relative = r.text(node, path, expected: "the path of a layout CSV file (id,parent,level,households)") else {
            return []
        }
        let csvPath = PathText.resolve(relative, against: baseDirectory)
        switch TextFile.read(csvPath) {
        case .failure(let error):
            r.report(node, path, "cannot read layout file '\(csvPath)': \(error.reason)")
            return []
        case .success(let text):
            let parsed = LayoutCSV.parse(text, file: csvPath)
            r.add(parsed.issues)
            return parsed.units
        }
    }
}
