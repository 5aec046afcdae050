import PostureFacts

/// Turns parsed reports into the fact sets of `schema/0003_scans.sql`: `scans`,
/// `scan_vulnerabilities`, `scan_secrets` and `scan_misconfigurations`, each scoped to one
/// scan (`scan_id`), so importing a report replaces that scan's rows and no other's.
public enum ScanFacts {
    static let scanColumns = [
        "scan_id", "scanner", "format", "scanner_version", "db_updated_at", "scanned_at", "image_id",
        "image_ref", "repo_digest", "repo_digests", "repo_tags", "match_kind", "match_key", "os",
        "source_sha256", "source_file", "vulnerability_count", "critical_count", "high_count",
        "secret_count", "misconfiguration_count",
    ]
    static let vulnerabilityColumns = [
        "scan_id", "scanner", "match_kind", "match_key", "vulnerability_id", "aliases", "package",
        "installed_version", "fixed_version", "severity", "cvss_score", "title", "status", "package_type",
        "target", "pkg_path",
    ]
    static let secretColumns = ["scan_id", "target", "rule_id", "start_line", "end_line", "category", "severity", "title"]
    static let misconfigurationColumns = [
        "scan_id", "target", "check_id", "type", "title", "severity", "status", "message",
    ]

    /// The four fact sets of one report (complete within the report's scan).
    public static func factSets(for report: ParsedReport) -> [FactSet] {
        let scanID = report.scanID
        let scope: [String: FactValue] = ["scan_id": .text(scanID)]
        let subject = report.subject

        var scans = FactSet(table: "scans", columns: scanColumns, keyColumns: ["scan_id"], scope: scope)
        scans.rows = [[
            .text(scanID), .text(report.scanner.rawValue), .text(report.format), .optional(report.scannerVersion),
            .optional(report.dbUpdatedAt), .optional(report.scannedAt), .optional(subject.imageID),
            .optional(subject.imageRef), .optional(subject.repoDigests.first),
            .text(subject.repoDigests.joined(separator: ",")), .text(subject.repoTags.joined(separator: ",")),
            .text(subject.matchKind.rawValue), .optional(subject.matchKey), .optional(report.os),
            .text(report.sourceSHA256), .text(report.sourceFile), .int(Int64(report.vulnerabilities.count)),
            .int(Int64(report.criticalCount)), .int(Int64(report.highCount)), .int(Int64(report.secrets.count)),
            .int(Int64(report.failedMisconfigurationCount)),
        ]]

        var vulnerabilities = FactSet(
            table: "scan_vulnerabilities", columns: vulnerabilityColumns,
            keyColumns: ["vulnerability_id", "package", "installed_version", "target", "pkg_path"], scope: scope)
        vulnerabilities.rows.reserveCapacity(report.vulnerabilities.count)
        let scanner = FactValue.text(report.scanner.rawValue)
        let matchKind = FactValue.text(subject.matchKind.rawValue)
        let matchKey = FactValue.optional(subject.matchKey)
        let scanValue = FactValue.text(scanID)
        for f in report.vulnerabilities {
            vulnerabilities.rows.append([
                scanValue, scanner, matchKind, matchKey, .text(f.vulnerabilityID),
                f.aliases.isEmpty ? .null : .text(f.aliases.joined(separator: ",")), .text(f.package),
                .text(f.installedVersion), .optional(f.fixedVersion), .text(f.severity.rawValue), .optional(f.cvssScore),
                .optional(f.title), .optional(f.status), .optional(f.packageType), .text(f.target), .text(f.pkgPath),
            ])
        }

        var secrets = FactSet(
            table: "scan_secrets", columns: secretColumns, keyColumns: ["target", "rule_id", "start_line"], scope: scope)
        for s in report.secrets {
            secrets.rows.append([
                scanValue, .text(s.target), .text(s.ruleID), .int(Int64(s.startLine)), .optional(s.endLine),
                .optional(s.category), .text(s.severity.rawValue), .optional(s.title),
            ])
        }

        var misconfigurations = FactSet(
            table: "scan_misconfigurations", columns: misconfigurationColumns, keyColumns: ["target", "check_id"],
            scope: scope)
        for m in report.misconfigurations {
            misconfigurations.rows.append([
                scanValue, .text(m.target), .text(m.checkID), .optional(m.type), .optional(m.title),
                .text(m.severity.rawValue), .optional(m.status), .optional(m.message),
            ])
        }
        return [scans, vulnerabilities, secrets, misconfigurations]
    }
}
