import Foundation
import Glibc
import PostureFacts
import Testing

@testable import PostureHost

/// How the locator tells that a process listens on an engine's socket: its listener as
/// `SO_PEERCRED` gives it, and the byte-level line filter that finds the socket in
/// `/proc/<pid>/net/unix`.
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

    @Test("a socket's listener is the process that listens on it; a path nobody listens on has none")
    func listenerOfASocket() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("posture-listener-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("engine.sock").path
        #expect(DaemonLocator.listenerPID(path) == nil)

        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = try #require(sockaddr_un(socketPath: path))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0 && listen(fd, 4) == 0)
        #expect(DaemonLocator.listenerPID(path) == Int(getpid()))
        #expect(DaemonLocator.listenerPID(path + ".other") == nil)
    }
}
