import Foundation
import Testing

@testable import PostureHost

/// ``HostFiles/Contents/kernelAttribute`` saves the read that only finds the end of a kernel
/// attribute file; it must never cut a file short.
@Suite("reading kernel attribute files")
struct HostFilesContentsTests {
    private let files = HostFiles(root: "/")

    /// Read system calls this thread has made (`syscr` of `/proc/thread-self/io`).
    private func readCalls() throws -> Int {
        let text = try String(contentsOfFile: "/proc/thread-self/io", encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("syscr:") })
        return try #require(Int(line.dropFirst("syscr:".count).trimmingCharacters(in: .whitespaces)))
    }

    /// Read calls made by `body`, less what measuring costs (measured the same way around nothing).
    private func readCalls(_ body: () throws -> Void) throws -> Int {
        let a = try readCalls()
        let b = try readCalls()
        try body()
        let c = try readCalls()
        return (c - b) - (b - a)
    }

    @Test("a kernel attribute is read with one read call, and gives what reading to the end gives")
    func oneReadCall() throws {
        var whole = ""
        var once = ""
        let untilEnd = try readCalls { whole = try files.read("/proc/self/cgroup") }
        let attribute = try readCalls { once = try files.read("/proc/self/cgroup", .kernelAttribute) }
        #expect(once == whole && !whole.isEmpty)
        #expect(untilEnd == 2, "a read, and one that finds the end")
        #expect(attribute == 1)
        let folder = try files.directory("/proc/self")
        #expect(try files.read("cgroup", in: folder, .kernelAttribute) == whole)
    }

    @Test("a file that fills the buffer is read on to its end", arguments: [16 << 10, (16 << 10) + 1, 100_000])
    func largeFiles(size: Int) throws {
        let path = NSTemporaryDirectory() + "posture-host-files-" + UUID().uuidString
        defer { unlink(path) }
        let text = String((0..<size).map { _ in "abcdefghij\n".randomElement()! })
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        #expect(try files.read(path, .kernelAttribute) == text)
        #expect(try files.read(path) == text)
    }
}
