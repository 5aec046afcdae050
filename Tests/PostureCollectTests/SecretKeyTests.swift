import Foundation
import Testing
@testable import PostureCollect

/// The secret-hash key beside the database: created once, atomically, whoever asks first.
@Suite("secret key")
struct SecretKeyTests {
    @Test("sixteen callers creating the key at once all get the same 32-byte key, the file is 0600")
    func concurrentCreation() throws {
        let folder = NSTemporaryDirectory() + "posture-key-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/posture.db.key"
        let keys = Keys()
        DispatchQueue.concurrentPerform(iterations: 16) { _ in
            keys.append(Result { try SecretKey.loadOrCreate(path: path) })
        }
        let all = try keys.all.map { try $0.get() }
        #expect(all.count == 16)
        #expect(Set(all).count == 1)
        #expect(all.first?.count == 32)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == all.first)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["posture.db.key"])
    }

    @Test("a short key left by an older version is replaced")
    func shortKeyReplaced() throws {
        let folder = NSTemporaryDirectory() + "posture-key-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/posture.db.key"
        _ = FileManager.default.createFile(atPath: path, contents: Data([1, 2, 3]))
        let key = try SecretKey.loadOrCreate(path: path)
        #expect(key.count == 32)
        #expect(try SecretKey.loadOrCreate(path: path) == key)
    }
}

private final class Keys: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Result<Data, Error>] = []
    func append(_ item: Result<Data, Error>) { lock.withLock { items.append(item) } }
    var all: [Result<Data, Error>] { lock.withLock { items } }
}
