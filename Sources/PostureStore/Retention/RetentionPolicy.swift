import Foundation

/// Which snapshots `prune` keeps: those taken within `age` of now, and/or the latest `count`.
/// With both, a snapshot either rule keeps is kept. The latest snapshot is always kept.
public struct RetentionPolicy: Sendable, Equatable {
    public let age: TimeInterval?
    public let ageText: String?
    public let count: Int?

    public init(age: String?, count: Int?) throws {
        if age == nil && count == nil {
            throw StoreError.badRetention("give --keep DURATION (90d, 12h, 2w) or --keep-snapshots N")
        }
        if let count, count < 1 {
            throw StoreError.badRetention("--keep-snapshots must be at least 1 (the latest snapshot is never pruned)")
        }
        self.count = count
        self.ageText = age
        self.age = try age.map(Self.duration)
    }

    /// Seconds in `90d`, `12h`, `2w`, `30m` (minutes) or `45s`.
    static func duration(_ text: String) throws -> TimeInterval {
        let spec = text.trimmingCharacters(in: .whitespaces)
        guard let unit = spec.last, let amount = Double(spec.dropLast()), amount > 0, amount.isFinite else {
            throw StoreError.badRetention("--keep \(text): give a positive number and a unit, like 90d, 12h or 2w")
        }
        let seconds: Double
        switch unit {
        case "s": seconds = 1
        case "m": seconds = 60
        case "h": seconds = 3600
        case "d": seconds = 86400
        case "w": seconds = 7 * 86400
        default:
            throw StoreError.badRetention("--keep \(text): unknown unit \(unit) (use s, m, h, d or w, like 90d)")
        }
        return amount * seconds
    }

    /// How the policy reads in a message (`--keep 90d --keep-snapshots 10`).
    public var description: String {
        [ageText.map { "--keep \($0)" }, count.map { "--keep-snapshots \($0)" }].compactMap { $0 }.joined(separator: " ")
    }
}
