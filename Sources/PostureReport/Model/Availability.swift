/// The daemon as a single point of failure over a window of snapshots: per engine, when it did
/// not answer and when its daemon restarted (and what a restart without live-restore stopped).
public struct Availability: Sendable {
    /// First and last snapshot of the window (inclusive).
    public let fromSnapshot: Int64
    public let toSnapshot: Int64
    /// Snapshots in the window.
    public let snapshotCount: Int
    public let engines: [EngineAvailability]
    /// What could not be determined (no daemons table, ...).
    public let notes: [String]

    public init(fromSnapshot: Int64, toSnapshot: Int64, snapshotCount: Int, engines: [EngineAvailability], notes: [String]) {
        self.fromSnapshot = fromSnapshot
        self.toSnapshot = toSnapshot
        self.snapshotCount = snapshotCount
        self.engines = engines
        self.notes = notes
    }

    /// True when no engine was unreachable and no daemon restarted in the window.
    public var isQuiet: Bool { engines.allSatisfy { $0.outages.isEmpty && $0.restarts.isEmpty } }
}

public struct EngineAvailability: Sendable {
    public let engineID: String
    /// Snapshots of the window in which the engine was attempted (has an `engine` collector row).
    public let attempted: Int
    /// Snapshots in which the `engine` collector failed, oldest first.
    public let outages: [Outage]
    public let restarts: [DaemonRestart]

    public init(engineID: String, attempted: Int, outages: [Outage], restarts: [DaemonRestart]) {
        self.engineID = engineID
        self.attempted = attempted
        self.outages = outages
        self.restarts = restarts
    }

    /// Outage snapshot ids as ranges: `5–7, 12`.
    public var outageRanges: String { SnapshotRanges.text(outages.map(\.snapshotID)) }
}

/// One snapshot in which an engine could not be reached.
public struct Outage: Sendable, Equatable {
    public let snapshotID: Int64
    public let takenAt: String
    public let error: String?
}

/// A daemon seen with a new start time: it restarted between `previousSnapshotID` and `snapshotID`.
public struct DaemonRestart: Sendable, Equatable {
    /// First snapshot that saw the new daemon.
    public let snapshotID: Int64
    public let takenAt: String
    /// Last snapshot before it (where "running just before" is counted).
    public let previousSnapshotID: Int64?
    public let previousStartedAt: String?
    public let startedAt: String?
    /// `engines.live_restore` just before the restart; `nil` when unknown.
    public let liveRestore: Bool?
    /// Containers running just before, counted only when live-restore was off (they were stopped
    /// by the restart); `nil` otherwise.
    public let runningBefore: Int?

    /// `snapshot 9 (daemon started 2026-11-29T03:00:00Z, was 2026-11-01T…): live-restore off, 3 containers were running just before`
    public var sentence: String {
        var text = "snapshot \(snapshotID): daemon started \(startedAt ?? "?") (previously \(previousStartedAt ?? "?"))"
        switch liveRestore {
        case .some(true): text += "; live-restore on, containers kept running"
        case .some(false):
            text += "; live-restore off"
            if let runningBefore { text += ", \(runningBefore) container\(runningBefore == 1 ? " was" : "s were") running just before" }
        case .none: text += "; live-restore unknown"
        }
        return text
    }
}

/// Formats sorted snapshot ids as ranges (`3–5, 9`).
public enum SnapshotRanges {
    public static func text(_ ids: [Int64]) -> String {
        var parts: [String] = []
        var start: Int64?
        var last: Int64?
        func flush() {
            guard let s = start, let l = last else { return }
            parts.append(s == l ? "\(s)" : "\(s)–\(l)")
        }
        for id in ids.sorted() {
            if let l = last, id == l + 1 {
                last = id
            } else {
                flush()
                start = id
                last = id
            }
        }
        flush()
        return parts.joined(separator: ", ")
    }
}
