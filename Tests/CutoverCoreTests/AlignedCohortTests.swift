import CutoverCore
import Testing

/// Services linked by `dependsOn` share their salt unless told otherwise, so a dependent
/// service's cohort nests inside its prerequisite's.
@Suite("Aligned cohorts")
struct AlignedCohortTests {
    static let keys = userIDs(100_000)

    /// How the candidate cohorts of a dependent service and its prerequisite relate over `keys`.
    struct Cohorts {
        /// Share (0–1) of the keys on the dependent service's candidate.
        var dependent = 0.0
        /// Share (0–1) of the keys on the prerequisite's candidate.
        var prerequisite = 0.0
        /// Every key on the dependent service's candidate is on the prerequisite's.
        var nested = true
        /// Keys inside the dependent service's rollout that the prerequisite sent back to legacy.
        var blockedByPrerequisite = 0
    }

    static func cohorts(_ flags: CompiledFlags, dependent: String, prerequisite: String) -> Cohorts {
        var result = Cohorts()
        let share = 1 / Double(keys.count)
        for key in keys {
            let context = EvaluationContext(userID: key)
            let decision = flags.decide(service: dependent, context: context)
            let onPrerequisite = flags.decide(service: prerequisite, context: context).cohort == .candidate
            if decision.cohort == .candidate { result.dependent += share }
            if onPrerequisite { result.prerequisite += share }
            if decision.cohort == .candidate, !onPrerequisite { result.nested = false }
            if case .prerequisiteOnLegacy = decision { result.blockedByPrerequisite += 1 }
        }
        return result
    }

    @Test("improvement-orchestrator at 10 % is inside cv-analyzer at 25 %, and gets its full 10 %")
    func dependentCohortNestsAndKeepsItsShare() throws {
        let flags = try compile([
            .test("cv-analyzer", rollout: 25),
            .improvementOrchestrator(rollout: 10),
        ])
        let result = Self.cohorts(flags, dependent: "improvement-orchestrator", prerequisite: "cv-analyzer")
        #expect(result.nested)
        // Same bucket for both services: nobody inside the 10 % is outside the 25 %.
        #expect(result.blockedByPrerequisite == 0)
        // Binomial standard deviations over 100 000 keys: 0.095 % at 10 %, 0.137 % at 25 %;
        // ±0.5 percentage point is more than 3.6 σ for both.
        #expect(abs(result.dependent - 0.10) < 0.005, "improvement-orchestrator share \(result.dependent)")
        #expect(abs(result.prerequisite - 0.25) < 0.005, "cv-analyzer share \(result.prerequisite)")
    }

    @Test("with an unrelated salt the dependent service would reach only 10 % × 25 % of users")
    func explicitSaltBreaksAlignment() throws {
        let flags = try compile([
            .test("cv-analyzer", rollout: 25),
            .improvementOrchestrator(rollout: 10) { $0.salt = "improvement-orchestrator-package-enabled" },
        ])
        let result = Self.cohorts(flags, dependent: "improvement-orchestrator", prerequisite: "cv-analyzer")
        // The prerequisite check still nests the cohort, but it shrinks to ≈ 2.5 % (σ ≈ 0.05 %):
        // three quarters of the 10 % are sent back to legacy.
        #expect(result.nested)
        #expect(abs(result.dependent - 0.025) < 0.003, "improvement-orchestrator share \(result.dependent)")
        #expect(abs(result.blockedByPrerequisite - 7_500) < 500)
    }

    @Test("the effective salt: own salt, else the first prerequisite's effective salt, else the flag key")
    func effectiveSaltResolution() throws {
        let flags = try compile([
            .test("cv-analyzer", rollout: 100),
            .improvementOrchestrator(rollout: 100),
            .test("action-orchestrator", rollout: 100) {
                $0.dependsOn = ["improvement-orchestrator-package-enabled", "cache-package-enabled"]
            },
            .test("cache", rollout: 100) { $0.salt = "cache-v2" },
            .test("recommendation-generator", rollout: 100) { $0.dependsOn = ["cache-package-enabled"] },
            .test("circuit-breaker", rollout: 100) {
                $0.dependsOn = ["cv-analyzer-package-enabled"]
                $0.salt = "breaker"
            },
        ])
        let expectedSalt = [
            "cv-analyzer": "cv-analyzer-package-enabled",  // no salt, no prerequisite: its key
            "improvement-orchestrator": "cv-analyzer-package-enabled",  // its prerequisite's
            "action-orchestrator": "cv-analyzer-package-enabled",  // transitively, via the first prerequisite
            "cache": "cache-v2",  // its own
            "recommendation-generator": "cache-v2",  // a prerequisite's explicit salt
            "circuit-breaker": "breaker",  // its own wins over its prerequisite's
        ]
        for key in userIDs(200) {
            for (service, salt) in expectedSalt {
                let decision = flags.decide(service: service, context: EvaluationContext(userID: key))
                #expect(decision == .insideRollout(bucket: Bucketing.bucket(salt: salt, key: key)), "\(service)")
            }
        }
    }
}
