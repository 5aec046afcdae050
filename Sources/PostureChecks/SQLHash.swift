/// The hash stored with each finding so an old result stays tied to the SQL that produced it.
///
/// FNV-1a 64-bit over the UTF-8 bytes, written `fnv1a64:<16 hex digits>`. Not a cryptographic
/// hash: it only has to change when the query changes. Written by hand because PostureChecks
/// depends on Foundation only; the prefix leaves room to move to SHA-256 (swift-crypto) later
/// without confusing old and new values.
public enum SQLHash {
    public static func of(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
