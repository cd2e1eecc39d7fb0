import CutoverCore
import Testing

@testable import Cutover

@Suite("Routing calls between legacy and candidate")
struct MigratedServiceTests {
    let user = EvaluationContext(userID: "user-42")

    @Test("every call goes to the cohort the flags choose", arguments: [(0.0, "legacy"), (100.0, "candidate")])
    func routesByCohort(rollout: Double, expected: String) async throws {
        let router = try makeRouter(rollout: rollout)
        let service = router.service("svc", legacy: Echo("legacy"), candidate: Echo("candidate"))
        #expect(try await service.call(user) { try $0.answer() } == expected)
        let window = router.recorder.collect()
        let cohort: Cohort = expected == "legacy" ? .legacy : .candidate
        #expect(window["svc"]?[cohort].calls == 1)
        #expect(window["svc"]?[cohort.other].calls == 0)
    }

    @Test("an instance that never synced routes everything to legacy")
    func unsyncedRoutesToLegacy() async throws {
        let router = try MigrationRouter(clock: VirtualClock())
        let service = router.service("svc", legacy: Echo("legacy"), candidate: Echo("candidate"))
        for id in 0..<100 {
            #expect(try await service.call(EvaluationContext(userID: "u\(id)")) { try $0.answer() } == "legacy")
        }
    }

    @Test("a failed candidate read falls back to legacy: the user sees no error, the error is counted")
    func readFallsBack() async throws {
        let router = try makeRouter(rollout: 100) { $0.fallbackToLegacy = true }
        let service = router.service("svc", legacy: Echo("legacy"), candidate: Echo("candidate", failing: true))
        #expect(try await service.call(user) { try $0.answer() } == "legacy")
        let candidate = try #require(router.recorder.collect()["svc"]).candidate
        #expect(candidate.calls == 1)
        #expect(candidate.errors == 1)
        #expect(candidate.fallbacks == 1)
        #expect(candidate.userFacingErrors == 0)
    }

    @Test("without fallbackToLegacy the candidate's error reaches the user")
    func noFallbackSurfacesError() async throws {
        let router = try makeRouter(rollout: 100)
        let legacy = Echo("legacy")
        let service = router.service("svc", legacy: legacy, candidate: Echo("candidate", failing: true))
        await #expect(throws: Echo.Failure.self) { try await service.call(user) { try $0.answer() } }
        #expect(legacy.calls.count == 0)
        #expect(router.recorder.collect()["svc"]?.candidate.userFacingErrors == 1)
    }

    @Test("a transaction-safe write is not retried on legacy after an error that may follow a commit")
    func transactionSafeWriteSurfaces() async throws {
        let router = try makeRouter(rollout: 100) {
            $0.fallbackToLegacy = true
            $0.transactionSafety = true
        }
        let legacy = Echo("legacy")
        let service = router.service("svc", legacy: legacy, candidate: Echo("candidate", failing: true))
        await #expect(throws: Echo.Failure.self) { try await service.call(user, .write) { try $0.answer() } }
        #expect(legacy.calls.count == 0)
    }

    @Test("a transaction-safe write falls back when the candidate declares nothing was written")
    func nothingWrittenFallsBack() async throws {
        let router = try makeRouter(rollout: 100) {
            $0.fallbackToLegacy = true
            $0.transactionSafety = true
        }
        let service = router.service("svc", legacy: Echo("legacy"), candidate: Echo("candidate", failing: true))
        let result = try await service.call(user, .write) { implementation in
            do {
                return try implementation.answer()
            } catch {
                throw NothingWritten(error)
            }
        }
        #expect(result == "legacy")
        #expect(router.recorder.collect()["svc"]?.candidate.fallbacks == 1)
    }

    @Test("reads of a transaction-safe service still fall back on any error")
    func transactionSafeReadFallsBack() async throws {
        let router = try makeRouter(rollout: 100) {
            $0.fallbackToLegacy = true
            $0.transactionSafety = true
        }
        let service = router.service("svc", legacy: Echo("legacy"), candidate: Echo("candidate", failing: true))
        #expect(try await service.call(user, .read) { try $0.answer() } == "legacy")
    }

    @Test("an open breaker sends candidate-cohort calls to legacy and counts them")
    func openBreakerShortCircuits() async throws {
        let router = try makeRouter(rollout: 100)
        let candidate = Echo("candidate")
        let service = router.service("svc", legacy: Echo("legacy"), candidate: candidate)
        service.breaker.forceOpen()
        #expect(try await service.call(user) { try $0.answer() } == "legacy")
        #expect(candidate.calls.count == 0)
        let metrics = try #require(router.recorder.collect()["svc"])
        #expect(metrics.candidate.shortCircuited == 1)
        #expect(metrics.legacy.calls == 1)
    }

    @Test("candidate failures trip the breaker, after which calls stop reaching the candidate")
    func failuresTripBreaker() async throws {
        var configuration = MigrationRouter.Configuration()
        configuration.breaker.minimumCalls = 5
        configuration.breaker.window = .count(10)
        let router = try makeRouter(rollout: 100, configure: { $0.fallbackToLegacy = true }, configuration: configuration)
        let candidate = Echo("candidate", failing: true)
        let service = router.service("svc", legacy: Echo("legacy"), candidate: candidate)
        for _ in 0..<20 {
            #expect(try await service.call(user) { try $0.answer() } == "legacy")
        }
        #expect(service.breaker.state == .open)
        #expect(candidate.calls.count == 5)
    }

    @Test("a cancelled call is neither an error nor a fallback")
    func cancellationIsNotAnError() async throws {
        let router = try makeRouter(rollout: 100) { $0.fallbackToLegacy = true }
        let legacy = Echo("legacy")
        let service = router.service("svc", legacy: legacy, candidate: Echo("candidate"))
        await #expect(throws: CancellationError.self) {
            try await service.call(user) { _ in throw CancellationError() }
        }
        #expect(legacy.calls.count == 0)
        let candidate = try #require(router.recorder.collect()["svc"]).candidate
        #expect(candidate.errors == 0)
        #expect(candidate.fallbacks == 0)
    }

    @Test("user outcomes and cost units are attributed to the user's cohort")
    func outcomesAndCosts() async throws {
        let router = try makeRouter(rollout: 100)
        let service = router.service("svc", legacy: Echo("legacy"), candidate: Echo("candidate"))
        service.reportOutcome(user, succeeded: true)
        service.reportOutcome(user, succeeded: false)
        service.recordCost(7, for: user)
        let candidate = try #require(router.recorder.collect()["svc"]).candidate
        #expect(candidate.outcomeSuccesses == 1)
        #expect(candidate.outcomeFailures == 1)
        #expect(candidate.costUnits == 7)
    }

    @Test("latency of each call, on the router's clock, lands in the cohort's histogram")
    func latencyIsRecorded() async throws {
        let router = try MigrationRouter(clock: ContinuousClock())
        try router.flags.apply(snapshot(rollout: 0))
        let service = router.service("svc", legacy: Echo("legacy"), candidate: Echo("candidate"))
        _ = try await service.call(user) { implementation in
            try await Task.sleep(for: .milliseconds(20))
            return try implementation.answer()
        }
        let latency = try #require(router.recorder.collect()["svc"]).legacy.latency
        #expect(latency.totalCount == 1)
        #expect(latency.max >= 20_000_000)
    }
}
