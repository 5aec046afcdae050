import PostureChecks

/// The posture score: the severity-weighted share of passing results.
///
///     score = 100 × Σ weight(severity of r) over results r with status ok
///                 / Σ weight(severity of r) over results r with status ok or alarm
///
/// with weight critical 8, high 4, medium 2, low 1, info 0 (each step doubles). Results with
/// status skip, info or error count neither way; a result's own severity is used (checks may
/// grade rows). `nil` (shown as n/a) when no weighted ok or alarm result exists.
public enum Score {
    public static func weight(_ severity: Severity) -> Int {
        switch severity {
        case .critical: return 8
        case .high: return 4
        case .medium: return 2
        case .low: return 1
        case .info: return 0
        }
    }

    /// One line describing the formula, printed under the score.
    public static let formula =
        "100 × weighted ok / weighted (ok + alarm); weights critical 8, high 4, medium 2, low 1, info 0"

    public static func of(_ results: [StoredResult]) -> Double? {
        var passed = 0
        var judged = 0
        for result in results where result.status == .ok || result.status == .alarm {
            let w = weight(result.severity)
            judged += w
            if result.status == .ok { passed += w }
        }
        guard judged > 0 else { return nil }
        return (Double(passed) * 1000 / Double(judged)).rounded() / 10
    }

    /// `72.5%`, or `n/a`.
    public static func text(_ score: Double?) -> String {
        guard let score else { return "n/a" }
        return String(format: "%.1f%%", score)
    }
}
