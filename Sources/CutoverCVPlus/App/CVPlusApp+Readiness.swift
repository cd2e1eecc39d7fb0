import Cutover

extension CVPlusApp {
    /// Whether one candidate is ready to take traffic, and why not.
    public struct Readiness: Hashable, Sendable {
        /// The service probed.
        public var service: CVPlusService
        /// The problem found, or `nil` when the candidate is ready.
        public var problem: String?

        /// Whether the candidate is ready.
        public var isReady: Bool {
            problem == nil
        }
    }

    /// A CV every probe uses: some sections, some keywords.
    static let probeCV = CVDocument(
        id: "readiness-probe-cv",
        text: "Summary\nSwift engineer who led a platform team.\nExperience\nBuilt services with kubernetes and sql.\nSkills\nswift, testing"
    )

    /// Probes `service`'s candidate directly (not routed): it must answer the probe CV's calls
    /// as legacy does. Probes run as a request of their own and write only probe keys.
    public func readiness(of service: CVPlusService) async -> Readiness {
        let problem: String? = await SimulationClock.withRequest {
            do {
                return try await probe(service)
            } catch {
                return "the candidate failed: \(error)"
            }
        }
        return Readiness(service: service, problem: problem)
    }

    /// The readiness of every candidate, one message per candidate that is not ready.
    public func readinessFailures() async -> [String] {
        var failures: [String] = []
        for service in CVPlusService.allCases {
            if let problem = await readiness(of: service).problem {
                failures.append("\(service) candidate is not ready: \(problem)")
            }
        }
        return failures
    }

    /// The problem with `service`'s candidate, or `nil`.
    private func probe(_ service: CVPlusService) async throws -> String? {
        let cv = Self.probeCV
        let analysis = try await analyzer.legacy.analyze(cv)
        let suggestions = try await improvements.legacy.suggestImprovements(for: analysis)
        switch service {
        case .cvAnalyzer:
            return try await analyzer.candidate.analyze(cv) == analysis ? nil : "its analysis differs from legacy's"
        case .improvementOrchestrator:
            let candidate = try await improvements.candidate.suggestImprovements(for: analysis)
            return candidate == suggestions ? nil : "its suggestions differ from legacy's"
        case .cacheManager:
            let key = "readiness-probe"
            let value = Recommendation.basic(from: suggestions)
            try await cache.candidate.setValue(value, forKey: key, timeToLive: nil)
            let read = try await cache.candidate.value(forKey: key)
            try await cache.candidate.removeValue(forKey: key)
            return read == value ? nil : "it did not return what was stored"
        case .recommendationGenerator:
            let expected = try await generator.legacy.generate(for: analysis, suggestions: suggestions)
            let actual = try await generator.candidate.generate(for: analysis, suggestions: suggestions)
            return GeneratedRecommendations.sameRecommendations(expected, actual) ? nil : "its recommendations differ from legacy's"
        case .circuitBreakerCore:
            let states = breakers.candidate.snapshot()
            return states[.aiService] == nil ? "it has no breaker for the AI service" : nil
        case .recommendationOrchestrator:
            let recommendations = Recommendation.basic(from: suggestions)
            let expected = try await runWorkflow(orchestrator.legacy, analysis, recommendations)
            let actual = try await runWorkflow(orchestrator.candidate, analysis, recommendations)
            return actual == expected ? nil : "its plan differs from legacy's"
        case .actionOrchestrator:
            let action = CVAction(idempotencyKey: "readiness-probe", kind: .notifyUser, userID: "readiness-probe", payload: "probe")
            let receipt = try await actions.candidate.perform(action)
            return receipt.records(action) ? nil : "its receipt does not record the action"
        }
    }

    private func runWorkflow(
        _ orchestrator: any RecommendationOrchestrating, _ analysis: CVAnalysis, _ recommendations: [Recommendation]
    ) async throws -> RecommendationPlan {
        let id = "readiness-probe"
        let generated = try await orchestrator.generate(workflow: id, userID: id, analysis: analysis, recommendations: recommendations)
        return try await orchestrator.store(try await orchestrator.rank(generated))
    }
}
