import CutoverCore
import Testing

/// How `CompiledFlags` decides the cohort of one request for one service.
@Suite("Cohort decisions")
struct CohortDecisionTests {
    /// The flag's switches and the decision they lead to for a user inside a 100 % rollout.
    struct SwitchCase: Sendable, CustomTestStringConvertible {
        var enabled = true
        var killSwitch = false
        var complete = false
        var rollout = 100.0
        var userID: String? = "user-42"
        let expected: CohortDecision

        var testDescription: String {
            let switches = "enabled \(enabled), kill \(killSwitch), complete \(complete)"
            return "\(switches), \(rollout) %, user \(userID ?? "none") → \(expected)"
        }
    }

    static let switchCases: [SwitchCase] = [
        SwitchCase(rollout: 0, expected: .outsideRollout(bucket: 49168)),
        SwitchCase(expected: .insideRollout(bucket: 49168)),
        SwitchCase(enabled: false, expected: .disabled),
        SwitchCase(enabled: false, complete: true, expected: .disabled),
        SwitchCase(killSwitch: true, expected: .killSwitch),
        SwitchCase(killSwitch: true, complete: true, expected: .killSwitch),  // the kill switch beats complete
        SwitchCase(enabled: false, killSwitch: true, expected: .killSwitch),
        SwitchCase(complete: true, rollout: 0, expected: .complete),  // complete ignores the rollout…
        SwitchCase(complete: true, userID: nil, expected: .complete),  // …and needs no stickiness key
        SwitchCase(userID: nil, expected: .noStickinessKey),
    ]

    @Test("flag switches", arguments: switchCases)
    func switches(_ example: SwitchCase) throws {
        let flags = try compile([
            .test("cv-analyzer", rollout: example.rollout) {
                $0.enabled = example.enabled
                $0.killSwitch = example.killSwitch
                $0.complete = example.complete
            }
        ])
        let decision = flags.decide(service: "cv-analyzer", context: EvaluationContext(userID: example.userID))
        #expect(decision == example.expected)
        let expectedCohort: Cohort =
            switch example.expected {
            case .complete, .insideRollout: .candidate
            default: .legacy
            }
        #expect(decision.cohort == expectedCohort)
    }

    @Test("an instance that never synced routes every service to legacy")
    func unsynced() {
        let flags = CompiledFlags.unsynced
        #expect(flags.snapshot == nil)
        #expect(flags.version == nil)
        #expect(flags.decide(service: "cv-analyzer", context: EvaluationContext(userID: "user-42")) == .notSynced)
        #expect(flags.decide(slot: 0, context: EvaluationContext(userID: "user-42")) == .notSynced)
        #expect(CohortDecision.notSynced.cohort == .legacy)
    }

    @Test("a service no flag routes stays on legacy, by name and by slot")
    func unknownService() throws {
        let slots = ServiceSlots()
        let flags = try compile([.test("cv-analyzer", rollout: 100)], slots: slots)
        let context = EvaluationContext(userID: "user-42")
        #expect(flags.decide(service: "billing", context: context) == .unknownService)
        #expect(flags.decide(slot: slots.slot(for: "billing"), context: context) == .unknownService)
        #expect(flags.decide(slot: -1, context: context) == .unknownService)
        #expect(flags.decide(slot: 1_000, context: context) == .unknownService)
        #expect(flags.flag(slot: slots.slot(for: "billing")) == nil)
        #expect(CohortDecision.unknownService.cohort == .legacy)
    }

    @Test("deciding by slot agrees with deciding by name")
    func slotsAgreeWithNames() throws {
        let slots = ServiceSlots()
        let early = slots.slot(for: "cache")  // registered before the snapshot knows about it
        let flags = try compile(
            [.test("cv-analyzer", rollout: 30), .test("cache", rollout: 60), .test("circuit-breaker", rollout: 90)],
            slots: slots
        )
        #expect(slots.slot(for: "cache") == early)
        #expect(flags.flag(slot: early)?.service == "cache")
        for key in userIDs(500) {
            let context = EvaluationContext(userID: key)
            for service in ["cv-analyzer", "cache", "circuit-breaker"] {
                #expect(
                    flags.decide(slot: slots.slot(for: service), context: context)
                        == flags.decide(service: service, context: context))
            }
        }
        #expect(flags.version == 1)
    }

    @Test("a custom stickiness attribute buckets by that attribute's text")
    func customStickinessAttribute() throws {
        let flags = try compile([.test("cache", rollout: 100) { $0.stickinessAttribute = "tenantId" }])
        let salt = "cache-package-enabled"
        func decide(_ attributes: [String: AttributeValue], userID: String? = "user-42") -> CohortDecision {
            flags.decide(service: "cache", context: EvaluationContext(userID: userID, attributes: attributes))
        }
        #expect(decide(["tenantId": "acme"]) == .insideRollout(bucket: Bucketing.bucket(salt: salt, key: "acme")))
        // Numbers bucket by their text: 42.0 is "42".
        #expect(decide(["tenantId": 42]) == .insideRollout(bucket: Bucketing.bucket(salt: salt, key: "42")))
        #expect(decide(["tenantId": 42.5]) == .insideRollout(bucket: Bucketing.bucket(salt: salt, key: "42.5")))
        // The user id does not stand in for a missing attribute.
        #expect(decide([:]) == .noStickinessKey)
        #expect(decide(["country": "FR"]) == .noStickinessKey)
        // Every user of one tenant shares the tenant's cohort.
        let cohorts = Set(userIDs(50).map { decide(["tenantId": "acme"], userID: $0) })
        #expect(cohorts.count == 1)
    }

    @Test("userId as an explicit attribute name reads the context's user id")
    func userIDAttribute() throws {
        let flags = try compile([.test("cache", rollout: 100)])
        let context = EvaluationContext(userID: nil, attributes: ["userId": "user-42"])
        // `userId` is the user id field, not a free attribute.
        #expect(flags.decide(service: "cache", context: context) == .noStickinessKey)
        #expect(EvaluationContext(userID: "u")["userId"] == .string("u"))
    }

    @Test("the compiled flags keep the snapshot and its flags")
    func snapshotAccess() throws {
        let flags = try compile([.test("cv-analyzer", rollout: 12.5)])
        #expect(flags.snapshot?.flag(forService: "cv-analyzer")?.rolloutPercentage == 12.5)
        #expect(flags.snapshot?.flag(withKey: "cv-analyzer-package-enabled")?.service == "cv-analyzer")
        #expect(flags.flag(at: 0).key == "cv-analyzer-package-enabled")
    }
}
