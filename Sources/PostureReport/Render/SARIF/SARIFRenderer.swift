import Foundation
import PostureChecks

/// SARIF 2.1.0 for code-scanning dashboards: one run whose `tool.driver` names posture and lists
/// one rule per check that has a result; one result per alarm (for a diff: per new alarm) with
/// `ruleId`/`ruleIndex`, `level` from severity (critical and high → error, medium → warning,
/// low and info → note), `message.text`, a location whose `logicalLocations` name the resource
/// (and whose `physicalLocation` is a stable pseudo-path of it, which GitHub requires), and
/// `partialFingerprints` so an alarm keeps its identity across uploads.
struct SARIFRenderer {
    let options: RenderOptions

    static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    struct Rule {
        let id: String
        let title: String
        let severity: Severity
        let section: String
        let cis: String?
        let rationale: String?
        let remediation: String?
    }

    struct Result {
        let ruleID: String
        let severity: Severity
        let resource: String
        let message: String
    }

    func render(_ report: Report) -> String {
        let checks = report.checks.filter { $0.counts.alarm > 0 }
        let rules = checks.map {
            Rule(id: $0.checkID, title: $0.title, severity: $0.severity, section: $0.section, cis: $0.cis,
                 rationale: $0.rationale, remediation: $0.remediation)
        }
        let results = checks.flatMap { c in
            c.alarms.map { Result(ruleID: c.checkID, severity: $0.severity, resource: $0.resource, message: "\($0.resource): \($0.reason)") }
        }
        return document(rules: rules, results: results, snapshot: report.snapshot, category: "posture/report").rendered()
    }

    func render(_ diff: Diff) -> String {
        var rules: [Rule] = []
        for d in diff.findings.new where !rules.contains(where: { $0.id == d.checkID }) {
            rules.append(Rule(id: d.checkID, title: d.title, severity: d.severity, section: d.section, cis: nil, rationale: nil, remediation: d.remediation))
        }
        let results = diff.findings.new.map {
            Result(ruleID: $0.checkID, severity: $0.severity, resource: $0.resource,
                   message: "new since snapshot \(diff.from.id): \($0.resource): \($0.newReason ?? "")")
        }
        return document(rules: rules, results: results, snapshot: diff.to, category: "posture/diff").rendered()
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: return "error"
        case .medium: return "warning"
        case .low, .info: return "note"
        }
    }

    /// GitHub's `security-severity` (critical > 9.0, high 7.0–8.9, medium 4.0–6.9, low < 4.0).
    static func securitySeverity(_ severity: Severity) -> String {
        switch severity {
        case .critical: return "9.5"
        case .high: return "8.0"
        case .medium: return "5.5"
        case .low: return "2.5"
        case .info: return "0.0"
        }
    }

    /// A relative, URI-safe pseudo-path for a resource: `unix:///var/run/docker.sock/containers/web`
    /// → `posture/unix/var/run/docker.sock/containers/web`.
    static func uri(_ resource: String) -> String {
        let parts = resource.replacingOccurrences(of: "://", with: "/").split(separator: "/").map { part in
            String(part).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/:;"))) ?? "_"
        }
        return (["posture"] + parts).joined(separator: "/")
    }

    private func document(rules: [Rule], results: [Result], snapshot: SnapshotInfo, category: String) -> JSONValue {
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        return .object([
            ("$schema", .string(Self.schema)),
            ("version", .string("2.1.0")),
            ("runs", .array([
                .object([
                    ("tool", .object([("driver", .object([
                        ("name", .string("posture")),
                        ("version", .string(options.toolVersion)),
                        ("semanticVersion", .string(options.toolVersion)),
                        ("rules", .array(rules.map(rule))),
                    ]))])),
                    ("automationDetails", .object([("id", .string("\(category)/\(snapshot.host)/"))])),
                    ("results", .array(results.map { result($0, index: index[$0.ruleID] ?? 0) })),
                    ("properties", .object([("snapshot", JSONShared.snapshot(snapshot))])),
                ])
            ])),
        ])
    }

    private func rule(_ r: Rule) -> JSONValue {
        var tags: [JSONValue] = [.string("security"), .string("container"), .string(r.section)]
        if let cis = r.cis { tags.append(.string("CIS-Docker-\(cis)")) }
        let help = r.remediation ?? "No remediation known to this build of posture."
        return .object([
            ("id", .string(r.id)),
            ("name", .string(r.id)),
            ("shortDescription", .object([("text", .string(r.title))])),
            ("fullDescription", .object([("text", .string(r.rationale ?? r.title))])),
            ("help", .object([("text", .string(help)), ("markdown", .string("**Remediation:** " + help))])),
            ("defaultConfiguration", .object([("level", .string(Self.level(r.severity)))])),
            ("properties", .object([
                ("tags", .array(tags)),
                ("precision", .string("high")),
                ("problem.severity", .string(Self.level(r.severity) == "note" ? "recommendation" : Self.level(r.severity))),
                ("security-severity", .string(Self.securitySeverity(r.severity))),
            ])),
        ])
    }

    private func result(_ r: Result, index: Int) -> JSONValue {
        .object([
            ("ruleId", .string(r.ruleID)),
            ("ruleIndex", .int(index)),
            ("kind", .string("fail")),
            ("level", .string(Self.level(r.severity))),
            ("message", .object([("text", .string(r.message))])),
            ("locations", .array([
                .object([
                    ("physicalLocation", .object([
                        ("artifactLocation", .object([("uri", .string(Self.uri(r.resource)))])),
                        ("region", .object([("startLine", .int(1))])),
                    ])),
                    ("logicalLocations", .array([
                        .object([("name", .string(r.resource)), ("fullyQualifiedName", .string(r.resource)), ("kind", .string("resource"))])
                    ])),
                ])
            ])),
            ("partialFingerprints", .object([("postureFinding/v1", .string(r.ruleID + "|" + r.resource))])),
            ("properties", .object([("severity", .string(r.severity.rawValue))])),
        ])
    }
}
