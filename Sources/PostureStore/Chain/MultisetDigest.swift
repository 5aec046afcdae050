import Foundation

/// A commutative digest of a multiset: the sum modulo 2^256 of its elements' SHA-256 hashes,
/// read as 256-bit big-endian integers.
///
/// Adding an element's hash when a fact version opens and subtracting it when the version
/// closes keeps the digest of "every version valid now" up to date at the cost of what
/// changed. The order of additions does not matter. Written by hand (four 64-bit limbs with
/// carries): swift-crypto has no public big-integer type.
struct MultisetDigest: Equatable, Sendable {
    /// Limbs, most significant first.
    private var l0: UInt64 = 0, l1: UInt64 = 0, l2: UInt64 = 0, l3: UInt64 = 0

    static let zero = MultisetDigest()

    init() {}

    /// Reads 32 bytes as a big-endian integer; fewer bytes are left-padded with zeros.
    init<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        var limbs: [UInt64] = [0, 0, 0, 0]
        let all = Array(bytes)
        let array = Array(all.suffix(32))
        let padded = [UInt8](repeating: 0, count: 32 - array.count) + array
        for i in 0..<4 {
            var v: UInt64 = 0
            for b in padded[(i * 8)..<(i * 8 + 8)] { v = (v << 8) | UInt64(b) }
            limbs[i] = v
        }
        (l0, l1, l2, l3) = (limbs[0], limbs[1], limbs[2], limbs[3])
    }

    /// Reads a 32-byte SHA-256 digest as a big-endian integer, without intermediate arrays
    /// (this runs once per hashed row).
    init(sha256 digest: some ContiguousBytes) {
        digest.withUnsafeBytes { raw in
            func limb(_ i: Int) -> UInt64 { UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) }
            (l0, l1, l2, l3) = (limb(0), limb(1), limb(2), limb(3))
        }
    }

    /// The 32 big-endian bytes.
    var data: Data {
        var out = Data(capacity: 32)
        for limb in [l0, l1, l2, l3] {
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: limb >> UInt64(shift))) }
        }
        return out
    }

    var isZero: Bool { l0 == 0 && l1 == 0 && l2 == 0 && l3 == 0 }

    mutating func add(_ other: MultisetDigest) {
        var carry: UInt64 = 0
        (l3, carry) = Self.add(l3, other.l3, carry)
        (l2, carry) = Self.add(l2, other.l2, carry)
        (l1, carry) = Self.add(l1, other.l1, carry)
        (l0, _) = Self.add(l0, other.l0, carry)
    }

    mutating func subtract(_ other: MultisetDigest) {
        var borrow: UInt64 = 0
        (l3, borrow) = Self.subtract(l3, other.l3, borrow)
        (l2, borrow) = Self.subtract(l2, other.l2, borrow)
        (l1, borrow) = Self.subtract(l1, other.l1, borrow)
        (l0, _) = Self.subtract(l0, other.l0, borrow)
    }

    private static func add(_ a: UInt64, _ b: UInt64, _ carry: UInt64) -> (UInt64, UInt64) {
        let (s1, o1) = a.addingReportingOverflow(b)
        let (s2, o2) = s1.addingReportingOverflow(carry)
        return (s2, (o1 ? 1 : 0) + (o2 ? 1 : 0))
    }

    private static func subtract(_ a: UInt64, _ b: UInt64, _ borrow: UInt64) -> (UInt64, UInt64) {
        let (d1, o1) = a.subtractingReportingOverflow(b)
        let (d2, o2) = d1.subtractingReportingOverflow(borrow)
        return (d2, (o1 ? 1 : 0) + (o2 ? 1 : 0))
    }
}
