import Crypto
import Foundation

/// The hash stored with each finding so an old result stays tied to the SQL that produced it:
/// SHA-256 of the query's UTF-8 bytes, written `sha256:<64 hex digits>`.
public enum SQLHash {
    public static func of(_ text: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(text.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return "sha256:" + String(decoding: hex, as: UTF8.self)
    }
}
