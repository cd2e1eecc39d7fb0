import Cutover
import CutoverCore

extension CVPlusApp {
    /// Runs one user task: analyse the CV, suggest improvements, get recommendations (from the
    /// cache, or from the generator behind the AI breaker on a miss), run the recommendation
    /// workflow, then perform the resulting actions.
    ///
    /// Reads go through `shadowComparing:` so shadow percentages work; the workflow's steps are
    /// pinned by its id; actions are writes. Each service's part of the task is reported as a
    /// user outcome of the cohort that served it. A cache failure never fails the task (it
    /// counts as a miss, or an unsaved entry). The task runs as one request of the
    /// ``SimulationClock`` (a fresh ``RequestTime``), so the outcome's latency includes simulated work.
    public func handle(_ request: UserRequest) async -> RequestOutcome {
        await SimulationClock.withRequest {
            let start = time.now()
            var outcome = await run(request)
            outcome.latency = time.now() - start
            return outcome
        }
    }

    private func run(_ request: UserRequest) async -> RequestOutcome {
        let context = request.context
        let workflow = request.workflowID
        var served: [CVPlusService] = []
        var outcome = RequestOutcome(requestID: request.id)
        do {
            let analysis: CVAnalysis = try await attempt(.cvAnalyzer, &served) {
                try await analyzer.call(context, shadowComparing: ==) { try await $0.analyze(request.cv) }
            }
            let suggestions: [ImprovementSuggestion] = try await attempt(.improvementOrchestrator, &served) {
                try await improvements.call(context, shadowComparing: ==) { try await $0.suggestImprovements(for: analysis) }
            }
            let cached = try? await cache.recommendations(for: request, context: context)
            served.append(.cacheManager)
            outcome.cacheHit = cached != nil
            var recommendations = cached ?? []
            if cached == nil {
                let generated = try await generate(request, analysis, suggestions, &served)
                outcome.degraded = generated == nil
                recommendations = generated ?? Recommendation.basic(from: suggestions)
                if generated != nil {
                    try? await cache.store(recommendations, for: request, context: context)
                }
            }
            let plan = try await attempt(.recommendationOrchestrator, &served) {
                let generated = try await orchestrator.call(context, workflow: workflow) {
                    try await $0.generate(workflow: workflow, userID: request.user.id, analysis: analysis, recommendations: recommendations)
                }
                let ranked = try await orchestrator.call(context, workflow: workflow) { try await $0.rank(generated) }
                return try await orchestrator.call(context, workflow: workflow) { try await $0.store(ranked) }
            }
            for action in CVAction.actions(for: request, plan: plan) {
                _ = try await attempt(.actionOrchestrator, &served) {
                    try await actions.call(context, .write) { try await $0.perform(action) }
                }
            }
            outcome.plan = plan
        } catch {
            served.removeAll { $0 == error.service }
            reportOutcome(of: error.service, context, workflow: workflow, succeeded: false)
            outcome.failedService = error.service
            outcome.error = "\(error.underlying)"
        }
        for service in served {
            reportOutcome(of: service, context, workflow: workflow, succeeded: true)
        }
        return outcome
    }

    /// Recommendations from the generator, guarded by the AI service's breaker in the
    /// `circuit-breaker-core`; `nil` while that breaker is open.
    private func generate(
        _ request: UserRequest, _ analysis: CVAnalysis, _ suggestions: [ImprovementSuggestion], _ served: inout [CVPlusService]
    ) async throws(StepFailure) -> [Recommendation]? {
        let context = request.context
        let permitted = try await attempt(.circuitBreakerCore, &served) {
            try await breakers.call(context) { try await $0.permit(.aiService) }
        }
        guard permitted else { return nil }
        let start = time.now()
        let generated: GeneratedRecommendations
        do {
            generated = try await generator.call(context, shadowComparing: GeneratedRecommendations.sameRecommendations) {
                try await $0.generate(for: analysis, suggestions: suggestions)
            }
        } catch {
            _ = try? await breakers.call(context) { try await $0.record(.failure, duration: time.now() - start, for: .aiService) }
            throw StepFailure(service: .recommendationGenerator, underlying: error)
        }
        served.append(.recommendationGenerator)
        generator.recordCost(generated.tokens, for: context)
        let duration = time.now() - start
        try await attempt(.circuitBreakerCore, &served) {
            try await breakers.call(context) { try await $0.record(.success, duration: duration, for: .aiService) }
        }
        return generated.recommendations
    }

    /// Runs `body` as `service`'s part of the task, noting that the service served it.
    private func attempt<Output>(
        _ service: CVPlusService, _ served: inout [CVPlusService], _ body: () async throws -> Output
    ) async throws(StepFailure) -> Output {
        do {
            let output = try await body()
            if !served.contains(service) { served.append(service) }
            return output
        } catch {
            throw StepFailure(service: service, underlying: error)
        }
    }
}

/// A service's error that reached the user.
struct StepFailure: Error {
    var service: CVPlusService
    var underlying: any Error
}
