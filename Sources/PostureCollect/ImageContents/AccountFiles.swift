/// The accounts of an image from its /etc/passwd, /etc/shadow and /etc/group: users with the
/// state of their password hash (from shadow, else passwd's second field), uid-0 aliases
/// (any user but root with uid 0) and ids used by more than one user or group.
enum AccountFiles {
    static func accounts(passwd: String?, shadow: String?, group: String?) -> [ImageContents.Account] {
        var hashes: [String: String] = [:]
        for fields in records(shadow) where fields.count >= 2 { hashes[fields[0]] = fields[1] }
        var users: [ImageContents.Account] = []
        var seenUsers = Set<String>()
        for fields in records(passwd) where fields.count >= 4 && seenUsers.insert(fields[0]).inserted {
            let uid = Int(fields[2])
            let stored = hashes[fields[0]] ?? (fields[1] == "x" ? nil : fields[1])
            users.append(
                ImageContents.Account(
                    kind: .user, name: fields[0], id: uid, primaryGID: Int(fields[3]),
                    home: fields.count > 5 ? fields[5] : nil, shell: fields.count > 6 ? fields[6] : nil,
                    password: passwordState(stored), uid0Alias: uid == 0 && fields[0] != "root", duplicateID: false))
        }
        var groups: [ImageContents.Account] = []
        var seenGroups = Set<String>()
        for fields in records(group) where fields.count >= 3 && seenGroups.insert(fields[0]).inserted {
            groups.append(
                ImageContents.Account(
                    kind: .group, name: fields[0], id: Int(fields[2]), primaryGID: nil, home: nil, shell: nil,
                    password: nil, uid0Alias: false, duplicateID: false))
        }
        return markDuplicates(users) + markDuplicates(groups)
    }

    /// `nil` (no hash anywhere: shadowed but no shadow entry) → unknown; `""` → empty;
    /// `!…`, `*…` → locked; anything else → set.
    static func passwordState(_ hash: String?) -> ImageContents.Account.Password {
        guard let hash else { return .unknown }
        if hash.isEmpty { return .empty }
        if hash.hasPrefix("!") || hash.hasPrefix("*") { return .locked }
        return .set
    }

    private static func markDuplicates(_ accounts: [ImageContents.Account]) -> [ImageContents.Account] {
        var counts: [Int: Int] = [:]
        for account in accounts { if let id = account.id { counts[id, default: 0] += 1 } }
        return accounts.map { account in
            var copy = account
            copy.duplicateID = account.id.map { counts[$0, default: 0] > 1 } ?? false
            return copy
        }
    }

    /// Colon-separated records, comments and blank lines skipped.
    private static func records(_ text: String?) -> [[String]] {
        guard let text else { return [] }
        return text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).compactMap { line in
            if line.hasPrefix("#") || line.allSatisfy(\.isWhitespace) { return nil }
            return line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        }
    }
}
