/// The JSON diff. Top-level fields: `kind` ("posture-diff"), `format_version`, `tool_version`,
/// `from`, `to`, `filters`, `empty`, `findings` {new, resolved, changed}, `tables` (every table
/// compared, each with `key`, `added`, `removed`, `changed`, `notes`, `withheld`),
/// `vulnerabilities` (null when the database has none) {introduced, fixed},
/// `collector_issues`, `availability`.
enum JSONDiff {
    /// The document's UTF-8 bytes, ending with a newline (written through ``JSONStream``).
    static func bytes(_ diff: Diff, options: RenderOptions) -> [UInt8] {
        let rows = diff.tables.reduce(0) { $0 + $1.added.count + $1.removed.count + $1.changed.count }
        let findings = diff.findings.new.count + diff.findings.resolved.count + diff.findings.changed.count
        var out = JSONStream(capacity: (1 << 16) + rows * 400 + findings * 600)
        out.openObject()
        out.member("kind", .string("posture-diff"))
        out.member("format_version", .int(1))
        out.member("tool_version", .string(options.toolVersion))
        out.member("from", JSONShared.snapshot(diff.from))
        out.member("to", JSONShared.snapshot(diff.to))
        out.member("filters", JSONShared.filters(diff.filters))
        out.member("empty", .bool(diff.isEmpty))
        out.key("findings")
        out.openObject()
        for (name, deltas) in [("new", diff.findings.new), ("resolved", diff.findings.resolved), ("changed", diff.findings.changed)] {
            out.key(name)
            out.openArray()
            for delta in deltas {
                out.element()
                finding(delta, into: &out)
            }
            out.closeArray()
        }
        out.closeObject()
        out.key("tables")
        out.openArray()
        for t in diff.tables {
            out.element()
            table(t, into: &out)
        }
        out.closeArray()
        out.member("vulnerabilities", diff.vulnerabilities.map { v in
            .object([("introduced", .array(v.introduced.map(vulnerability))), ("fixed", .array(v.fixed.map(vulnerability)))])
        } ?? .null)
        out.member("collector_issues", .array(diff.collectorIssues.map(JSONShared.issue)))
        out.member("availability", JSONShared.availability(diff.availability))
        out.closeObject()
        return out.finished()
    }

    static func finding(_ d: FindingDelta, into out: inout JSONStream) {
        out.openObject()
        out.member("check_id", string: d.checkID)
        out.member("title", string: d.title)
        out.member("severity", string: d.severity.rawValue)
        out.member("section", string: d.section)
        out.member("resource", string: d.resource)
        out.member("old_status", string: d.oldStatus)
        out.member("new_status", string: d.newStatus)
        out.member("old_reason", string: d.oldReason)
        out.member("new_reason", string: d.newReason)
        out.member("known", .bool(d.known))
        out.member("remediation", string: d.remediation)
        out.closeObject()
    }

    static func table(_ t: TableDiff, into out: inout JSONStream) {
        func key(_ row: RowDelta) {
            out.key("key")
            out.openObject()
            for (column, value) in row.key { out.member(column, string: value) }
            out.closeObject()
        }
        out.openObject()
        out.member("table", string: t.table)
        out.member("key", .array(t.keyColumns.map { .string($0) }))
        for (name, rows) in [("added", t.added), ("removed", t.removed)] {
            out.key(name)
            out.openArray()
            for r in rows {
                out.element()
                out.openObject()
                key(r)
                out.key("values")
                out.openObject()
                for (column, value) in r.values { out.member(column, sql: value) }
                out.closeObject()
                out.closeObject()
            }
            out.closeArray()
        }
        out.key("changed")
        out.openArray()
        for r in t.changed {
            out.element()
            out.openObject()
            key(r)
            out.key("changes")
            out.openArray()
            for c in r.changes {
                out.element()
                out.openObject()
                out.member("field", string: c.field)
                out.member("old", sql: c.old)
                out.member("new", sql: c.new)
                out.closeObject()
            }
            out.closeArray()
            out.closeObject()
        }
        out.closeArray()
        out.member("notes", .array(t.notes.map { .string($0) }))
        out.member("withheld", .int(t.withheld))
        out.closeObject()
    }

    static func vulnerability(_ v: VulnerabilityDelta) -> JSONValue {
        .object([
            ("image_id", .string(v.imageID)), ("vulnerability_id", .string(v.vulnerabilityID)), ("package", .string(v.package)),
            ("installed_version", .string(v.installedVersion)), ("fixed_version", .string(v.fixedVersion)),
            ("severity", .string(v.severity)), ("cvss_score", .double(v.cvssScore)), ("title", .string(v.title)),
        ])
    }
}
