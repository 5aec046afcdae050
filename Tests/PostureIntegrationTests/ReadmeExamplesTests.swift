import Foundation
import PostureStore
import Testing

extension RealEngineTests {
    /// Every SQL example in README.md runs, read-only, against a database collected from the
    /// real engines (so the examples can not drift from the schema).
    @Test("every SQL example in README.md runs")
    func readmeExamples() async throws {
        let h = try CollectHarness()
        try await h.collect([try TestEngines.dockerEndpoint(), try TestEngines.podmanEndpoint()], host: true)
        let statements = try Self.readmeSQL()
        #expect(statements.count >= 8)
        let db = try ReadOnlyDatabase(path: h.path)
        for statement in statements {
            #expect(throws: Never.self, "\(statement)") { _ = try db.query(statement, timeout: 10) }
        }
    }

    /// The statements of every ```sql block in README.md.
    static func readmeSQL() throws -> [String] {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        var statements: [String] = []
        var inBlock = false
        var current = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                inBlock = line == "```sql"
                continue
            }
            guard inBlock else { continue }
            current += line + "\n"
            if line.trimmingCharacters(in: .whitespaces).hasSuffix(";") {
                statements.append(current)
                current = ""
            }
        }
        return statements
    }
}
