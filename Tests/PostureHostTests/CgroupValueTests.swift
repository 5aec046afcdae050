import Testing

@testable import PostureHost

@Suite struct CgroupValueTests {
    @Test(arguments: [
        ("max", nil), ("max\n", nil), ("-1", nil), ("-1\n", nil), ("9223372036854771712\n", nil),
        ("9223372036854775807", nil), ("18446744073709551615", nil), ("4611686018427387904", nil),
        ("268435456\n", 268_435_456), ("0", 0), ("4611686018427387903", 4_611_686_018_427_387_903),
    ] as [(String, Int64?)])
    func unlimitedSpellingsAreNull(text: String, expected: Int64?) throws {
        #expect(try CgroupValue.limit(text, path: "/x") == expected)
    }

    @Test func garbageIsAnErrorNotUnlimited() {
        #expect(throws: HostError.malformed(path: "/sys/x", reason: "expected a number or max, found lots")) {
            try CgroupValue.limit("lots", path: "/sys/x")
        }
    }

    @Test func cpuMaxSplitsQuotaAndPeriod() throws {
        let limited = try CgroupValue.cpuMax("50000 100000\n", path: "/x")
        #expect(limited.quota == 50_000 && limited.period == 100_000)
        let unlimited = try CgroupValue.cpuMax("max 100000\n", path: "/x")
        #expect(unlimited.quota == nil && unlimited.period == 100_000)
        #expect(throws: HostError.self) { try CgroupValue.cpuMax("max", path: "/x") }
    }

    @Test func keyedFilesAndShares() {
        #expect(CgroupValue.keyed("low 0\noom 1\noom_kill 3\n", key: "oom_kill") == 3)
        #expect(CgroupValue.keyed("oom_kill_disable 0\nunder_oom 0\noom_kill 0\n", key: "oom_kill") == 0)
        #expect(CgroupValue.keyed("usage_usec 12\n", key: "oom_kill") == nil)
        #expect(CgroupValue.weight(fromShares: 1024) == 39)
        #expect(CgroupValue.weight(fromShares: 2) == 1)
        #expect(CgroupValue.weight(fromShares: 262_144) == 10_000)
    }

    @Test func membershipV1AndV2() {
        let v2 = CgroupMembership(text: "0::/system.slice/docker-abc.scope\n")
        #expect(v2.version == 2 && v2.primaryPath == "/system.slice/docker-abc.scope")
        let v1 = CgroupMembership(
            text: "4:cpu,cpuacct:/docker/abc\n10:memory:/docker/abc\n1:name=systemd:/docker/abc\n0::/system.slice/containerd.service\n")
        #expect(v1.version == 1 && v1.primaryPath == "/docker/abc")
        #expect(v1.controllers["cpuacct"] == .init(path: "/docker/abc", hierarchy: "cpu,cpuacct"))
        #expect(v1.controllers["name=systemd"] == nil && v1.controllers["systemd"] == nil)
        #expect(v1.controllers["cpu"] == .init(path: "/docker/abc", hierarchy: "cpu,cpuacct"))
        #expect(v1.controllers["memory"] == .init(path: "/docker/abc", hierarchy: "memory"))
    }

    @Test func eachHierarchyKeepsItsOwnPath() {
        let membership = CgroupMembership(
            text: "5:memory:/a\n4:cpu,cpuacct:/b\n3:pids:/a\n2:cpuset:/a/x\n1:name=systemd:/a\n0::/c\n")
        #expect(membership.controllers["memory"] == .init(path: "/a", hierarchy: "memory"))
        #expect(membership.controllers["cpu"] == .init(path: "/b", hierarchy: "cpu,cpuacct"))
        #expect(membership.controllers["cpuacct"] == .init(path: "/b", hierarchy: "cpu,cpuacct"))
        #expect(membership.controllers["pids"] == .init(path: "/a", hierarchy: "pids"))
        #expect(membership.controllers["cpuset"] == .init(path: "/a/x", hierarchy: "cpuset"))
        #expect(membership.controllers["name=systemd"] == nil)
        #expect(membership.unifiedPath == "/c")
        #expect(membership.primaryPath == "/a")
    }

    @Test func aPathAboveTheNamespaceRootIsSeen() {
        for path in ["/../../docker/abc", "/docker/..", "..", "/a/../b", "//..//", "../x"] {
            #expect(CgroupMembership.leavesNamespace(path), "\(path)")
        }
        for path in ["/docker/abc", "/docker/..abc", "/...", "/", "", "/a..", "/.a.", "/x/..../y", ".", "/./"] {
            #expect(!CgroupMembership.leavesNamespace(path), "\(path)")
        }
    }
}
