import PostureChecks

/// One row of `snapshots`: which collect run a report or a diff side describes.
public struct SnapshotInfo: Sendable, Equatable {
    public let id: Int64
    public let takenAt: String
    public let host: String
    /// `complete`, `partial` or `failed`.
    public let status: String

    public init(id: Int64, takenAt: String, host: String, status: String) {
        self.id = id
        self.takenAt = takenAt
        self.host = host
        self.status = status
    }
}

/// A collector that did not succeed in a snapshot (`snapshot_collectors` status other than ok):
/// the facts it owns were kept from the last successful collect, or are incomplete.
public struct CollectorIssue: Sendable, Equatable {
    public let snapshotID: Int64
    public let collector: String
    /// `nil` for host-wide collectors.
    public let engineID: String?
    /// `partial`, `failed` or `skipped`.
    public let status: String
    public let error: String?

    public init(snapshotID: Int64, collector: String, engineID: String?, status: String, error: String?) {
        self.snapshotID = snapshotID
        self.collector = collector
        self.engineID = engineID
        self.status = status
        self.error = error
    }

    /// `containers of unix:///var/run/docker.sock failed: ...`
    public var sentence: String {
        let scope = engineID.map { " of \($0)" } ?? ""
        return "\(collector)\(scope) \(status)" + (error.map { ": \($0)" } ?? "")
    }
}

/// What a report or diff was restricted to by `--section` and `--severity`.
public struct ReportFilters: Sendable, Equatable {
    public var section: String?
    public var minimumSeverity: Severity?

    public init(section: String? = nil, minimumSeverity: Severity? = nil) {
        self.section = section
        self.minimumSeverity = minimumSeverity
    }

    public static let none = ReportFilters()

    func admits(section: String, severity: Severity) -> Bool {
        if let wanted = self.section, wanted != section { return false }
        if let minimum = minimumSeverity, severity < minimum { return false }
        return true
    }
}
