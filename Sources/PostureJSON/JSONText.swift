import Foundation

/// Reads the strings and numbers of a ``JSONDocument`` from their bytes: unescaping, UTF-8
/// decoding, key comparison and number conversion.
package enum JSONText {
    @inline(__always)
    package static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Whether string node `key` holds exactly the UTF-8 bytes `wanted`.
    @inline(__always)
    package static func equal(_ key: JSONDocument.Node, _ bytes: UnsafeBufferPointer<UInt8>, _ wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        if key.escaped { return decode(key, bytes).utf8.elementsEqual(wanted) }
        guard Int(key.length) == wanted.count else { return false }
        guard let base = bytes.baseAddress, let other = wanted.baseAddress else { return wanted.isEmpty }
        return memcmp(base + Int(key.start), other, wanted.count) == 0
    }

    /// The text of string node `node`: escapes resolved, invalid UTF-8 and unpaired surrogate
    /// escapes replaced by U+FFFD.
    package static func decode(_ node: JSONDocument.Node, _ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let start = Int(node.start)
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<start + Int(node.length)])
        guard node.escaped else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            let byte = raw[i]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                i += 1
                continue
            }
            let escape = raw[i + 1]
            i += 2
            switch escape {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(raw, i)
                i += 4
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate: valid only with a low one right after it.
                    if i + 6 <= raw.count, raw[i] == UInt8(ascii: "\\"), raw[i + 1] == UInt8(ascii: "u") {
                        let low = hex4(raw, i + 2)
                        if (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            i += 6
                        } else {
                            scalar = 0xFFFD
                        }
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00..<0xE000).contains(scalar) {
                    scalar = 0xFFFD
                }
                appendUTF8(UInt32(scalar), to: &out)
            default: out.append(escape)  // \" \\ \/
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex4(_ raw: UnsafeBufferPointer<UInt8>, _ at: Int) -> Int {
        var value = 0
        for k in 0..<4 { value = value << 4 | Int(hexValue(raw[at + k]) ?? 0) }
        return value
    }

    private static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Powers of ten a Double holds exactly.
    private static let exactPowers: [Double] = (0...22).map { pow(10, Double($0)) }

    /// The value of number node `node` (syntax already checked by the parser). Numbers of up
    /// to 15 significant digits and a small exponent are converted exactly (an exact integer
    /// divided or multiplied by an exact power of ten is correctly rounded); others go through
    /// the standard library's parser.
    package static func number(_ node: JSONDocument.Node, _ bytes: UnsafeBufferPointer<UInt8>) -> Double {
        let start = Int(node.start)
        let end = start + Int(node.length)
        var i = start
        var negative = false
        if bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var scale = 0
        var simple = true
        while i < end, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
            mantissa = mantissa &* 10 &+ UInt64(bytes[i] - UInt8(ascii: "0"))
            if mantissa != 0 { digits += 1 }
            i += 1
        }
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
                mantissa = mantissa &* 10 &+ UInt64(bytes[i] - UInt8(ascii: "0"))
                if mantissa != 0 { digits += 1 }
                scale -= 1
                i += 1
            }
        }
        if i < end { simple = false }  // an exponent
        if simple && digits <= 15 && -scale < exactPowers.count {
            let value = Double(mantissa) / exactPowers[-scale]
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        return Double(text) ?? .nan
    }

    /// Number node `node` as a 64-bit integer: a literal without fraction or exponent exactly
    /// (`nil` beyond Int64), anything else truncated toward zero when it is in range, as
    /// `NSNumber.int64Value` reads it.
    package static func integer(_ node: JSONDocument.Node, _ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        let start = Int(node.start)
        let end = start + Int(node.length)
        var i = start
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var magnitude: UInt64 = 0
        while i < end, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[i] - UInt8(ascii: "0")))
            if o1 || o2 { return nil }
            magnitude = sum
            i += 1
        }
        if i == end {
            if negative { return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
            return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
        }
        let value = number(node, bytes)
        guard value.isFinite, value > -9.2e18, value < 9.2e18 else { return nil }
        return Int64(value.rounded(.towardZero))
    }

    /// Appends `string` as a JSON string, quotes included, escaping only what JSON requires
    /// (`"`, `\`, control characters: `\n`, `\r`, `\t`, else `\u00xx`). Text that needs no
    /// escape (nearly all of it) is copied whole.
    package static func appendQuoted(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = string
        text.withUTF8 { utf8 in
            if !needsEscape(utf8) {
                out.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case 0x22: out.append(contentsOf: [0x5C, 0x22])
                case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0..<0x20:
                    out.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                    out.append(lowerHexDigits[Int(byte >> 4)])
                    out.append(lowerHexDigits[Int(byte & 0x0F)])
                default: out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Whether `string` holds a byte JSON must escape (`"`, `\`, a control character).
    package static func needsEscape(_ string: String) -> Bool {
        var text = string
        return text.withUTF8 { needsEscape($0) }
    }

    private static func needsEscape(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C { return true }
        return false
    }

    private static let lowerHexDigits = Array("0123456789abcdef".utf8)
}
