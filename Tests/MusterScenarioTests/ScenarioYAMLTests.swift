import Foundation
import Testing
@testable import MusterScenario

/// The workbench's downloaded scenario: block YAML that reads back to the
/// document it was written from, for every shipped order scenario and the
/// same `--set` variants the JSON round trip uses.
@Suite struct ScenarioYAMLTests {
    static let cases = RoundTripTests.cases.filter { path, _ in
        (try? ScenarioLoader.loadDocument(path: path))?.simulates(.incidents) == false
    }

    @Test(arguments: cases.indices)
    func yamlReadsBackToTheSameDocument(_ i: Int) throws {
        let (path, overrides) = Self.cases[i]
        let original = try ScenarioLoader.loadDocument(path: path, overrides: overrides)
        let text = ScenarioYAML.text(original)
        let again = try ScenarioLoader.loadDocument(yaml: text, file: "scenario.yaml",
                                                    baseDirectory: PathText.directory(of: path))
        #expect(again.scenario == original.scenario, "\(path) \(overrides)")
    }

    @Test func textThatYAMLWouldReadOtherwiseIsQuoted() {
        #expect(ScenarioYAML.scalarText("beilun") == "beilun")
        #expect(ScenarioYAML.scalarText("Tue 09:00") == "\"Tue 09:00\"")
        #expect(ScenarioYAML.scalarText("yes") == "\"yes\"")
        #expect(ScenarioYAML.scalarText("2h") == "\"2h\"")
        #expect(ScenarioYAML.scalarText("a: b") == "\"a: b\"")
        #expect(ScenarioYAML.scalarText("") == "\"\"")
    }

    @Test func filesAScenarioNamesAreFoundWithoutReadingThem() {
        #expect(ScenarioLoader.referencedFiles(yaml: "layout:\n  file: ../x.csv\n") == ["../x.csv"])
        #expect(ScenarioLoader.referencedFiles(yaml: "name: a\n", overrides: ["layout.file=/etc/passwd"]) == ["/etc/passwd"])
        #expect(ScenarioLoader.referencedFiles(yaml: "layout: [") == [])
    }
}
