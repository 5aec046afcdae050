import PostureChecks

/// One stored check result (`findings` row) as of the reported snapshot.
public struct StoredResult: Sendable, Equatable {
    public let checkID: String
    public let title: String
    public let severity: Severity
    public let section: String
    public let resource: String
    public let status: CheckStatus
    public let reason: String
    public let sqlHash: String
}

/// Results per status.
public struct StatusCounts: Sendable, Equatable {
    public var ok = 0
    public var alarm = 0
    public var skip = 0
    public var info = 0
    public var error = 0

    public init() {}

    public var total: Int { ok + alarm + skip + info + error }

    mutating func add(_ status: CheckStatus) {
        switch status {
        case .ok: ok += 1
        case .alarm: alarm += 1
        case .skip: skip += 1
        case .info: info += 1
        case .error: error += 1
        }
    }

    subscript(_ status: CheckStatus) -> Int {
        switch status {
        case .ok: return ok
        case .alarm: return alarm
        case .skip: return skip
        case .info: return info
        case .error: return error
        }
    }
}

/// Everything known about one check in the report: its metadata (from this build's
/// ``CheckCatalog`` when it knows the id, else from the stored results) and its results.
public struct CheckSummary: Sendable {
    public let checkID: String
    public let title: String
    /// The catalog's severity, else the highest stored one.
    public let severity: Severity
    public let section: String
    public let cis: String?
    public let rationale: String?
    public let remediation: String?
    /// `false` when this build has no check with this id (the stored title is used).
    public let known: Bool
    /// `true` when some result was recorded by a different version of the check's SQL.
    public let sqlChanged: Bool
    public let results: [StoredResult]
    public let counts: StatusCounts

    /// `containers`, `images`, `networks`, `engines` or `resources`: what the results examine.
    public var resourceNoun: String { ResourceNoun.of(results.map(\.resource)) }

    /// `3 of 40 containers alarm`
    public var alarmLine: String {
        let noun = counts.total == 1 && resourceNoun.hasSuffix("s") ? String(resourceNoun.dropLast()) : resourceNoun
        return "\(counts.alarm) of \(counts.total) \(noun) alarm"
    }

    public var alarms: [StoredResult] { results.filter { $0.status == .alarm } }
}

/// Names what a set of resource strings are (`<engine>/containers/<name>` → containers).
enum ResourceNoun {
    static func of(_ resources: [String]) -> String {
        let kinds = Set(resources.map(kind))
        if kinds.count == 1, let only = kinds.first { return only }
        return "resources"
    }

    static func kind(_ resource: String) -> String {
        // Plain byte searches: Foundation's String.contains and the standard library's generic
        // firstRange(of:) were each a third of a JSON report at 1,000 containers.
        var copy = resource
        return copy.withUTF8 { bytes in
            for (noun, marker) in markers where contains(bytes, marker) { return noun }
            return contains(bytes, scheme) ? "engines" : "resources"
        }
    }

    private static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ marker: [UInt8]) -> Bool {
        guard bytes.count >= marker.count, let first = marker.first else { return false }
        var i = 0
        while i <= bytes.count - marker.count {
            if bytes[i] == first {
                var j = 1
                while j < marker.count && bytes[i + j] == marker[j] { j += 1 }
                if j == marker.count { return true }
            }
            i += 1
        }
        return false
    }

    private static let scheme = Array("://".utf8)
    private static let markers: [(String, [UInt8])] = ["containers", "images", "networks", "volumes"].map {
        ($0, Array("/\($0)/".utf8))
    }
}

/// A report of one snapshot's stored findings, filtered, with availability over the window.
public struct Report: Sendable {
    public let snapshot: SnapshotInfo
    public let filters: ReportFilters
    /// Checks with at least one result after filtering, in catalog order (section, then id).
    public let checks: [CheckSummary]
    public let totals: StatusCounts
    public let bySeverity: [Severity: StatusCounts]
    /// Section name → counts, in report section order.
    public let bySection: [(section: String, counts: StatusCounts)]
    public let score: Double?
    /// Collectors that did not succeed in the reported snapshot.
    public let collectorIssues: [CollectorIssue]
    public let availability: Availability
    /// Series over the window for charts; loaded for HTML only.
    public let timeline: Timeline?
    /// Things the reader should know (no findings stored, catalog not loadable, ...).
    public let notes: [String]

    /// Alarms at or above `severity`: what `--fail-on` counts.
    public func alarms(atOrAbove severity: Severity) -> Int {
        checks.flatMap(\.alarms).filter { $0.severity >= severity }.count
    }

    /// Checks with at least one alarm, most severe first, then in catalog order.
    public var alarmingChecks: [CheckSummary] {
        let ordered = checks.enumerated().filter { $0.element.counts.alarm > 0 }
        return ordered.sorted { a, b in
            if a.element.severity != b.element.severity { return a.element.severity > b.element.severity }
            return a.offset < b.offset
        }.map(\.element)
    }
}
