import CutoverCore
import Testing

/// Raising a rollout only adds keys; lowering it removes the most recently added keys first.
///
/// Proven end to end: every candidate set here comes from `CompiledFlags` decisions.
@Suite("Bucketing monotonicity")
struct BucketingMonotonicityTests {
    static let keys = userIDs(20_000)
    /// Rollouts in percent, ascending, including the 0.001 % precision at both ends.
    static let rollouts: [Double] = [0, 0.001, 0.5, 1, 5, 10, 25, 33.333, 50, 75, 99.999, 100]
    static let services = ["cv-analyzer", "cache", "action-orchestrator"]

    /// The keys `service` routes to its candidate at `rollout` %.
    static func candidates(_ service: String, at rollout: Double) throws -> Set<String> {
        let flags = try compile([.test(service, rollout: rollout)])
        return Set(
            keys.filter { flags.decide(service: service, context: EvaluationContext(userID: $0)).cohort == .candidate })
    }

    @Test("raising the rollout only adds keys", arguments: services)
    func raisingOnlyAdds(service: String) throws {
        let sets = try Self.rollouts.map { try Self.candidates(service, at: $0) }
        for lower in sets.indices {
            for higher in sets.indices where higher > lower {
                let removed = sets[lower].subtracting(sets[higher])
                #expect(removed.isEmpty, "raising \(Self.rollouts[lower]) → \(Self.rollouts[higher]) %")
            }
        }
        #expect(sets.first?.isEmpty == true)
        #expect(sets.last?.count == Self.keys.count)
    }

    @Test("the candidate set at r is exactly the keys whose bucket is below r thousandths of a percent")
    func candidateSetIsBucketPrefix() throws {
        let hasher = BucketHasher(salt: "cv-analyzer-package-enabled")
        for rollout in Self.rollouts {
            let threshold = Int((rollout * 1000).rounded())
            let expected = Set(Self.keys.filter { hasher.bucket(for: $0) < threshold })
            #expect(try Self.candidates("cv-analyzer", at: rollout) == expected, "at \(rollout) %")
        }
    }

    @Test("lowering the rollout removes the most recently added keys first", arguments: services)
    func loweringIsLastInFirstOut(service: String) throws {
        let steps = Self.rollouts
        let sets = try steps.map { try Self.candidates(service, at: $0) }
        // Raising through the steps: the step at which each key joined the candidate.
        var joinedAt: [String: Int] = [:]
        for step in 1..<steps.count {
            for key in sets[step].subtracting(sets[step - 1]) {
                #expect(joinedAt.updateValue(step, forKey: key) == nil, "\(key) joined twice")
            }
        }
        // Lowering back through the same steps: the keys leaving at each step are exactly the
        // ones that joined last, and they carry the highest buckets of the cohort.
        let flags = try compile([.test(service, rollout: 100)])
        func bucket(_ key: String) -> Int {
            flags.decide(service: service, context: EvaluationContext(userID: key)).bucket ?? -1
        }
        for step in stride(from: steps.count - 1, to: 0, by: -1) {
            let removed = sets[step].subtracting(sets[step - 1])
            #expect(removed.allSatisfy { joinedAt[$0] == step })
            let lowestRemoved = removed.map(bucket).min() ?? Int.max
            let highestKept = sets[step - 1].map(bucket).max() ?? Int.min
            #expect(highestKept < lowestRemoved, "lowering from \(steps[step]) % to \(steps[step - 1]) %")
        }
    }

    @Test(
        "one-thousandth-of-a-percent precision at a known key's bucket",
        arguments: [("user-42", 49168), ("9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f", 31823)]
    )
    func precisionAtBoundary(key: String, bucket: Int) throws {
        // Published vectors: these keys sit in `bucket` under the cv-analyzer flag key as salt.
        func decision(_ thousandths: Int) throws -> CohortDecision {
            try compile([.test("cv-analyzer", rollout: Double(thousandths) / 1000)])
                .decide(service: "cv-analyzer", context: EvaluationContext(userID: key))
        }
        #expect(try decision(bucket) == .outsideRollout(bucket: bucket))
        #expect(try decision(bucket + 1) == .insideRollout(bucket: bucket))
    }

    @Test("Rollout rounds percentages to thousandths and rejects values outside 0–100")
    func rolloutConversion() {
        #expect(Rollout(percent: 0.001)?.thousandthsOfPercent == 1)
        #expect(Rollout(percent: 49.1685)?.thousandthsOfPercent == 49_169)
        #expect(Rollout(percent: 100) == .full)
        #expect(Rollout(percent: 0) == .zero)
        #expect(Rollout(percent: 100.0001) == nil)
        #expect(Rollout(percent: -0.001) == nil)
        #expect(Rollout(percent: .nan) == nil)
        #expect(Rollout.full.includes(bucket: 99_999))
        #expect(!Rollout.zero.includes(bucket: 0))
        #expect(Rollout(thousandthsOfPercent: 250_000) == .full)
    }
}
