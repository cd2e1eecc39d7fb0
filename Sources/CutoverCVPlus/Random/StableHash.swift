/// A 64-bit FNV-1a hash of text: the same in every process, unlike `Hasher`.
///
/// Used where results must be reproducible from their inputs: latency jitter, AI relevance.
enum StableHash {
    /// The hash of `text`'s UTF-8 bytes.
    static func of(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { bytes in
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in bytes {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
            return hash
        }
    }

    /// A number in `0 ..< 1` derived from `text`.
    static func unit(_ text: String) -> Double {
        Double(SplitMix64.mix(of(text)) >> 11) * 0x1p-53
    }
}
