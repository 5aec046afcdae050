import PostureChecks

/// Series over the report window for the HTML charts: alarms per snapshot by severity (from
/// `findings_history`), vulnerabilities per snapshot by severity (from `vulnerabilities_history`
/// when the database has it) and which engines were unreachable. At most ``maxPoints`` snapshots
/// are sampled (evenly, always including the last); outages are kept for every snapshot.
public struct Timeline: Sendable {
    public static let maxPoints = 240

    public struct Point: Sendable, Equatable {
        public let snapshotID: Int64
        public let takenAt: String
        /// Alarm count per severity (critical ... info).
        public let alarms: [Severity: Int]
        /// Vulnerability count per scanner severity (critical, high, medium, low, negligible,
        /// unknown); empty when the database has no vulnerabilities.
        public let vulnerabilities: [String: Int]
    }

    public let points: [Point]
    public let hasVulnerabilities: Bool
    /// Every snapshot id of the window, in order (the x axis of the availability strip).
    public let snapshotIDs: [Int64]
    /// Engine → snapshot ids in which it was unreachable.
    public let outages: [String: [Int64]]
    /// Engine → snapshot ids at which its daemon was seen restarted.
    public let restarts: [String: [Int64]]

    public static let vulnerabilitySeverities = ["critical", "high", "medium", "low", "negligible", "unknown"]
}
