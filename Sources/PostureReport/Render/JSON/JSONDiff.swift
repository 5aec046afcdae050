/// The JSON diff. Top-level fields: `kind` ("posture-diff"), `format_version`, `tool_version`,
/// `from`, `to`, `filters`, `empty`, `findings` {new, resolved, changed}, `tables` (every table
/// compared, each with `key`, `added`, `removed`, `changed`, `notes`, `withheld`),
/// `vulnerabilities` (null when the database has none) {introduced, fixed},
/// `collector_issues`, `availability`.
enum JSONDiff {
    static func value(_ diff: Diff, options: RenderOptions) -> JSONValue {
        .object([
            ("kind", .string("posture-diff")),
            ("format_version", .int(1)),
            ("tool_version", .string(options.toolVersion)),
            ("from", JSONShared.snapshot(diff.from)),
            ("to", JSONShared.snapshot(diff.to)),
            ("filters", JSONShared.filters(diff.filters)),
            ("empty", .bool(diff.isEmpty)),
            ("findings", .object([
                ("new", .array(diff.findings.new.map(finding))),
                ("resolved", .array(diff.findings.resolved.map(finding))),
                ("changed", .array(diff.findings.changed.map(finding))),
            ])),
            ("tables", .array(diff.tables.map(table))),
            ("vulnerabilities", diff.vulnerabilities.map { v in
                .object([("introduced", .array(v.introduced.map(vulnerability))), ("fixed", .array(v.fixed.map(vulnerability)))])
            } ?? .null),
            ("collector_issues", .array(diff.collectorIssues.map(JSONShared.issue))),
            ("availability", JSONShared.availability(diff.availability)),
        ])
    }

    static func finding(_ d: FindingDelta) -> JSONValue {
        .object([
            ("check_id", .string(d.checkID)), ("title", .string(d.title)), ("severity", .string(d.severity.rawValue)),
            ("section", .string(d.section)), ("resource", .string(d.resource)), ("old_status", .string(d.oldStatus)),
            ("new_status", .string(d.newStatus)), ("old_reason", .string(d.oldReason)), ("new_reason", .string(d.newReason)),
            ("known", .bool(d.known)), ("remediation", .string(d.remediation)),
        ])
    }

    static func table(_ t: TableDiff) -> JSONValue {
        func key(_ row: RowDelta) -> JSONValue { .object(row.key.map { ($0.column, .string($0.value)) }) }
        return .object([
            ("table", .string(t.table)),
            ("key", .array(t.keyColumns.map { .string($0) })),
            ("added", .array(t.added.map { r in .object([("key", key(r)), ("values", .object(r.values.map { ($0.column, .sql($0.value)) }))]) })),
            ("removed", .array(t.removed.map { r in .object([("key", key(r)), ("values", .object(r.values.map { ($0.column, .sql($0.value)) }))]) })),
            ("changed", .array(t.changed.map { r in
                .object([
                    ("key", key(r)),
                    ("changes", .array(r.changes.map { c in .object([("field", .string(c.field)), ("old", .sql(c.old)), ("new", .sql(c.new))]) })),
                ])
            })),
            ("notes", .array(t.notes.map { .string($0) })),
            ("withheld", .int(t.withheld)),
        ])
    }

    static func vulnerability(_ v: VulnerabilityDelta) -> JSONValue {
        .object([
            ("image_id", .string(v.imageID)), ("vulnerability_id", .string(v.vulnerabilityID)), ("package", .string(v.package)),
            ("installed_version", .string(v.installedVersion)), ("fixed_version", .string(v.fixedVersion)),
            ("severity", .string(v.severity)), ("cvss_score", .double(v.cvssScore)), ("title", .string(v.title)),
        ])
    }
}
