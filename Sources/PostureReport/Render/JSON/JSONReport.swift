import PostureChecks

/// The JSON report. Top-level fields: `kind` ("posture-report"), `format_version`,
/// `tool_version`, `snapshot`, `filters`, `score` {value, formula, weights}, `totals`,
/// `by_severity`, `by_section`, `checks` (each with its `results`), `collector_issues`,
/// `availability`, `notes`. Field names are stable; absent values are null, never omitted.
enum JSONReport {
    /// The document's UTF-8 bytes, ending with a newline (written through ``JSONStream``).
    static func bytes(_ report: Report, options: RenderOptions) -> [UInt8] {
        var out = JSONStream(capacity: (1 << 16) + report.checks.reduce(0) { $0 + $1.results.count } * 320)
        out.openObject()
        out.member("kind", .string("posture-report"))
        out.member("format_version", .int(1))
        out.member("tool_version", .string(options.toolVersion))
        out.member("snapshot", JSONShared.snapshot(report.snapshot))
        out.member("filters", JSONShared.filters(report.filters))
        out.member("score", .object([
            ("value", .double(report.score)),
            ("formula", .string(Score.formula)),
            ("weights", .object(Severity.allCases.map { ($0.rawValue, .int(Score.weight($0))) })),
        ]))
        out.member("totals", JSONShared.counts(report.totals))
        out.member("by_severity", .object(Severity.allCases.map { ($0.rawValue, JSONShared.counts(report.bySeverity[$0] ?? StatusCounts())) }))
        out.member("by_section", .array(report.bySection.map { .object([("section", .string($0.section))] + JSONShared.countMembers($0.counts)) }))
        out.key("checks")
        out.openArray()
        for summary in report.checks {
            out.element()
            check(summary, into: &out)
        }
        out.closeArray()
        out.member("collector_issues", .array(report.collectorIssues.map(JSONShared.issue)))
        out.member("availability", JSONShared.availability(report.availability))
        out.member("notes", .array(report.notes.map { .string($0) }))
        out.closeObject()
        return out.finished()
    }

    static func check(_ c: CheckSummary, into out: inout JSONStream) {
        out.openObject()
        out.member("check_id", string: c.checkID)
        out.member("title", string: c.title)
        out.member("severity", string: c.severity.rawValue)
        out.member("section", string: c.section)
        out.member("cis", string: c.cis)
        out.member("known", .bool(c.known))
        out.member("sql_changed", .bool(c.sqlChanged))
        out.member("resource_kind", string: c.resourceNoun)
        out.member("resources", .int(c.counts.total))
        for (name, count) in JSONShared.countMembers(c.counts) { out.member(name, count) }
        out.member("rationale", string: c.rationale)
        out.member("remediation", string: c.remediation)
        out.key("results")
        out.openArray()
        for r in c.results {
            out.element()
            out.openObject()
            out.member("resource", string: r.resource)
            out.member("status", string: r.status.rawValue)
            out.member("severity", string: r.severity.rawValue)
            out.member("reason", string: r.reason)
            out.member("sql_hash", string: r.sqlHash)
            out.closeObject()
        }
        out.closeArray()
        out.closeObject()
    }
}

/// Pieces shared by the JSON report and diff.
enum JSONShared {
    static func snapshot(_ s: SnapshotInfo) -> JSONValue {
        .object([("id", .int(s.id)), ("taken_at", .string(s.takenAt)), ("host", .string(s.host)), ("status", .string(s.status))])
    }

    static func filters(_ f: ReportFilters) -> JSONValue {
        .object([("section", .string(f.section)), ("min_severity", .string(f.minimumSeverity?.rawValue))])
    }

    static func countMembers(_ c: StatusCounts) -> [(String, JSONValue)] {
        [("ok", .int(c.ok)), ("alarm", .int(c.alarm)), ("skip", .int(c.skip)), ("info", .int(c.info)), ("error", .int(c.error))]
    }

    static func counts(_ c: StatusCounts) -> JSONValue { .object(countMembers(c)) }

    static func issue(_ i: CollectorIssue) -> JSONValue {
        .object([
            ("snapshot_id", .int(i.snapshotID)), ("collector", .string(i.collector)), ("engine_id", .string(i.engineID)),
            ("status", .string(i.status)), ("error", .string(i.error)),
        ])
    }

    static func availability(_ a: Availability) -> JSONValue {
        .object([
            ("from_snapshot", .int(a.fromSnapshot)),
            ("to_snapshot", .int(a.toSnapshot)),
            ("snapshots", .int(a.snapshotCount)),
            ("engines", .array(a.engines.map { e in
                .object([
                    ("engine_id", .string(e.engineID)),
                    ("snapshots_attempted", .int(e.attempted)),
                    ("unreachable", .array(e.outages.map { o in
                        .object([("snapshot_id", .int(o.snapshotID)), ("taken_at", .string(o.takenAt)), ("error", .string(o.error))])
                    })),
                    ("daemon_restarts", .array(e.restarts.map { r in
                        .object([
                            ("snapshot_id", .int(r.snapshotID)),
                            ("taken_at", .string(r.takenAt)),
                            ("previous_snapshot_id", r.previousSnapshotID.map { .int($0) } ?? .null),
                            ("previous_started_at", .string(r.previousStartedAt)),
                            ("started_at", .string(r.startedAt)),
                            ("live_restore", r.liveRestore.map { .bool($0) } ?? .null),
                            ("running_before", r.runningBefore.map { .int($0) } ?? .null),
                        ])
                    })),
                ])
            })),
            ("notes", .array(a.notes.map { .string($0) })),
        ])
    }
}
