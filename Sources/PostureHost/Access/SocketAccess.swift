/// Who can connect to a unix socket, from its owner, group and mode and the host's accounts.
///
/// Connecting needs write permission. Classes are exclusive as the kernel applies them: the
/// owner gets the owner bits only, other members of the group the group bits, everyone else
/// the other bits. Root (CAP_DAC_OVERRIDE) can always connect and is not listed unless it is
/// the owner.
struct SocketAccess: Sendable, Equatable {
    enum Via: String, Sendable {
        case owner
        case group
        case primaryGroup = "primary-group"
        case world
    }

    /// User name, or `*` for everyone.
    let principal: String
    let principalUID: Int?
    let via: Via

    static func principals(of info: HostFiles.Info, accounts: Accounts) -> [SocketAccess] {
        var result: [SocketAccess] = []
        let owner = accounts.userName(uid: info.uid)
        if info.permissions & 0o200 != 0 {
            result.append(SocketAccess(principal: owner, principalUID: info.uid, via: .owner))
        }
        if info.permissions & 0o020 != 0 {
            for name in accounts.listedMembers(gid: info.gid).sorted() where name != owner {
                result.append(SocketAccess(principal: name, principalUID: accounts.user(named: name)?.uid, via: .group))
            }
            for user in accounts.primaryMembers(gid: info.gid).sorted(by: { $0.name < $1.name })
            where user.uid != info.uid {
                result.append(SocketAccess(principal: user.name, principalUID: user.uid, via: .primaryGroup))
            }
        }
        if info.permissions & 0o002 != 0 {
            result.append(SocketAccess(principal: "*", principalUID: nil, via: .world))
        }
        return result
    }

    /// Permission bits as four octal digits (`0o660` → `0660`, `0o4755` → `4755`).
    static func octal(_ permissions: Int) -> String {
        let digits = String(permissions & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
