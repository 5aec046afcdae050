extension Sequence where Element == UInt8 {
    /// The bytes as lowercase hexadecimal, two digits each (what `String(format: "%02x")` per
    /// byte gives, without formatting a string per byte): row hashes shown as text, SQL hashes,
    /// report digests, chain heads.
    public var lowercaseHex: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
