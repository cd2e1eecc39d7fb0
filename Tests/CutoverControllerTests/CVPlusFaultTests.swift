import Cutover
import CutoverCore
import CutoverCVPlus
import Testing

@Suite("CVPlus faults")
struct CVPlusFaultTests {
    @Test(
        "the documented specs parse",
        arguments: [
            ("recommendation-generator:errors=0.08@25%", Fault(service: .recommendationGenerator, kind: .errorRate(0.08), start: .fromStep(25))),
            ("cache-manager:corrupt=0.02@t=2h", Fault(service: .cacheManager, kind: .corruption(0.02), start: .fromTime(.seconds(7200)))),
            ("cv-analyzer:latency=2.5x@50%", Fault(service: .cvAnalyzer, kind: .latencyMultiplier(2.5), start: .fromStep(50))),
            ("action-orchestrator:errors=1", Fault(service: .actionOrchestrator, kind: .errorRate(1), start: .fromStep(0))),
            ("circuit-breaker-core:latency=3@t=1h30m", Fault(service: .circuitBreakerCore, kind: .latencyMultiplier(3), start: .fromTime(.seconds(5400)))),
        ]
    )
    func parses(spec: String, expected: Fault) throws {
        let fault = try Fault(parsing: spec)
        #expect(fault == expected)
        #expect(try Fault(parsing: fault.description) == fault, "the description reads back")
    }

    @Test(
        "bad specs are rejected with the offending text and the accepted forms",
        arguments: [
            ("cv-analyzer", FaultSpecError.Code.malformed),
            ("cv-analyser:errors=0.1", .unknownService),
            ("cv-analyzer:explode=0.1", .unknownKind),
            ("cv-analyzer:errors", .malformed),
            ("cv-analyzer:errors=1.5", .invalidValue),
            ("cv-analyzer:errors=abc", .invalidValue),
            ("cv-analyzer:latency=-2x", .invalidValue),
            ("cv-analyzer:corrupt=0.1@120%", .invalidStart),
            ("cv-analyzer:corrupt=0.1@t=2 weeks", .invalidStart),
            ("cv-analyzer:corrupt=0.1@soon", .invalidStart),
        ]
    )
    func rejects(spec: String, code: FaultSpecError.Code) {
        #expect {
            try Fault(parsing: spec)
        } throws: { error in
            guard let error = error as? FaultSpecError else { return false }
            return error.code == code && error.spec == spec && "\(error)".contains(spec)
                && "\(error)".contains("SERVICE:errors=RATE[@START]") && "\(error)".contains("recommendation-generator")
        }
    }

    @Test("a step-based fault strikes the candidate only while the rollout is at or above its step")
    func stepFaultFollowsRollout() async throws {
        let harness = try CVPlusFixture.harness(rollout: 25, faults: [try Fault(parsing: "cv-analyzer:errors=1@50%")])
        let cv = CVPlusFixture.requests(count: 1)[0].cv
        #expect(try await harness.app.analyzer.candidate.analyze(cv) == harness.app.analyzer.legacy.analyze(cv))
        try harness.setRollout(50, version: 2)
        await #expect(throws: InjectedFault(service: .cvAnalyzer)) { try await harness.app.analyzer.candidate.analyze(cv) }
        _ = try await harness.app.analyzer.legacy.analyze(cv)
        try harness.setRollout(10, version: 3)
        _ = try await harness.app.analyzer.candidate.analyze(cv)
    }

    @Test("a latency fault multiplies the candidate's simulated time once active")
    func latencyFault() async throws {
        let harness = try CVPlusFixture.harness(rollout: 0, faults: [try Fault(parsing: "improvement-orchestrator:latency=3x@50%")])
        let analysis = CVAnalysis(sections: [.summary], keywords: [], wordCount: 100, score: 10)
        func time(_ implementation: any ImprovementOrchestrating) async throws -> Duration {
            try await SimulationClock.withRequest {
                _ = try await implementation.suggestImprovements(for: analysis)
                return RequestTime.current?.elapsed ?? .zero
            }
        }
        let improvements = harness.app.improvements
        let legacy = try await time(improvements.legacy)
        #expect(legacy > .milliseconds(15))
        #expect(try await time(improvements.candidate) == legacy)
        try harness.setRollout(50, version: 2)
        let slow = try await time(improvements.candidate)
        #expect(abs((slow - legacy * 3) / .microseconds(1)) < 1)
        #expect(try await time(improvements.legacy) == legacy)
    }

    @Test("a time-based corruption fault spoils candidate results from its start time on")
    func timeCorruption() async throws {
        let harness = try CVPlusFixture.harness(rollout: 0, faults: [try Fault(parsing: "cv-analyzer:corrupt=1@t=1h")])
        let cv = CVPlusFixture.requests(count: 1)[0].cv
        let expected = try await harness.app.analyzer.legacy.analyze(cv)
        #expect(try await harness.app.analyzer.candidate.analyze(cv) == expected)
        harness.clock.advance(to: .seconds(3600))
        let corrupted = try await harness.app.analyzer.candidate.analyze(cv)
        #expect(corrupted != expected)
        #expect(corrupted.sections == expected.sections && (0...100).contains(corrupted.score), "corruption looks valid")
        #expect(try await harness.app.analyzer.legacy.analyze(cv) == expected)
    }

    @Test("a failing candidate action throws NothingWritten only when it wrote nothing")
    func actionFailuresDeclareWrites() async throws {
        let harness = try CVPlusFixture.harness(rollout: 100, faults: [try Fault(parsing: "action-orchestrator:errors=1")])
        let candidate = harness.app.actions.candidate
        var before = 0
        var after = 0
        for index in 0..<20 {
            let action = CVAction(idempotencyKey: "key-\(index)", kind: .notifyUser, userID: "u", payload: "p")
            do {
                _ = try await candidate.perform(action)
                Issue.record("an error rate of 1 fails every call")
            } catch is NothingWritten {
                before += 1
                #expect(candidate.ledger.receipt(forKey: action.idempotencyKey) == nil)
            } catch {
                after += 1
                #expect(candidate.ledger.receipt(forKey: action.idempotencyKey)?.records(action) == true)
            }
        }
        #expect(before > 0 && after > 0)
    }

    @Test("a corrupted cache store keeps the wrong value, found by the coherence check")
    func cacheCorruption() async throws {
        let harness = try CVPlusFixture.harness(rollout: 0, faults: [try Fault(parsing: "cache-manager:corrupt=1")]) { service, flag in
            if service == .cacheManager {
                flag.dualWrite = true
                flag.readPreference = .legacy
                flag.coherencePercentage = 100
            }
        }
        let request = CVPlusFixture.requests(count: 1)[0]
        let value = [Recommendation(id: "a", category: .polish, title: "A", relevance: 50)]
        try await harness.app.cache.store(value, for: request, context: request.context)
        let key = RecommendationCache.key(cvID: request.cv.id)
        #expect(try await harness.app.cache.legacy.value(forKey: key) == value)
        #expect(try await harness.app.cache.candidate.value(forKey: key) != value)
        try await withThrowingTaskGroup(of: Void.self) { group throws in
            group.addTask { try await harness.router.run() }
            let read = try await harness.app.cache.recommendations(for: request, context: request.context)
            #expect(read == value)
            await harness.router.checks.waitUntilIdle()
            #expect(harness.router.integrityLog.records.contains { $0.kind == .coherenceMismatch })
            group.cancelAll()
        }
    }
}
