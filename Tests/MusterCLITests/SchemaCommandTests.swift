import Foundation
import Testing

/// `muster schema`: the committed schemas/*.schema.json are what the
/// command prints, so a key added to the table without regenerating fails.
@Suite struct SchemaCommandTests {
    @Test(arguments: ["scenario", "sweep"])
    func committedSchemaIsCurrent(_ kind: String) throws {
        let r = try CLI.run(["schema", kind])
        #expect(r.status == 0, "\(r.stderr)")
        let file = CLI.packageRoot.appendingPathComponent("schemas/\(kind).schema.json")
        let committed = try String(contentsOf: file, encoding: .utf8)
        #expect(committed == r.stdout, """
            schemas/\(kind).schema.json is not what `muster schema \(kind)` prints; regenerate it with
              swift build && .build/debug/muster schema \(kind) > schemas/\(kind).schema.json
            """)
        // Valid JSON with the draft 2020-12 dialect.
        let doc = try #require(try JSONSerialization.jsonObject(with: r.stdoutData) as? [String: Any])
        #expect(doc["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(doc["additionalProperties"] as? Bool == false)
    }

    @Test func unknownKindIsRefused() throws {
        let r = try CLI.run(["schema", "layout"])
        #expect(r.status != 0)
    }
}
