import CutoverCore
import Testing

/// Uniformity of buckets and independence between salts, by chi-square tests.
///
/// The inputs are fixed, so each test is deterministic; the thresholds are the 0.999 quantiles
/// of the chi-square distribution, i.e. what a truly uniform / independent hash would exceed
/// once in a thousand different key sets.
@Suite("Bucketing distribution")
struct BucketingDistributionTests {
    /// χ²(0.999) with 99 degrees of freedom (100 bins).
    static let chiSquare99dof = 148.23
    /// χ²(0.999) with 1 degree of freedom (a 2 × 2 contingency table).
    static let chiSquare1dof = 10.83

    /// Families of 100 000 keys shaped like real stickiness keys.
    enum KeyFamily: String, CaseIterable, Sendable {
        case sequentialUserIDs, bareIntegers, emails, uuids

        var keys: [String] {
            switch self {
            case .sequentialUserIDs: userIDs(100_000)
            case .bareIntegers: (0..<100_000).map { String($0) }
            case .emails: (0..<100_000).map { "person\($0)@example.com" }
            case .uuids: Self.uuids(100_000)
            }
        }

        /// Deterministic UUID-shaped keys from a seeded generator.
        private static func uuids(_ count: Int) -> [String] {
            var generator = SeededGenerator(seed: 0x5eed)
            func hex(_ value: UInt64, _ digits: Int) -> String {
                let text = String(value, radix: 16)
                return String(repeating: "0", count: max(0, digits - text.count)) + text.suffix(digits)
            }
            return (0..<count).map { _ in
                let high = generator.next()
                let low = generator.next()
                return [hex(high >> 32, 8), hex(high >> 16, 4), hex(high, 4), hex(low >> 48, 4), hex(low, 12)]
                    .joined(separator: "-")
            }
        }
    }

    @Test(
        "buckets are uniform (chi-square over 100 000 keys)",
        arguments: ["cv-analyzer-package-enabled", "cache-package-enabled"], KeyFamily.allCases
    )
    func uniformity(salt: String, family: KeyFamily) {
        let hasher = BucketHasher(salt: salt)
        var byRange = [Int](repeating: 0, count: 100)  // 1 % ranges: what a rollout selects
        var byLowDigits = [Int](repeating: 0, count: 100)  // bucket mod 100: the fine 0.001 % steps
        for key in family.keys {
            let bucket = hasher.bucket(for: key)
            byRange[bucket / 1000] += 1
            byLowDigits[bucket % 100] += 1
        }
        #expect(chiSquare(byRange) < Self.chiSquare99dof)
        #expect(chiSquare(byLowDigits) < Self.chiSquare99dof)
    }

    @Test("a deliberately skewed distribution fails the same test")
    func chiSquareDetectsSkew() {
        // 280 keys moved from one 1 % range to another: χ² = 2 · 280² / 1 000 = 156.8.
        var counts = [Int](repeating: 1000, count: 100)
        counts[0] += 280
        counts[1] -= 280
        #expect(chiSquare(counts) > Self.chiSquare99dof)
        #expect(chiSquare([Int](repeating: 1000, count: 100)) == 0)
    }

    @Test(
        "cohorts of different salts are independent",
        arguments: [
            ("cv-analyzer-package-enabled", "cache-package-enabled"),
            ("cv-analyzer-package-enabled", "improvement-orchestrator-package-enabled"),
            ("salt-1", "salt-2"),  // differ in one byte
            ("a", "b"),
        ]
    )
    func independence(first: String, second: String) {
        let keys = userIDs(100_000)
        let firstHasher = BucketHasher(salt: first)
        let secondHasher = BucketHasher(salt: second)
        let half = Rollout(percent: 50)!
        // table[a][b]: keys in (a = 1) or out of (a = 0) the first 50 % cohort, likewise b.
        var table = [[0, 0], [0, 0]]
        for key in keys {
            let a = half.includes(bucket: firstHasher.bucket(for: key)) ? 1 : 0
            let b = half.includes(bucket: secondHasher.bucket(for: key)) ? 1 : 0
            table[a][b] += 1
        }
        // Overlap: for independent cohorts the count in both is Binomial(100 000, 0.25):
        // mean 25 000, standard deviation √(100 000 · 0.25 · 0.75) ≈ 137 keys (0.137 %).
        // ±600 keys (±0.6 percentage point) is ≈ 4.4 σ: a truly independent pair fails it
        // about once in 100 000 key sets, while a correlation of only 0.03 between the cohorts
        // (overlap shifted by 750 keys) is caught.
        let overlap = table[1][1]
        #expect(abs(overlap - 25_000) <= 600, "overlap \(overlap) of 100 000 keys")

        // Chi-square test of independence on the 2 × 2 table, expected counts from the margins.
        let total = Double(keys.count)
        let rows = table.map { Double($0[0] + $0[1]) }
        let columns = [0, 1].map { column in Double(table[0][column] + table[1][column]) }
        var statistic = 0.0
        for a in 0...1 {
            for b in 0...1 {
                let expected = rows[a] * columns[b] / total
                let difference = Double(table[a][b]) - expected
                statistic += difference * difference / expected
            }
        }
        #expect(statistic < Self.chiSquare1dof, "χ² = \(statistic)")
    }
}
