import Foundation

/// Resolves what a user typed to name a snapshot: an id (`12`), `latest`, a date or time
/// (`2026-11-01`, `2026-11-01T08:00:00Z`: the last snapshot taken at or before it, a bare date
/// meaning the end of that day), or an age (`-7d`, `-12h`, `-30m`: the last snapshot at or
/// before that long ago).
public enum SnapshotSelector {
    public static func resolve(_ text: String, in db: ReadOnlyDatabase, now: Date = Date()) throws -> Int64 {
        let spec = text.trimmingCharacters(in: .whitespaces)
        if spec == "latest" {
            return try single("SELECT max(id) FROM main.snapshots", db: db, what: text)
        }
        if let id = Int64(spec), id > 0 {
            return try single("SELECT id FROM main.snapshots WHERE id = \(id)", db: db, what: text)
        }
        guard let cutoff = time(spec, now: now) else {
            throw StoreError.unknownSnapshot("\(text) (give an id, latest, a date like 2026-11-01, or an age like -7d)")
        }
        let iso = ISO8601DateFormatter()
        iso.timeZone = TimeZone(identifier: "UTC")
        let bound = iso.string(from: cutoff).replacingOccurrences(of: "'", with: "")
        return try single(
            "SELECT max(id) FROM main.snapshots WHERE taken_at <= '\(bound)'", db: db, what: text)
    }

    static func time(_ spec: String, now: Date) -> Date? {
        if spec.hasPrefix("-"), let unit = spec.last, let amount = Double(spec.dropFirst().dropLast()) {
            let seconds: Double
            switch unit {
            case "d": seconds = amount * 86400
            case "h": seconds = amount * 3600
            case "m": seconds = amount * 60
            case "w": seconds = amount * 7 * 86400
            default: return nil
            }
            return now.addingTimeInterval(-seconds)
        }
        let iso = ISO8601DateFormatter()
        iso.timeZone = TimeZone(identifier: "UTC")
        if let date = iso.date(from: spec) { return date }
        if spec.count == 10, let day = iso.date(from: spec + "T23:59:59Z") { return day }
        return nil
    }

    private static func single(_ sql: String, db: ReadOnlyDatabase, what: String) throws -> Int64 {
        guard case .int(let id) = try db.query(sql).rows.first?.first ?? .null else {
            throw StoreError.unknownSnapshot(what)
        }
        return id
    }
}
