/// JUnit XML (the schema Jenkins, GitLab and most CI servers read): one `<testsuite>` per
/// check, one `<testcase>` per check × resource, `classname` posture.<section>.<check_id> and
/// `name` the resource. A report maps alarm → `<failure>`, skip and info → `<skipped>`,
/// error → `<error>`, ok → a passing case. A diff holds its new alarms as failures and its
/// resolved alarms as passing cases.
enum JUnitRenderer {
    struct Case {
        enum Outcome { case pass, failure, skipped, error }
        let resource: String
        let outcome: Outcome
        let severity: String
        let message: String
        let detail: String?
    }

    struct Suite {
        let checkID: String
        let title: String
        let section: String
        let cases: [Case]
    }

    static func render(_ report: Report) -> String {
        let suites = report.checks.map { c in
            Suite(checkID: c.checkID, title: c.title, section: c.section, cases: c.results.map { r in
                let outcome: Case.Outcome
                switch r.status {
                case .ok: outcome = .pass
                case .alarm: outcome = .failure
                case .skip, .info: outcome = .skipped
                case .error: outcome = .error
                }
                return Case(
                    resource: r.resource, outcome: outcome, severity: r.severity.rawValue, message: r.reason,
                    detail: r.status == .alarm ? c.remediation.map { "Remediation: " + $0 } : nil)
            })
        }
        return document(name: "posture report snapshot \(report.snapshot.id)", timestamp: report.snapshot.takenAt, suites: suites)
    }

    static func render(_ diff: Diff) -> String {
        var order: [String] = []
        var byCheck: [String: (FindingDelta, [Case])] = [:]
        for (delta, outcome) in diff.findings.new.map({ ($0, Case.Outcome.failure) }) + diff.findings.resolved.map({ ($0, Case.Outcome.pass) }) {
            if byCheck[delta.checkID] == nil { order.append(delta.checkID) }
            let message = outcome == .failure
                ? "new alarm since snapshot \(diff.from.id): \(delta.newReason ?? "")"
                : "resolved since snapshot \(diff.from.id)"
            let c = Case(
                resource: delta.resource, outcome: outcome, severity: delta.severity.rawValue, message: message,
                detail: outcome == .failure ? delta.remediation.map { "Remediation: " + $0 } : nil)
            byCheck[delta.checkID, default: (delta, [])].1.append(c)
        }
        let suites = order.map { id in
            Suite(checkID: id, title: byCheck[id]!.0.title, section: byCheck[id]!.0.section, cases: byCheck[id]!.1)
        }
        return document(name: "posture diff \(diff.from.id)..\(diff.to.id)", timestamp: diff.to.takenAt, suites: suites)
    }

    private static func document(name: String, timestamp: String, suites: [Suite]) -> String {
        func count(_ cases: [Case], _ outcome: Case.Outcome) -> Int { cases.filter { $0.outcome == outcome }.count }
        let all = suites.flatMap(\.cases)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"\(XML.escape(name))\" tests=\"\(all.count)\" failures=\"\(count(all, .failure))\" "
            + "errors=\"\(count(all, .error))\" skipped=\"\(count(all, .skipped))\" time=\"0\">\n"
        for suite in suites {
            out += "  <testsuite name=\"\(XML.escape(suite.checkID))\" tests=\"\(suite.cases.count)\" "
                + "failures=\"\(count(suite.cases, .failure))\" errors=\"\(count(suite.cases, .error))\" "
                + "skipped=\"\(count(suite.cases, .skipped))\" time=\"0\" timestamp=\"\(XML.escape(timestamp))\">\n"
            out += "    <properties>\n"
            out += "      <property name=\"title\" value=\"\(XML.escape(suite.title))\"/>\n"
            out += "      <property name=\"section\" value=\"\(XML.escape(suite.section))\"/>\n"
            out += "    </properties>\n"
            for c in suite.cases {
                let open = "    <testcase classname=\"posture.\(XML.escape(suite.section)).\(XML.escape(suite.checkID))\" "
                    + "name=\"\(XML.escape(c.resource))\" time=\"0\""
                let body = c.detail.map { XML.escape($0) } ?? ""
                let attributes = "message=\"\(XML.escape(c.message))\" type=\"\(XML.escape(c.severity))\""
                switch c.outcome {
                case .pass: out += open + "/>\n"
                case .failure: out += open + ">\n      <failure \(attributes)>\(body)</failure>\n    </testcase>\n"
                case .error: out += open + ">\n      <error \(attributes)>\(body)</error>\n    </testcase>\n"
                case .skipped: out += open + ">\n      <skipped message=\"\(XML.escape(c.message))\"/>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }
}

/// XML 1.0 text and attribute escaping; characters XML 1.0 forbids become U+FFFD.
enum XML {
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t", "\r": out += "&#\(scalar.value);"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
