import Testing

@testable import PostureHost

@Suite struct AccountsTests {
    let accounts = Accounts(
        passwd: """
            root:x:0:0:root:/root:/bin/bash
            alice:x:1000:1000::/home/alice:/bin/bash
            bob:x:1001:999::/home/bob:/bin/sh
            +nis
            """,
        group: """
            root:x:0:
            # comment
            docker:x:999:alice,deploy
            alice:x:1000:
            """)

    func info(uid: Int, gid: Int, mode: Int) -> HostFiles.Info {
        HostFiles.Info(uid: uid, gid: gid, permissions: mode, isDirectory: false, mtime: 0)
    }

    @Test func namesAndMembers() {
        #expect(accounts.userName(uid: 1000) == "alice")
        #expect(accounts.userName(uid: 4242) == "4242")
        #expect(accounts.groupName(gid: 999) == "docker")
        #expect(accounts.listedMembers(gid: 999) == ["alice", "deploy"])
        #expect(accounts.primaryMembers(gid: 999).map(\.name) == ["bob"])
        #expect(accounts.user(uid: 1000)?.home == "/home/alice")
    }

    @Test func groupWritableSocketListsListedAndPrimaryMembers() {
        let access = SocketAccess.principals(of: info(uid: 0, gid: 999, mode: 0o660), accounts: accounts)
        #expect(
            access == [
                .init(principal: "root", principalUID: 0, via: .owner),
                .init(principal: "alice", principalUID: 1000, via: .group),
                .init(principal: "deploy", principalUID: nil, via: .group),
                .init(principal: "bob", principalUID: 1001, via: .primaryGroup),
            ])
    }

    @Test func ownerGetsOwnerBitsOnlyAndWorldIsStar() {
        // alice owns it and is in its group, but the owner bits apply to her: read only.
        let access = SocketAccess.principals(of: info(uid: 1000, gid: 999, mode: 0o462), accounts: accounts)
        #expect(
            access == [
                .init(principal: "deploy", principalUID: nil, via: .group),
                .init(principal: "bob", principalUID: 1001, via: .primaryGroup),
                .init(principal: "*", principalUID: nil, via: .world),
            ])
        #expect(SocketAccess.principals(of: info(uid: 0, gid: 0, mode: 0o640), accounts: accounts).map(\.principal) == ["root"])
    }

    @Test(arguments: [(0o660, "0660"), (0o600, "0600"), (0o4755, "4755"), (0o7, "0007"), (0o777, "0777")])
    func modeIsFourOctalDigits(mode: Int, text: String) {
        #expect(SocketAccess.octal(mode) == text)
    }
}
