import Foundation
import Testing

/// `schema/0003_scans.sql` follows the storage conventions of 0001: STRICT versions tables,
/// every column described, the three indexes, and the exact public view forms.
@Suite struct SchemaConventionTests {
    let sql: String = (try? String(
        contentsOf: Fixture.repositoryRoot.appendingPathComponent("schema/0003_scans.sql"), encoding: .utf8)) ?? ""

    @Test func everyTableColumnHasADescription() throws {
        #expect(!sql.isEmpty)
        var inTable = false
        for line in sql.split(separator: "\n").map(String.init) {
            if line.hasPrefix("CREATE TABLE ") { inTable = true; continue }
            if line.hasPrefix(")") { inTable = false; continue }
            if inTable {
                #expect(line.contains(" -- "), "column without description: \(line)")
            }
        }
    }

    @Test(arguments: ["scans", "scan_vulnerabilities", "scan_secrets", "scan_misconfigurations", "scan_images", "vulnerabilities"])
    func publicViewsHaveTheScopableForm(name: String) {
        #expect(sql.contains("CREATE VIEW \(name) AS SELECT * FROM \(name)_versions WHERE valid_to IS NULL;"))
        #expect(sql.contains("CREATE VIEW \(name)_history AS SELECT * FROM \(name)_versions;"))
    }

    @Test(arguments: ["scans", "scan_vulnerabilities", "scan_secrets", "scan_misconfigurations"])
    func storedTablesFollowTheConventions(name: String) {
        #expect(sql.contains("CREATE TABLE \(name)_versions ( -- "))
        #expect(sql.contains("CREATE INDEX \(name)_open ON \(name)_versions(valid_to);"))
        #expect(sql.contains("CREATE INDEX \(name)_from ON \(name)_versions(valid_from);"))
        #expect(sql.contains("CREATE UNIQUE INDEX \(name)_key ON \(name)_versions("))
    }
}
