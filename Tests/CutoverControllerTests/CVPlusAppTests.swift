import Cutover
import CutoverCore
import CutoverCVPlus
import Foundation
import Testing

@Suite("CVPlus app")
struct CVPlusAppTests {
    @Test("at rollout 0 every request is served by legacy and no candidate is called")
    func rolloutZero() async throws {
        let harness = try CVPlusFixture.harness(rollout: 0)
        for request in CVPlusFixture.requests(count: 20) {
            let outcome = await harness.app.handle(request)
            #expect(outcome.succeeded, "\(outcome.error ?? "")")
            #expect(outcome.plan?.items.isEmpty == false)
        }
        let totals = harness.totals()
        for service in CVPlusService.allCases {
            let metrics = try #require(totals[service.rawValue], "\(service)")
            #expect(metrics.candidate.calls == 0, "\(service)")
            #expect(metrics.candidate.outcomeSuccesses == 0, "\(service)")
            #expect(metrics.legacy.calls > 0, "\(service)")
            #expect(metrics.legacy.outcomeSuccesses > 0, "\(service)")
        }
        #expect(totals[CVPlusService.recommendationGenerator.rawValue]!.legacy.costUnits > 0)
    }

    @Test("at rollout 100 every service is served by its candidate")
    func rolloutFull() async throws {
        let harness = try CVPlusFixture.harness(rollout: 100)
        for request in CVPlusFixture.requests(count: 20) {
            #expect(await harness.app.handle(request).succeeded)
        }
        let totals = harness.totals()
        for service in CVPlusService.allCases {
            let metrics = try #require(totals[service.rawValue], "\(service)")
            #expect(metrics.legacy.calls == 0, "\(service)")
            #expect(metrics.candidate.calls > 0, "\(service)")
            #expect(metrics.candidate.outcomeSuccesses > 0, "\(service)")
        }
        #expect(totals[CVPlusService.recommendationGenerator.rawValue]!.candidate.costUnits > 0)
    }

    @Test("a repeated request is served from the cache without calling the generator")
    func cacheHit() async throws {
        let harness = try CVPlusFixture.harness(rollout: 0)
        var request = CVPlusFixture.requests(count: 1)[0]
        #expect(await harness.app.handle(request).cacheHit == false)
        request.id += "-again"
        let again = await harness.app.handle(request)
        #expect(again.cacheHit && again.succeeded)
        let totals = harness.totals()
        #expect(totals[CVPlusService.recommendationGenerator.rawValue]!.legacy.calls == 1)
        #expect(totals[CVPlusService.cacheManager.rawValue]!.legacy.cacheHits == 1)
    }

    @Test("simulated work shows up as latency in the recorder's histogram and the outcome")
    func simulatedLatency() async throws {
        var configuration = CVPlusApp.Configuration()
        configuration.latencies[.cvAnalyzer] = .milliseconds(100)
        let harness = try CVPlusFixture.harness(rollout: 0, configuration: configuration)
        let outcome = await harness.app.handle(CVPlusFixture.requests(count: 1)[0])
        let latency = try #require(harness.totals()[CVPlusService.cvAnalyzer.rawValue]).legacy.latency
        #expect(latency.totalCount == 1)
        #expect(latency.max >= 69_000_000 && latency.max <= 131_000_000, "recorded \(latency.max) ns")
        #expect(outcome.latency > .milliseconds(300), "the AI call alone takes over 300 ms")
        #expect(harness.clock.elapsed == .zero, "no real or base time passed")
    }

    @Test("a failing candidate reaches the user without fallback and is hidden by it")
    func fallbackHidesCandidateErrors() async throws {
        let fault = try Fault(parsing: "recommendation-generator:errors=1")
        let failing = try CVPlusFixture.harness(rollout: 100, faults: [fault])
        let request = CVPlusFixture.requests(count: 1)[0]
        let failed = await failing.app.handle(request)
        #expect(failed.userSawError && failed.failedService == .recommendationGenerator)
        #expect(failing.totals()[CVPlusService.recommendationGenerator.rawValue]!.candidate.outcomeFailures == 1)

        let covered = try CVPlusFixture.harness(rollout: 100, faults: [fault]) { _, flag in flag.fallbackToLegacy = true }
        let outcome = await covered.app.handle(request)
        #expect(outcome.succeeded)
        let generator = covered.totals()[CVPlusService.recommendationGenerator.rawValue]!
        #expect(generator.candidate.errors == 1 && generator.candidate.fallbacks == 1)
        #expect(generator.legacy.calls == 0, "fallback calls are counted on the candidate's cohort")
    }

    @Test("shadow reads compare the candidate off the request path and catch corrupted results")
    func shadowCatchesCorruption() async throws {
        let harness = try CVPlusFixture.harness(rollout: 0, faults: [try Fault(parsing: "cv-analyzer:corrupt=1")]) { _, flag in
            flag.shadowPercentage = 100
        }
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await harness.router.run() }
            for request in CVPlusFixture.requests(count: 5) {
                #expect(await harness.app.handle(request).succeeded)
            }
            await harness.router.checks.waitUntilIdle()
            #expect(harness.router.integrityLog.records.filter { $0.service == CVPlusService.cvAnalyzer.rawValue }.count == 5)
            group.cancelAll()
        }
        let totals = harness.totals()
        #expect(totals[CVPlusService.cvAnalyzer.rawValue]!.candidate.shadowMismatches == 5)
        #expect(totals[CVPlusService.improvementOrchestrator.rawValue]!.candidate.shadowMismatches == 0)
        #expect(totals[CVPlusService.improvementOrchestrator.rawValue]!.candidate.shadowCalls == 5)
    }

    @Test("breaker state backups round-trip and statePreservation hands legacy's states to the candidate")
    func breakerBackup() async throws {
        var configuration = CVPlusApp.Configuration()
        configuration.dependencyBreaker.window = .count(4)
        configuration.dependencyBreaker.minimumCalls = 4
        let app = try CVPlusFixture.harness(rollout: 0, configuration: configuration).app
        let service = CVPlusService.circuitBreakerCore.rawValue
        let healthy = try #require(try app.backupState(of: service))
        for _ in 0..<4 {
            try await app.breakers.legacy.record(.failure, duration: .milliseconds(1), for: .aiService)
        }
        #expect(app.breakers.legacy.state(of: .aiService) == .open)
        let tripped = try #require(try app.backupState(of: service))
        let decoded = try JSONDecoder().decode(ServiceStateBackup<CircuitBreakerStates>.self, from: tripped)
        #expect(decoded == app.breakerStates())
        #expect(decoded.legacy[.aiService]?.state == .open)

        try app.restoreState(of: service, from: healthy)
        #expect(app.breakers.legacy.state(of: .aiService) == .closed)
        #expect(try app.backupState(of: service) == healthy)
        try app.restoreState(of: service, from: tripped)
        #expect(app.breakers.legacy.state(of: .aiService) == .open)
        #expect(app.breakerStates() == decoded)

        #expect(app.breakers.candidate.state(of: .aiService) == .closed)
        #expect(try app.preserveState(of: service))
        #expect(app.breakers.candidate.state(of: .aiService) == .open)
        #expect(try app.preserveState(of: CVPlusService.cvAnalyzer.rawValue) == false)
    }

    @Test("active workflow checkpoints back up and restore; stateless services have no backup")
    func workflowBackup() async throws {
        let app = try CVPlusFixture.harness(rollout: 0).app
        let service = CVPlusService.recommendationOrchestrator.rawValue
        let analysis = CVAnalysis(sections: [], keywords: [], wordCount: 10, score: 0)
        let generated = try await app.orchestrator.legacy.generate(workflow: "wf-1", userID: "u", analysis: analysis, recommendations: [])
        let backup = try #require(try app.backupState(of: service))
        _ = try await app.orchestrator.legacy.store(try await app.orchestrator.legacy.rank(generated))
        #expect(app.orchestrator.legacy.activeWorkflows().isEmpty)
        try app.restoreState(of: service, from: backup)
        #expect(app.orchestrator.legacy.activeWorkflows() == [generated])
        #expect(try app.backupState(of: CVPlusService.cvAnalyzer.rawValue) == nil)
        #expect(throws: CVPlusStateError.self) { try app.backupState(of: "no-such-service") }
        #expect(throws: CVPlusStateError.self) { try app.restoreState(of: service, from: Data("{".utf8)) }
    }

    @Test("every healthy candidate passes its readiness probe; a failing one does not")
    func readiness() async throws {
        let healthy = try CVPlusFixture.harness(rollout: 0)
        #expect(await healthy.app.readinessFailures().isEmpty)
        let faulty = try CVPlusFixture.harness(rollout: 0, faults: [try Fault(parsing: "recommendation-generator:errors=1")])
        let failures = await faulty.app.readinessFailures()
        #expect(failures.count == 1)
        #expect(failures.first?.contains("recommendation-generator") == true)
    }
}
