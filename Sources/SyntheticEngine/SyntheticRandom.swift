/// A small deterministic random generator (SplitMix64): the same seed gives the same sequence
/// on every machine and Swift version, which `SystemRandomNumberGenerator` does not promise.
struct SyntheticRandom {
    private var state: UInt64

    init(seed: UInt64, stream: UInt64 = 0) {
        state = seed &* 0x9E37_79B9_7F4A_7C15 ^ (stream &+ 0xD1B5_4A32_D192_ED03)
        _ = next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (bound > 0).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }

    /// 64 hex digits derived from the given parts (IDs of containers, images, networks).
    static func hexID(_ parts: UInt64...) -> String {
        var seed: UInt64 = 0xC0FF_EE00
        for part in parts { seed = (seed &* 0x100_0000_01B3) ^ part }
        var random = SyntheticRandom(seed: seed, stream: 7)
        var text = ""
        for _ in 0..<4 {
            let word = String(random.next(), radix: 16)
            text += String(repeating: "0", count: 16 - word.count) + word
        }
        return text
    }
}
