import PostureFacts

/// Builds a collector's result: measures its duration and turns the failures it met into a
/// status and an error text (never an empty "everything is fine").
struct CollectorOutcome {
    let collector: String
    let engineID: String
    private let started = ContinuousClock.now

    init(collector: String, engineID: String) {
        self.collector = collector
        self.engineID = engineID
    }

    var elapsedMs: Int {
        let elapsed = ContinuousClock.now - started
        return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }

    func result(
        _ status: CollectorResult.Status, error: String? = nil, itemCount: Int = 0, facts: [FactSet] = [],
        samples: [SampleSet] = []
    ) -> CollectorResult {
        // Failed and skipped collectors leave the facts they own as they were.
        let keep = status == .ok || status == .partial
        return CollectorResult(
            collector: collector, engineID: engineID, status: status, error: error, itemCount: itemCount,
            durationMs: elapsedMs, facts: keep ? facts : [], samples: keep ? samples : [])
    }

    /// Status of a per-item collector: ok when nothing failed; skipped when every item failed
    /// for missing permission, failed when every item failed otherwise; partial in between.
    static func status(items: Int, failures: [(item: String, error: HostError)]) -> CollectorResult.Status {
        if failures.isEmpty { return .ok }
        if failures.count < items { return .partial }
        return failures.allSatisfy { $0.error.isPermission } ? .skipped : .failed
    }

    /// "2 of 5 containers unreadable: 3f2a…: cannot read …; …", naming at most three.
    static func describe(items: Int, noun: String, failures: [(item: String, error: HostError)]) -> String? {
        guard !failures.isEmpty else { return nil }
        let shown = failures.prefix(3).map { "\($0.item.prefix(12)): \($0.error)" }
        let more = failures.count > 3 ? "; and \(failures.count - 3) more" : ""
        return "\(failures.count) of \(items) \(noun) unreadable: " + shown.joined(separator: "; ") + more
    }
}
