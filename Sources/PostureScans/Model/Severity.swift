/// A finding's severity, normalised across scanners.
///
/// Trivy says `CRITICAL`…`UNKNOWN`, Grype `Critical`…`Negligible`/`Unknown`, Snyk
/// `critical`…`low`; other spellings seen in the wild (`moderate`, `important`, `info`) map to
/// the nearest level. Anything else, and a missing severity, is `unknown`.
public enum Severity: String, Sendable, CaseIterable, Comparable {
    case critical, high, medium, low, negligible, unknown

    public init(normalizing raw: String?) {
        switch raw?.trimmingCharacters(in: .whitespaces).lowercased() {
        case "critical": self = .critical
        case "high", "important": self = .high
        case "medium", "moderate": self = .medium
        case "low": self = .low
        case "negligible", "info", "informational", "none": self = .negligible
        default: self = .unknown
        }
    }

    /// Rank for ordering: critical is the highest; unknown sorts lowest.
    var rank: Int {
        switch self {
        case .critical: return 5
        case .high: return 4
        case .medium: return 3
        case .low: return 2
        case .negligible: return 1
        case .unknown: return 0
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}
