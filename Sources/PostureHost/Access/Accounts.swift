import Foundation

/// Users and groups of the host, from `/etc/passwd` and `/etc/group` below the host root.
///
/// Directory-service accounts (LDAP, SSSD) are not in these files and so are not seen.
struct Accounts: Sendable {
    struct User: Sendable, Equatable {
        let name: String
        let uid: Int
        let gid: Int
        let home: String
    }

    struct Group: Sendable, Equatable {
        let name: String
        let gid: Int
        let members: [String]
    }

    let users: [User]
    let groups: [Group]

    init(passwd: String, group: String) {
        users = Self.records(passwd).compactMap { f in
            guard f.count >= 6, let uid = Int(f[2]), let gid = Int(f[3]) else { return nil }
            return User(name: f[0], uid: uid, gid: gid, home: f[5])
        }
        groups = Self.records(group).compactMap { f in
            guard f.count >= 3, let gid = Int(f[2]) else { return nil }
            let members = f.count > 3 ? f[3].split(separator: ",").map(String.init) : []
            return Group(name: f[0], gid: gid, members: members)
        }
    }

    /// Colon-separated fields of each non-comment line.
    private static func records(_ text: String) -> [[String]] {
        text.split(separator: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix("+") || trimmed.hasPrefix("-") {
                return nil
            }
            return trimmed.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        }
    }

    func user(uid: Int) -> User? { users.first { $0.uid == uid } }
    func user(named name: String) -> User? { users.first { $0.name == name } }
    func group(gid: Int) -> Group? { groups.first { $0.gid == gid } }

    /// The user's name, or the uid as text when `/etc/passwd` does not list it.
    func userName(uid: Int) -> String { user(uid: uid)?.name ?? String(uid) }
    /// The group's name, or the gid as text when `/etc/group` does not list it.
    func groupName(gid: Int) -> String { group(gid: gid)?.name ?? String(gid) }

    /// Users listed as members of the group in `/etc/group` (every line with that gid).
    func listedMembers(gid: Int) -> [String] {
        var seen = Set<String>()
        return groups.filter { $0.gid == gid }.flatMap(\.members).filter { seen.insert($0).inserted }
    }

    /// Users whose primary group (the gid in `/etc/passwd`) is the group.
    func primaryMembers(gid: Int) -> [User] { users.filter { $0.gid == gid } }
}
