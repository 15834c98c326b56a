import Testing
@testable import MusterScenario

/// The sweep file's key table is what the reader allows and what the JSON
/// Schema lists: a key added to the table is accepted and described, one
/// left out of it is reported as unknown.
@Suite struct SweepSchemaTests {
    static let minimal = "scenario: base.yaml\naxes:\n  team.members: [1, 2]\n"

    @Test func pathsAreUnique() {
        let paths = SweepSchema.keys.map(\.path)
        #expect(Set(paths).count == paths.count)
        for key in SweepSchema.keys where key.parent != "" {
            #expect(SweepSchema.key(key.parent) != nil || key.parent == "axes.<axis>", "\(key.path) has no parent row")
        }
    }

    /// An unknown top-level key is reported with the table's top-level
    /// names as the allowed ones, in table order.
    @Test func unknownKeysAreReportedWithTheTablesNames() throws {
        let allowed = SweepSchema.keys.filter { $0.parent == "" }.map(\.name)
        #expect(allowed.first == "name" && allowed.contains("measures"))
        do {
            _ = try SweepFileReader.load(yaml: Self.minimal + "colour: blue\n", file: "s.yaml")
            Issue.record("an unknown key was accepted")
        } catch {
            let text = error.issues.map(\.message).joined(separator: "\n")
            #expect(text.contains("colour"))
            #expect(text.contains(allowed.joined(separator: ", ")), "\(text)")
        }
    }

    /// Every axis key of the table is one the reader knows (a typo among
    /// them would be reported as unknown), and every design type it lists
    /// is accepted by name.
    @Test func axisKeysAndDesignTypesComeFromTheTable() throws {
        #expect(SweepFileReader.axisKeys == SweepSchema.keys.filter { $0.parent == "axes.<axis>" }.map(\.name))
        #expect(SweepFileReader.lawKeys == ["dist", "min", "mode", "max", "mean", "sd"])
        #expect(SweepFileReader.sensitivityTypes == ["sobol", "morris"])
        let file = try SweepFileReader.load(yaml: Self.minimal + "design: oat\n", file: "s.yaml")
        #expect(file.axes.count == 1)
    }

    /// The JSON Schema's top-level properties are the table's, with its docs.
    @Test func jsonSchemaDescribesTheTablesKeys() {
        let schema = ScenarioJSONSchema.sweep
        guard case .object(let props)? = schema["properties"] else {
            Issue.record("no properties")
            return
        }
        #expect(Set(props.map(\.0)) == Set(SweepSchema.keys.filter { $0.parent == "" }.map(\.name)))
        #expect(schema["properties"]?["seed"]?["description"] == .string(SweepSchema.key("seed")!.doc))
    }
}
