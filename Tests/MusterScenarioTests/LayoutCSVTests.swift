import MusterModel
import Testing
@testable import MusterScenario

@Suite struct LayoutCSVTests {
    private let scenario = """
        name: csv
        layout:
          file: layouts/units.csv
          households: {min: 10, max: 20}
        scope: [s1]
        """

    /// Writes the scenario and `csv` into a fresh folder and loads it.
    private func load(_ csv: String?) throws -> (Result<Scenario, ScenarioError>, csvPath: String, folder: TempFolder) {
        let folder = try TempFolder()
        let path = try folder.write("scenario.yaml", scenario)
        var csvPath = folder.url.appendingPathComponent("layouts/units.csv").path
        if let csv { csvPath = try folder.write("layouts/units.csv", csv) }
        let result: Result<Scenario, ScenarioError>
        do { result = .success(try ScenarioLoader.load(path: path)) } catch { result = .failure(error) }
        return (result, csvPath, folder)
    }

    private func issues(_ csv: String?) throws -> (issues: [ScenarioIssue], csvPath: String) {
        let (result, csvPath, _) = try load(csv)
        guard case .failure(let e) = result else {
            Issue.record("the layout loaded")
            return ([], csvPath)
        }
        return (e.issues, csvPath)
    }

    @Test func validCsvLoadsUnits() throws {
        let csv = """
            id,parent,level,households
            c,,city,
            d1,c,district,
            s1,d1,street,
            g1,s1,grid,
            m1,g1,microgrid,80
            m2,g1,microgrid,

            """
        let (result, _, _) = try load(csv)
        let s = try result.get()
        #expect(s.layout.households == .range(min: 10, max: 20))
        #expect(s.scope == ["s1"])
        guard case .units(let units) = s.layout.source else { Issue.record("not a CSV layout"); return }
        #expect(units == [
            LayoutUnit(id: "c", parent: "", level: .city, households: nil),
            LayoutUnit(id: "d1", parent: "c", level: .district, households: nil),
            LayoutUnit(id: "s1", parent: "d1", level: .street, households: nil),
            LayoutUnit(id: "g1", parent: "s1", level: .grid, households: nil),
            LayoutUnit(id: "m1", parent: "g1", level: .microgrid, households: 80),
            LayoutUnit(id: "m2", parent: "g1", level: .microgrid, households: nil),
        ])
    }

    @Test func quotedFieldsAndWindowsLineEnds() throws {
        let csv = "id,parent,level,households\r\n\"c\",,city,\r\nm,c,microgrid,\"12\"\r\n"
        let (result, _, _) = try load(csv)
        // scope names s1, which this layout lacks.
        guard case .failure(let e) = result else { Issue.record("unknown scope id accepted"); return }
        #expect(e.issues.map(\.key) == ["scope"])
        #expect(e.issues.first?.line == 5)
    }

    @Test func headerOnlyCsvIsEmpty() throws {
        let (found, csvPath) = try issues("id,parent,level,households\n")
        let i = try #require(found.first { $0.file == csvPath })
        #expect(i.key == "")
        #expect(i.line == nil)
        #expect(i.message.contains("no units"))
    }

    @Test func missingCsvIsReportedAtTheLayoutFileKey() throws {
        let (found, csvPath) = try issues(nil)
        let i = try #require(found.first)
        #expect(i.file.hasSuffix("scenario.yaml"))
        #expect(i.key == "layout.file")
        #expect(i.line == 3)
        #expect(i.message.contains(csvPath))
        #expect(i.message.contains("No such file or directory"))
    }

    @Test func wrongHeader() throws {
        let (found, csvPath) = try issues("id,parent,kind,households\nc,,city,\n")
        #expect(found.contains { $0.file == csvPath && $0.line == 1 && $0.key == "header" })
    }

    /// A CSV, and the (line, column) issues it must produce.
    struct BadCSV: Sendable, CustomTestStringConvertible {
        let name: String
        let csv: String
        let expected: [Int?: String]
        var testDescription: String { name }
    }

    static let badCSVs: [BadCSV] = [
        BadCSV(name: "cycle", csv: """
            id,parent,level,households
            c,,city,
            s1,c,street,
            x,y,community,
            y,x,grid,
            m,s1,microgrid,5
            """, expected: [4: "parent"]),
        BadCSV(name: "unknown parent", csv: """
            id,parent,level,households
            c,,city,
            s1,c,street,
            m,s9,microgrid,5
            """, expected: [4: "parent"]),
        BadCSV(name: "duplicate id", csv: """
            id,parent,level,households
            c,,city,
            s1,c,street,
            s1,c,street,
            m,s1,microgrid,5
            """, expected: [4: "id"]),
        BadCSV(name: "bad level ordering", csv: """
            id,parent,level,households
            c,,city,
            k,c,community,
            s1,k,street,
            m,s1,microgrid,5
            """, expected: [4: "level"]),
        BadCSV(name: "unknown level", csv: """
            id,parent,level,households
            c,,city,
            s1,c,town,
            m,c,microgrid,5
            """, expected: [3: "level"]),
        BadCSV(name: "two roots", csv: """
            id,parent,level,households
            c,,city,
            s1,,street,
            m,c,microgrid,5
            """, expected: [3: "parent"]),
        BadCSV(name: "households on a non-micro-grid and a bad count", csv: """
            id,parent,level,households
            c,,city,100
            s1,c,street,
            m,s1,microgrid,-5
            """, expected: [2: "households", 4: "households"]),
        BadCSV(name: "no micro-grid", csv: """
            id,parent,level,households
            c,,city,
            s1,c,street,
            """, expected: [nil: "level"]),
        BadCSV(name: "wrong field count", csv: """
            id,parent,level,households
            c,,city,
            m,c,microgrid
            """, expected: [3: "row"]),
    ]

    @Test(arguments: badCSVs)
    func badCsvGivesIssuesWithCsvLines(_ c: BadCSV) throws {
        let (found, csvPath) = try issues(c.csv)
        let inCsv = found.filter { $0.file == csvPath }
        for (line, key) in c.expected {
            #expect(inCsv.contains { $0.line == line && $0.key == key },
                    "expected \(key) at line \(String(describing: line)); got:\n\(found.map(\.description).joined(separator: "\n"))")
        }
    }

    @Test func cycleMessageNamesTheUnits() throws {
        let (found, _) = try issues(Self.badCSVs[0].csv)
        #expect(found.contains { $0.message.contains("cycle x → y → x") })
    }
}
