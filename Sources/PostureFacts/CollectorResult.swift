/// Outcome of one collector for one engine (or for the host) in one collect run.
///
/// Written to `snapshot_collectors`; its `facts` and `samples` are written to the fact tables
/// only as far as `status` allows (a failed collector leaves the facts it owns untouched).
public struct CollectorResult: Sendable {
    public enum Status: String, Sendable {
        /// Everything in scope was read.
        case ok
        /// Some items could not be read; what was read is recorded, nothing is removed.
        case partial
        /// Nothing could be read; the collector's facts stay as they were.
        case failed
        /// Not attempted (no permission, not applicable, disabled); facts stay as they were.
        case skipped
    }

    public let collector: String
    /// The engine this result belongs to, or `nil` for host-wide collectors.
    public let engineID: String?
    public var status: Status
    public var error: String?
    public var itemCount: Int
    public var durationMs: Int
    public var facts: [FactSet]
    public var samples: [SampleSet]
    /// Extra counts written to the `snapshot_collectors` columns of the same name
    /// (`images_analysed`, `images_reused` for image contents).
    public var counters: [String: Int] = [:]
    /// Which documents the facts come from (the containers and images collectors), kept so
    /// the next collect can skip an unchanged one; written only when the facts are.
    public var digests: InspectDigests?

    public init(
        collector: String, engineID: String?, status: Status = .ok, error: String? = nil,
        itemCount: Int = 0, durationMs: Int = 0, facts: [FactSet] = [], samples: [SampleSet] = []
    ) {
        self.collector = collector
        self.engineID = engineID
        self.status = status
        self.error = error
        self.itemCount = itemCount
        self.durationMs = durationMs
        self.facts = facts
        self.samples = samples
    }
}

/// Everything one `collect` run found, ready to be written as one snapshot in one transaction.
public struct SnapshotInput: Sendable {
    public var takenAt: String
    public var host: String
    public var toolVersion: String
    public var results: [CollectorResult]

    public init(takenAt: String, host: String, toolVersion: String, results: [CollectorResult]) {
        self.takenAt = takenAt
        self.host = host
        self.toolVersion = toolVersion
        self.results = results
    }

    /// `complete` when every collector succeeded or was deliberately skipped, `failed` when
    /// none succeeded, `partial` otherwise.
    public var status: String {
        let attempted = results.filter { $0.status != .skipped }
        if attempted.allSatisfy({ $0.status == .ok }) { return "complete" }
        if attempted.allSatisfy({ $0.status == .failed }) { return "failed" }
        return "partial"
    }
}
