import CutoverCore
import Foundation
import Testing

/// One published test vector: any implementation of the bucketing must reproduce it.
struct BucketingVector: Sendable, CustomTestStringConvertible {
    let salt: String
    let key: String
    let hash: UInt64
    let bucket: Int

    init(_ salt: String, _ key: String, _ hash: UInt64, _ bucket: Int) {
        self.salt = salt
        self.key = key
        self.hash = hash
        self.bucket = bucket
    }

    var testDescription: String {
        let key = self.key.count > 40 ? "\(self.key.prefix(8))… (\(self.key.utf8.count) bytes)" : self.key
        return "\"\(salt)\" : \"\(key)\""
    }

    /// The table in `docs/bucketing.md`, produced by `python3 scripts/bucketing_vectors.py --swift`.
    static let published: [BucketingVector] = [
        .init("cv-analyzer-package-enabled", "", 0xd1cc_450b_4834_5e13, 60755),
        .init("cv-analyzer-package-enabled", "user-42", 0x17ec_11e2_7bc0_7630, 49168),
        .init("cv-analyzer-package-enabled", "9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f", 0x9b40_5010_b4bf_124f, 31823),
        .init("cv-analyzer-package-enabled", "\u{FC}n\u{EF}c\u{F8}d\u{E9}", 0xddef_518c_52f7_e7b7, 70359),
        .init("cv-analyzer-package-enabled", "\u{1F680}", 0x50dc_41d3_2d69_b734, 86996),
        .init("cv-analyzer-package-enabled", "caf\u{E9}", 0x887a_b365_e396_16ed, 32429),
        .init("cv-analyzer-package-enabled", "cafe\u{301}", 0x86e5_76cd_2850_7501, 18369),
        .init("improvement-orchestrator-package-enabled", "user-42", 0xfccf_7232_d33c_e832, 61106),
        .init("cache-package-enabled", "user-42", 0x5922_dd89_ff06_78f1, 20913),
        .init("recommendation-generator-package-enabled", "alice@example.com", 0x61e6_490c_88c3_7f22, 9314),
        .init("circuit-breaker-package-enabled", "tenant:acme", 0xce7b_6387_1af0_6221, 61665),
        .init(
            "recommendation-orchestrator-package-enabled", String(repeating: "x", count: 1000), 0xd15d_1c79_3946_5fb6,
            63510
        ),
        .init("action-orchestrator-package-enabled", "0", 0x9131_46e9_63d9_93c9, 681),
        .init("", "", 0x6fb5_654d_28b3_ff2d, 1709),
        .init("s", "user-42", 0xd537_c787_c329_cf5e, 46014),
    ]
}

@Suite("Bucketing test vectors and determinism")
struct BucketingVectorTests {
    @Test("the published vectors hold", arguments: BucketingVector.published)
    func publishedVector(_ vector: BucketingVector) {
        #expect(Bucketing.hash(salt: vector.salt, key: vector.key) == vector.hash)
        #expect(Bucketing.bucket(salt: vector.salt, key: vector.key) == vector.bucket)
        #expect(vector.hash % 100_000 == UInt64(vector.bucket))
    }

    @Test("docs/bucketing.md publishes the same table")
    func documentedTable() throws {
        let doc = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/bucketing.md")
        let text = try String(contentsOf: doc, encoding: .utf8)
        // Rows end with "| `0x<hash>` | <bucket> |".
        let rows: [(hash: UInt64, bucket: Int)] = text.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2, cells[cells.count - 2].hasPrefix("`0x"),
                let hash = UInt64(cells[cells.count - 2].dropFirst(3).dropLast(), radix: 16),
                let bucket = Int(cells[cells.count - 1])
            else { return nil }
            return (hash, bucket)
        }
        #expect(rows.map(\.hash) == BucketingVector.published.map(\.hash))
        #expect(rows.map(\.bucket) == BucketingVector.published.map(\.bucket))
    }

    @Test("a reused hasher gives the same bucket as a one-off computation", arguments: BucketingVector.published)
    func hasherMatchesOneOff(_ vector: BucketingVector) {
        let hasher = BucketHasher(salt: vector.salt)
        for _ in 0..<3 {
            #expect(hasher.bucket(for: vector.key) == vector.bucket)
        }
        #expect(hasher == BucketHasher(salt: vector.salt))
    }

    @Test("the bucket depends only on the key's UTF-8 bytes, not on how the String was built")
    func independentOfStringRepresentation() {
        let hasher = BucketHasher(salt: "cv-analyzer-package-enabled")
        let literal = "ünïcødé-user-42"
        let decoded = String(decoding: Array(literal.utf8), as: UTF8.self)
        let sliced = String("prefix/\(literal)".dropFirst("prefix/".count))
        let scalars = String(String.UnicodeScalarView(literal.unicodeScalars))
        let expected = hasher.bucket(for: literal)
        #expect(hasher.bucket(for: decoded) == expected)
        #expect(hasher.bucket(for: sliced) == expected)
        #expect(hasher.bucket(for: scalars) == expected)
    }

    @Test("keys are not Unicode-normalized: canonically equal Strings can land in different buckets")
    func noNormalization() {
        let precomposed = "caf\u{E9}"
        let decomposed = "cafe\u{301}"
        // Swift's String equality is canonical equivalence; the hash reads the bytes.
        #expect(precomposed == decomposed)
        #expect(Bucketing.hash(salt: "s", key: precomposed) != Bucketing.hash(salt: "s", key: decomposed))
    }

    @Test("the separator is not escaped: only the concatenated bytes count")
    func separatorIsPlainConcatenation() {
        #expect(Bucketing.hash(salt: "a:b", key: "c") == Bucketing.hash(salt: "a", key: "b:c"))
        #expect(Bucketing.hash(salt: "ab", key: "c") != Bucketing.hash(salt: "a", key: "bc"))
    }

    @Test("the salt changes the bucket")
    func saltMatters() {
        let keys = userIDs(1000)
        let differing = keys.filter { Bucketing.bucket(salt: "a", key: $0) != Bucketing.bucket(salt: "b", key: $0) }
        // Two independent uniform buckets agree with probability 1 / 100 000.
        #expect(differing.count >= 995)
    }

    @Test("buckets stay in 0 ..< 100 000")
    func bucketRange() {
        let hasher = BucketHasher(salt: "cache-package-enabled")
        let buckets = userIDs(20_000).map(hasher.bucket(for:))
        #expect(buckets.allSatisfy { (0..<100_000).contains($0) })
        #expect(Bucketing.bucketCount == 100_000)
    }
}
