import CutoverCore
import Testing

/// A service reaches its candidate only when every prerequisite routes the request to its own.
@Suite("Prerequisites")
struct PrerequisiteTests {
    static let keys = userIDs(5_000)

    @Test("a user inside B's rollout whose prerequisite A routes to legacy gets prerequisiteOnLegacy")
    func prerequisiteOnLegacy() throws {
        // Independent salts, so some users are inside B's rollout but outside A's.
        let flags = try compile([
            .test("cv-analyzer", rollout: 50),
            .improvementOrchestrator(rollout: 50) { $0.salt = "io" },
        ])
        var blocked = 0
        for key in Self.keys {
            let context = EvaluationContext(userID: key)
            let a = flags.decide(service: "cv-analyzer", context: context)
            let b = flags.decide(service: "improvement-orchestrator", context: context)
            let bBucket = Bucketing.bucket(salt: "io", key: key)
            switch (bBucket < 50_000, a.cohort) {
            case (false, _): #expect(b == .outsideRollout(bucket: bBucket))
            case (true, .candidate): #expect(b == .insideRollout(bucket: bBucket))
            case (true, .legacy):
                #expect(b == .prerequisiteOnLegacy(0))
                #expect(b.cohort == .legacy)
                blocked += 1
            }
        }
        #expect(blocked > 1_000)  // ≈ a quarter of the users
        #expect(flags.flag(at: 0).key == "cv-analyzer-package-enabled")
    }

    /// A state of the prerequisite and whether it lets the dependent service through.
    struct PrerequisiteState: Sendable, CustomTestStringConvertible {
        let name: String
        var rollout = 100.0
        var enabled = true
        var complete = false
        var killSwitch = false
        var userSegments: [String] = []
        let passes: Bool

        var testDescription: String { name }

        var flag: ServiceFlag {
            .test("cv-analyzer", rollout: rollout) {
                $0.enabled = enabled
                $0.complete = complete
                $0.killSwitch = killSwitch
                $0.userSegments = userSegments
            }
        }
    }

    static let states: [PrerequisiteState] = [
        .init(name: "at 100 %", passes: true),
        .init(name: "at 0 %", rollout: 0, passes: false),
        .init(name: "complete at 0 %", rollout: 0, complete: true, passes: true),
        .init(name: "disabled", enabled: false, passes: false),
        .init(name: "killed", complete: true, killSwitch: true, passes: false),
        .init(name: "outside its segments", userSegments: ["staff"], passes: false),
    ]

    @Test("the prerequisite's whole decision counts, not only its rollout", arguments: states)
    func prerequisiteStates(_ state: PrerequisiteState) throws {
        let flags = try compile(
            [
                state.flag,
                .improvementOrchestrator(rollout: 100),
            ],
            segments: [Segment(name: "staff", rules: [SegmentRule(attribute: "staff", operator: .in, values: [true])])]
        )
        let decision = flags.decide(service: "improvement-orchestrator", context: EvaluationContext(userID: "user-42"))
        if state.passes {
            #expect(
                decision
                    == .insideRollout(bucket: Bucketing.bucket(salt: "cv-analyzer-package-enabled", key: "user-42")))
        } else {
            #expect(decision == .prerequisiteOnLegacy(0))
        }
    }

    @Test("prerequisites are transitive and the first one on legacy is named")
    func transitiveAndFirstNamed() throws {
        let flags = try compile([
            .test("cache", rollout: 100),
            .test("cv-analyzer", rollout: 0),
            .improvementOrchestrator(rollout: 100),
            .test("action-orchestrator", rollout: 100) {
                $0.dependsOn = ["cache-package-enabled", "improvement-orchestrator-package-enabled"]
            },
        ])
        let context = EvaluationContext(userID: "user-42")
        #expect(flags.decide(service: "action-orchestrator", context: context) == .prerequisiteOnLegacy(2))
        #expect(flags.flag(at: 2).service == "improvement-orchestrator")
    }

    @Test("a prerequisite bucketed by another attribute is decided on its own key")
    func prerequisiteWithOtherStickiness() throws {
        // Same salt (B inherits A's), different stickiness attributes: B's bucket must not be
        // reused as A's, or A would be judged on the tenant instead of the user.
        let flags = try compile([
            .test("cv-analyzer", rollout: 50),
            .improvementOrchestrator(rollout: 100) { $0.stickinessAttribute = "tenantId" },
        ])
        let mismatched = Self.keys.enumerated().filter { index, key in
            let context = EvaluationContext(userID: key, attributes: ["tenantId": .string("tenant-\(index % 97)")])
            let a = flags.decide(service: "cv-analyzer", context: context)
            let b = flags.decide(service: "improvement-orchestrator", context: context)
            return a.cohort != b.cohort
        }
        #expect(mismatched.isEmpty, "\(mismatched.count) users, e.g. \(mismatched.prefix(3).map(\.element))")
    }
}
