import Testing

@testable import CutoverCVPlus

/// The simulation's reproducible hash and token count, held to values computed independently.
@Suite("Stable hash and AI word count")
struct StableHashTests {
    /// FNV-1a 64 test vectors from the algorithm's reference: latency jitter and relevance
    /// derive from these hashes, so a changed byte loop would change every rehearsal.
    @Test(arguments: [
        ("", 0xCBF2_9CE4_8422_2325 as UInt64),
        ("a", 0xAF63_DC4C_8601_EC8C),
        ("foobar", 0x8594_4171_F739_67E8),
        ("user-00042-cv1", 0x5CC6_A5AD_A66B_F590),  // computed by a separate FNV-1a implementation
    ])
    func fnv1a(text: String, hash: UInt64) {
        #expect(StableHash.of(text) == hash)
    }

    @Test func hashReadsEveryByteOfALongText() {
        let text = String(repeating: "keyword ", count: 200)
        #expect(StableHash.of(text) != StableHash.of(text + " "))
        #expect(StableHash.of(text) != StableHash.of("x" + text.dropFirst()))
    }

    @Test(arguments: [
        ("", 0), ("one", 1), ("  two  words ", 2), ("tab\tand\nnewline\r\nwords", 4), ("Swift, iOS & Kotlin.", 4),
    ])
    func wordCount(text: String, words: Int) {
        #expect(SimulatedAIService.wordCount(text) == words)
    }
}
