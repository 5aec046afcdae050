import Foundation
@testable import PostureScans
import Testing

/// Imports the real reports in `../shared/samples/{trivy,grype,snyk}` (written by other
/// projects; never copied into this repository) and checks that the database holds every
/// distinct (vulnerability, package, installed version) triple and every critical one the
/// report holds. The expected numbers are computed here from the raw JSON with
/// JSONSerialization, independently of the parsers. Without the folder the test is skipped.
@Suite struct RealSamplesTests {
    struct Expected {
        var triples = Set<[String]>()
        var critical = Set<[String]>()
        /// Trivy secrets: (target, rule, start line).
        var secrets = Set<[String]>()
        mutating func add(_ id: Any?, _ package: Any?, _ version: Any?, severity: Any?) {
            let triple = [id as? String ?? "", package as? String ?? "", version as? String ?? ""]
            triples.insert(triple)
            if (severity as? String)?.lowercased() == "critical" { critical.insert(triple) }
        }
    }

    @Test(.enabled(if: Fixture.samples != nil, "../shared/samples is not present"))
    func everySampleImportsCompletely() throws {
        let samples = try #require(Fixture.samples)
        var imported = 0
        var refused = 0
        var files = 0
        for scanner in ["trivy", "grype", "snyk"] {
            let folder = samples.appendingPathComponent(scanner)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { continue }
            for name in names.sorted() {
                files += 1
                let path = folder.appendingPathComponent(name).path
                let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
                if let object = json as? [String: Any], object["runs"] != nil {
                    // SARIF: refused with advice, not imported.
                    #expect(throws: ScanImportError.self) { try ReportParser.parse(fileAt: path) }
                    refused += 1
                    continue
                }
                let expected = Self.expected(json)
                let db = try TemporaryDatabase()
                try db.importReports([path])
                let triples = try db.int(
                    "SELECT count(*) FROM (SELECT DISTINCT vulnerability_id, package, installed_version FROM scan_vulnerabilities)")
                let critical = try db.int(
                    "SELECT count(*) FROM (SELECT DISTINCT vulnerability_id, package, installed_version FROM scan_vulnerabilities WHERE severity = 'critical')")
                #expect(triples == Int64(expected.triples.count), "\(scanner)/\(name): distinct triples")
                #expect(critical == Int64(expected.critical.count), "\(scanner)/\(name): critical triples")
                #expect(try db.int("SELECT count(*) FROM scans") >= 1, "\(scanner)/\(name): a scans row")
                #expect(try db.int("SELECT count(*) FROM scans WHERE match_kind = 'none'") == 0, "\(scanner)/\(name) attaches")
                #expect(
                    try db.int("SELECT count(*) FROM scan_vulnerabilities") == db.int("SELECT sum(vulnerability_count) FROM scans"),
                    "\(scanner)/\(name): scans.vulnerability_count")
                #expect(try db.int("SELECT count(*) FROM scan_secrets") == Int64(expected.secrets.count), "\(scanner)/\(name): secrets")
                imported += 1
            }
        }
        // Every file there is either imported or (SARIF) refused with advice: none is skipped.
        #expect(imported + refused == files)
        #expect(imported >= 10)
    }

    /// Triples straight from the JSON: Trivy `Results[].Vulnerabilities[]`, Grype `matches[]`,
    /// Snyk `vulnerabilities[]` and `applications[].vulnerabilities[]` (object or array).
    static func expected(_ json: Any) -> Expected {
        var e = Expected()
        if let object = json as? [String: Any], object["SchemaVersion"] != nil {
            for result in object["Results"] as? [[String: Any]] ?? [] {
                for v in result["Vulnerabilities"] as? [[String: Any]] ?? [] {
                    e.add(v["VulnerabilityID"], v["PkgName"], v["InstalledVersion"], severity: v["Severity"])
                }
                for secret in result["Secrets"] as? [[String: Any]] ?? [] {
                    e.secrets.insert([result["Target"] as? String ?? "", secret["RuleID"] as? String ?? "", "\(secret["StartLine"] as? Int ?? 0)"])
                }
            }
        } else if let object = json as? [String: Any], let matches = object["matches"] as? [[String: Any]] {
            for m in matches {
                let v = m["vulnerability"] as? [String: Any] ?? [:]
                let a = m["artifact"] as? [String: Any] ?? [:]
                e.add(v["id"], a["name"], a["version"], severity: v["severity"])
            }
        } else {
            let results = (json as? [[String: Any]]) ?? [json as? [String: Any] ?? [:]]
            for result in results {
                let lists = [result] + (result["applications"] as? [[String: Any]] ?? [])
                for list in lists {
                    for v in list["vulnerabilities"] as? [[String: Any]] ?? [] {
                        e.add(v["id"], v["packageName"] ?? v["name"], v["version"], severity: v["severity"])
                    }
                }
            }
        }
        return e
    }
}
