import PostureChecks

/// The JSON report. Top-level fields: `kind` ("posture-report"), `format_version`,
/// `tool_version`, `snapshot`, `filters`, `score` {value, formula, weights}, `totals`,
/// `by_severity`, `by_section`, `checks` (each with its `results`), `collector_issues`,
/// `availability`, `notes`. Field names are stable; absent values are null, never omitted.
enum JSONReport {
    static func value(_ report: Report, options: RenderOptions) -> JSONValue {
        .object([
            ("kind", .string("posture-report")),
            ("format_version", .int(1)),
            ("tool_version", .string(options.toolVersion)),
            ("snapshot", JSONShared.snapshot(report.snapshot)),
            ("filters", JSONShared.filters(report.filters)),
            ("score", .object([
                ("value", .double(report.score)),
                ("formula", .string(Score.formula)),
                ("weights", .object(Severity.allCases.map { ($0.rawValue, .int(Score.weight($0))) })),
            ])),
            ("totals", JSONShared.counts(report.totals)),
            ("by_severity", .object(Severity.allCases.map { ($0.rawValue, JSONShared.counts(report.bySeverity[$0] ?? StatusCounts())) })),
            ("by_section", .array(report.bySection.map { .object([("section", .string($0.section))] + JSONShared.countMembers($0.counts)) })),
            ("checks", .array(report.checks.map(check))),
            ("collector_issues", .array(report.collectorIssues.map(JSONShared.issue))),
            ("availability", JSONShared.availability(report.availability)),
            ("notes", .array(report.notes.map { .string($0) })),
        ])
    }

    static func check(_ c: CheckSummary) -> JSONValue {
        .object([
            ("check_id", .string(c.checkID)),
            ("title", .string(c.title)),
            ("severity", .string(c.severity.rawValue)),
            ("section", .string(c.section)),
            ("cis", .string(c.cis)),
            ("known", .bool(c.known)),
            ("sql_changed", .bool(c.sqlChanged)),
            ("resource_kind", .string(c.resourceNoun)),
            ("resources", .int(c.counts.total)),
        ] + JSONShared.countMembers(c.counts) + [
            ("rationale", .string(c.rationale)),
            ("remediation", .string(c.remediation)),
            ("results", .array(c.results.map { r in
                .object([
                    ("resource", .string(r.resource)),
                    ("status", .string(r.status.rawValue)),
                    ("severity", .string(r.severity.rawValue)),
                    ("reason", .string(r.reason)),
                    ("sql_hash", .string(r.sqlHash)),
                ])
            })),
        ])
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
