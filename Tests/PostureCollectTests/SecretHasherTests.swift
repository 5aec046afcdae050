import Crypto
import Foundation
import Testing
@testable import PostureCollect

@Suite("secret hasher")
struct SecretHasherTests {
    @Test("the reused keyed state gives exactly the one-shot HMAC (hashes in existing databases stay valid)")
    func matchesOneShotHMAC() {
        let key = Data((0..<32).map { UInt8($0 * 7 % 256) })
        let hasher = SecretHasher(key: key)
        for value in ["", "hunter2", "päss wörd", String(repeating: "x", count: 300)] {
            let mac = HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: SymmetricKey(data: key))
            let expected = "hmac-sha256:" + mac.prefix(16).map { String(format: "%02x", $0) }.joined()
            #expect(hasher.hash(value) == expected)
        }
        // Hashing one value must not disturb the next (the keyed state is copied, not shared).
        #expect(hasher.hash("a") == hasher.hash("a"))
    }
}
