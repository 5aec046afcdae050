import Testing

@testable import PostureHost

@Suite struct ProcessClockTests {
    @Test func startTimeFromStatAndBtime() throws {
        // The command name may hold spaces and parentheses; fields are counted after the last ')'.
        let stat = "812 (docker d) (x)) S 1 812 812 0 -1 4194560 12000 0 3 0 1500 800 0 0 20 0 14 0 2150 2089000960 20000"
        let ticks = try #require(ProcessClock.startTicks(statLine: stat))
        #expect(ticks == 2150)
        let btime = try #require(ProcessClock.bootTime(procStat: "cpu 1 2 3\nbtime 1764300000\nprocesses 5\n"))
        let start = ProcessClock.startSeconds(bootTime: btime, startTicks: ticks)
        #expect(start == 1_764_300_021.5)
        #expect(ProcessClock.iso8601(start) == "2025-11-28T03:20:21Z")
        #expect(ProcessClock.iso8601(0) == "1970-01-01T00:00:00Z")
        #expect(ProcessClock.startTicks(statLine: "812 (dockerd) S 1") == nil)
    }

    @Test func statusFields() {
        let status = ProcStatus(
            text: "Name:\tsh\nUid:\t1000\t0\t0\t0\nGid:\t100\t101\t101\t101\nGroups:\t \nNSpid:\t5101\t77\t1\nCapEff:\t000001ffffffffff\n")
        #expect(status.name == "sh")
        #expect(status.realUID == 1000 && status.effectiveUID == 0)
        #expect(status.realGID == 100 && status.effectiveGID == 101)
        #expect(status.integers("Groups") == [])
        #expect(status.innermostPID == 1)
        #expect(ProcStatus.capabilityCount("000001ffffffffff") == 41)
        #expect(ProcStatus.capabilityCount("00000000a80425fb") == 14)
        #expect(ProcStatus.capabilityCount("00000000800405fb") == 11)
        #expect(ProcStatus.capabilityCount("zz") == nil)
    }

    @Test("status fields: the first line of a key wins, values are trimmed, odd lines and names are kept as they are")
    func statusFieldEdges() {
        let status = ProcStatus(
            text: "Name:\t caf\u{e9} \u{a0}\nnot a field\nState:\tS (sleeping)\nVmRSS:\t  1024 kB \r\nState:\tR\nUmask:\nCapEff:\t0000000000000000")
        #expect(status.name == "caf\u{e9}")  // a non-ASCII end is trimmed as Characters are
        #expect(status["State"] == "S (sleeping)")
        #expect(status["VmRSS"] == "1024 kB")
        #expect(status["Umask"] == "")
        #expect(status["CapEff"] == "0000000000000000")  // the last line needs no newline
        #expect(status["not a field"] == nil && status["Stat"] == nil && status["Uid"] == nil)
        #expect(status.realUID == nil && status.integers("Uid") == [])
        #expect(ProcStatus(text: "").integers("Uid") == [] && ProcStatus(text: "")["Name"] == nil)
    }

    @Test func hostFilesResolveAbsoluteLinksInsideTheRoot() throws {
        let host = try FixtureHost("cgroup2-systemd")
        let files = HostFiles(root: host.root + "/")
        #expect(files.root == host.root)
        #expect(files.resolve("/var/run/docker.pid", followLast: true) == host.root + "/run/docker.pid")
        #expect(files.canonical("/var/run/docker.sock") == "/run/docker.sock")
        #expect(try files.read("/var/run/docker.pid") == "812")
        #expect(try files.readlink("/proc/812/exe") == "/usr/bin/dockerd")
        #expect(try files.readIfExists("/etc/nothing") == nil)
        #expect(throws: HostError.notFound(path: host.root + "/etc/nothing")) { try files.read("/etc/nothing") }
        #expect(try files.info("/var/run/docker.sock").isDirectory == false)
        #expect(try files.info("/sys/fs/cgroup/system.slice").isDirectory)
        #expect(HostFiles(root: "/").resolve("/proc/self/status", followLast: true) == "/proc/self/status")
    }
}
