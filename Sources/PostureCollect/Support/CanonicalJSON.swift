import Foundation

/// Canonical JSON text for a raw column: object keys sorted, no insignificant whitespace, so
/// the same document always yields the same text (and the same row hash).
///
/// Written by hand because Foundation's `JSONSerialization` with `.sortedKeys` costs about 7 ms
/// per container inspect document on Linux, which made it most of a collect's time.
func canonicalJSON(_ value: Any) -> String? {
    var out = ""
    out.reserveCapacity(8192)
    guard CanonicalJSONWriter.write(value, into: &out) else { return nil }
    return out
}

enum CanonicalJSONWriter {
    static func write(_ value: Any, into out: inout String) -> Bool {
        if type(of: value) == Bool.self, let flag = value as? Bool {
            out += flag ? "true" : "false"
            return true
        }
        // Cheap casts first: testing a Swift dictionary or array against a class (NSNull,
        // NSNumber) bridges the whole container to Foundation first, which was most of the
        // cost of a container inspect.
        switch value {
        case let string as String:
            writeString(string, into: &out)
        case let object as [String: Any]:
            out += "{"
            var first = true
            for key in object.keys.sorted() {
                if !first { out += "," }
                first = false
                writeString(key, into: &out)
                out += ":"
                guard write(object[key]!, into: &out) else { return false }
            }
            out += "}"
        case let array as [Any]:
            out += "["
            for (i, element) in array.enumerated() {
                if i > 0 { out += "," }
                guard write(element, into: &out) else { return false }
            }
            out += "]"
        case _ where type(of: value) == NSNull.self:
            out += "null"
        case let number as NSNumber:
            writeNumber(number, into: &out)
        default:
            return false
        }
        return true
    }

    static func writeNumber(_ number: NSNumber, into out: inout String) {
        if isBool(number) {
            out += number.boolValue ? "true" : "false"
            return
        }
        let type = UInt8(bitPattern: number.objCType.pointee)
        if type == UInt8(ascii: "d") || type == UInt8(ascii: "f") {
            let double = number.doubleValue
            if double.isFinite, double == double.rounded(), abs(double) < 1e15 {
                out += String(Int64(double))
            } else {
                out += double.isFinite ? String(double) : "null"
            }
        } else {
            out += String(number.int64Value)
        }
    }

    /// JSON booleans arrive as NSNumbers of type `c` (char) from JSONSerialization.
    static func isBool(_ number: NSNumber) -> Bool {
        number.objCType.pointee == CChar(UInt8(ascii: "c"))
    }

    static func writeString(_ string: String, into out: inout String) {
        out += "\""
        // Most strings need no escaping: append them whole instead of scalar by scalar.
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += string
            out += "\""
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
