import Crypto
import Foundation
import PostureFacts

/// The hash stored with each finding so an old result stays tied to the SQL that produced it:
/// SHA-256 of the query's UTF-8 bytes, written `sha256:<64 hex digits>`.
public enum SQLHash {
    public static func of(_ text: String) -> String {
        "sha256:" + SHA256.hash(data: Data(text.utf8)).lowercaseHex
    }
}
