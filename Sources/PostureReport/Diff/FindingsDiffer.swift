import PostureChecks
import PostureStore

/// New, resolved and changed alarms between A and B, keyed on (check_id, resource), from the
/// `findings_versions` rows of ``VersionWindow`` only, and of those only the keys that are an
/// alarm on one side (``focus``).
///
/// new: alarm at B and not at A (absent, or another status); resolved: alarm at A and not at B
/// (another status, or the result is gone with its resource); changed: alarm at both with a
/// different reason or severity.
struct FindingsDiffer {
    let catalog: CheckCatalog
    let filters: ReportFilters

    /// The columns of `findings_versions` a diff reads (a distant diff reads every finding that
    /// changed in between, so the others are not loaded).
    static let columns = ["check_id", "resource", "status", "reason", "severity", "title", "section"]

    /// Only keys that are an alarm on one side can make a delta, so only their versions are
    /// read (both sides of such a key, whatever its status on the other side).
    static let focus = VersionWindow.Focus(key: ["check_id", "resource"], condition: "status = 'alarm'")

    private struct Key: Hashable {
        let check: String
        let resource: String
    }

    func diff(atA: [NamedRow], atB: [NamedRow]) -> FindingsDiff {
        func index(_ rows: [NamedRow]) -> [Key: NamedRow] {
            var result: [Key: NamedRow] = [:]
            result.reserveCapacity(rows.count)
            for row in rows { result[Key(check: row["check_id"].display, resource: row["resource"].display)] = row }
            return result
        }
        let old = index(atA)
        let new = index(atB)
        var added: [FindingDelta] = []
        var resolved: [FindingDelta] = []
        var changed: [FindingDelta] = []
        // Only keys that are an alarm on one side can make a delta.
        var keys: Set<Key> = []
        for (key, row) in old where row["status"].text == "alarm" { keys.insert(key) }
        for (key, row) in new where row["status"].text == "alarm" { keys.insert(key) }
        for key in keys {
            let a = old[key]
            let b = new[key]
            let wasAlarm = a?["status"].text == "alarm"
            let isAlarm = b?["status"].text == "alarm"
            guard wasAlarm || isAlarm, let current = isAlarm ? b : a else { continue }
            let delta = makeDelta(current: current, a: a, b: b)
            guard filters.admits(section: delta.section, severity: delta.severity) else { continue }
            if isAlarm && !wasAlarm {
                added.append(delta)
            } else if wasAlarm && !isAlarm {
                resolved.append(delta)
            } else if a?["reason"] != b?["reason"] || a?["severity"] != b?["severity"] {
                changed.append(delta)
            }
        }
        return FindingsDiff(new: Self.ordered(added), resolved: Self.ordered(resolved), changed: Self.ordered(changed))
    }

    private func makeDelta(current: NamedRow, a: NamedRow?, b: NamedRow?) -> FindingDelta {
        let id = current["check_id"].display
        let check = catalog.check(id: id)
        return FindingDelta(
            checkID: id, title: check?.title ?? current["title"].display,
            severity: Severity(rawValue: current["severity"].text ?? "") ?? .info,
            section: check?.section.rawValue ?? current["section"].display, resource: current["resource"].display,
            oldStatus: a?["status"].text, newStatus: b?["status"].text, oldReason: a?["reason"].text,
            newReason: b?["reason"].text, remediation: check?.remediation, known: check != nil)
    }

    /// Most severe first, then by check id and resource.
    static func ordered(_ deltas: [FindingDelta]) -> [FindingDelta] {
        // Indices are sorted, not the deltas: moving a delta (eleven fields) costs more than comparing two.
        deltas.indices.sorted { i, j in
            (deltas[j].severity.rank, deltas[i].checkID, deltas[i].resource) < (deltas[i].severity.rank, deltas[j].checkID, deltas[j].resource)
        }.map { deltas[$0] }
    }
}
