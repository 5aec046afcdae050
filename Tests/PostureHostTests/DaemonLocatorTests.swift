import Testing

@testable import PostureHost

/// The byte-level line filter that finds an engine's socket in `/proc/<pid>/net/unix`.
@Suite("daemon locator")
struct DaemonLocatorTests {
    @Test("only lines after the header that end with the socket's name are kept, the last one without a newline too")
    func socketLines() {
        let table = """
            Num       RefCount Protocol Flags    Type St Inode Path docker.sock
            0000000000000000: 00000002 00000000 00010000 0001 01 21001 /run/docker.sock
            0000000000000000: 00000002 00000000 00010000 0001 01 21002 /run/containerd/containerd.sock
            0000000000000000: 00000003 00000000 00000000 0001 03 21003
            0000000000000000: 00000002 00000000 00010000 0001 01 21004 /tmp/other/docker.sock
            """
        #expect(
            DaemonLocator.lines(of: table, endingWith: "docker.sock") == [
                "0000000000000000: 00000002 00000000 00010000 0001 01 21001 /run/docker.sock",
                "0000000000000000: 00000002 00000000 00010000 0001 01 21004 /tmp/other/docker.sock",
            ])
        #expect(DaemonLocator.lines(of: table, endingWith: "podman.sock").isEmpty)
        #expect(DaemonLocator.lines(of: "", endingWith: "docker.sock").isEmpty)
    }
}
