import Crypto
import Foundation

/// Turns secret values into keyed hashes (HMAC-SHA256) so they are never stored in clear,
/// while a changed value still shows as a changed hash.
///
/// The key lives outside the database (see ``SecretKey``), so someone holding only the
/// database can not test guesses against the hashes.
public struct SecretHasher: Sendable {
    let keyBytes: Data
    /// HMAC state with the key already absorbed: copied per value instead of deriving the
    /// padded key again for each of the tens of thousands of values a large host has.
    private let keyed: KeyedState

    /// Immutable and only ever copied before use, so sharing it across tasks is safe (HMAC
    /// itself is not declared Sendable).
    private struct KeyedState: @unchecked Sendable {
        let hmac: HMAC<SHA256>
    }

    public init(key: Data) {
        self.keyBytes = key
        self.keyed = KeyedState(hmac: HMAC<SHA256>(key: SymmetricKey(data: key)))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// `hmac-sha256:` and the first 32 hex digits of the keyed hash of `value`.
    public func hash(_ value: String) -> String {
        var mac = keyed.hmac
        var value = value
        value.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
        let code = mac.finalize()
        var text = Array("hmac-sha256:".utf8)
        text.reserveCapacity(12 + 32)
        code.withUnsafeBytes { bytes in
            for byte in bytes.prefix(16) {
                text.append(Self.hexDigits[Int(byte >> 4)])
                text.append(Self.hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The first 16 bytes of the keyed hash of `domain`, a newline and `bytes`: tells whether a
    /// document is the one read last time without storing anything an attacker holding only
    /// the database could test guesses of its secret values against. `domain` names what the
    /// digest vouches for (``ContainerFacts/revision``), so a new meaning gets new digests.
    public func digest(_ bytes: Data, domain: String) -> Data {
        var mac = keyed.hmac
        mac.update(data: Data((domain + "\n").utf8))
        mac.update(data: bytes)
        return Data(mac.finalize()).prefix(16)
    }

    /// Whether a variable or label name looks like it holds a credential.
    public static func looksSecret(_ name: String) -> Bool {
        let upper = Array(name.uppercased().utf8)
        if upper == Array("KEY".utf8) { return true }
        return secretMarkers.contains { marker in contains(upper, marker) }
    }

    /// Name fragments that mark a credential, as UTF-8 (matched byte-wise: this runs for every
    /// variable and label of every container).
    static let secretMarkers: [[UInt8]] = [
        "PASSWORD", "PASSWD", "PASS", "PWD", "SECRET", "TOKEN", "APIKEY", "API_KEY", "API-KEY",
        "ACCESS_KEY", "ACCESSKEY", "PRIVATE", "CREDENTIAL", "AUTH", "_KEY", "-KEY", ".KEY", "DSN",
        "CONNECTION_STRING", "SESSION", "COOKIE", "SALT",
    ].map { Array($0.utf8) }

    private static func contains(_ text: [UInt8], _ part: [UInt8]) -> Bool {
        guard part.count <= text.count else { return false }
        for start in 0...(text.count - part.count) {
            var i = 0
            while i < part.count && text[start + i] == part[i] { i += 1 }
            if i == part.count { return true }
        }
        return false
    }

    /// Replaces the values of `KEY=value` strings with their hashes.
    func scrubEnv(_ env: [String]) -> [String] {
        env.map(scrubEnv)
    }

    /// `KEY=value` as `KEY=<keyed hash of value>` (`KEY` alone as the hash of '').
    func scrubEnv(_ entry: String) -> String {
        Self.scrubEnv(entry, hash: hash)
    }

    /// `KEY=value` as `KEY=<hash(value)>`, with a hash function that may reuse hashes already
    /// made for the same values.
    static func scrubEnv(_ entry: String, hash: (String) -> String) -> String {
        let (key, value) = splitEnv(entry)
        return key + "=" + hash(value ?? "")
    }

    static func splitEnv(_ entry: String) -> (String, String?) {
        guard let eq = entry.firstIndex(of: "=") else { return (entry, nil) }
        return (String(entry[..<eq]), String(entry[entry.index(after: eq)...]))
    }
}

/// The key for ``SecretHasher``: 32 random bytes in a file beside the database
/// (`posture.db.key`, mode 0600), created on first use.
///
/// Losing the file only means every hashed value looks changed once.
public enum SecretKey {
    public static func path(forDatabase db: String) -> String { db + ".key" }

    /// Reads the key, or creates it. Creation is atomic: the bytes go to a temporary file
    /// that is then linked into place only if no key exists yet, so two collects starting at
    /// once on a new database agree on one key, and a collect killed while creating it never
    /// leaves a short or empty key behind.
    public static func loadOrCreate(path: String) throws -> Data {
        if let data = load(path: path) { return data }
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255) }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try? FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let temporary = path + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        defer { unlink(temporary) }
        let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard fd >= 0 else { throw cannotCreate(path) }
        fchmod(fd, 0o600)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd)
        close(fd)
        guard written == bytes.count, synced == 0 else { throw cannotCreate(path, reason: written < 0 || synced != 0 ? nil : "short write") }
        if link(temporary, path) != 0 {
            guard errno == EEXIST else { throw cannotCreate(path) }
            // Another process created it first (use its key), or a short file is left from an
            // older version (replace it).
            if let data = FileManager.default.contents(atPath: path), data.count >= 16 { return data }
            guard rename(temporary, path) == 0 else { throw cannotCreate(path) }
        }
        return Data(bytes)
    }

    /// The key at `path`, or `nil` when there is none yet (or only a short one, which
    /// ``loadOrCreate(path:)`` replaces).
    public static func load(path: String) -> Data? {
        guard let data = FileManager.default.contents(atPath: path), data.count >= 16 else { return nil }
        // The key stays owner-only even when someone opened the database to readers: with it, a
        // reader could confirm guesses of hashed secret values.
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & 0o077 != 0 { chmod(path, 0o600) }
        return data
    }

    private static func cannotCreate(_ path: String, reason: String? = nil) -> Error {
        CocoaError(.fileWriteNoPermission, userInfo: [
            NSLocalizedDescriptionKey:
                "cannot create the secret-hash key \(path): \(reason ?? String(cString: strerror(errno))) "
                + "(free space or choose another --db location)"
        ])
    }
}
