/// The candidate ("package") `recommendation-generator`: a compact structured prompt, fewer tokens.
public struct PackageRecommendationGenerator: RecommendationGenerating {
    private let environment: ServiceEnvironment
    private let ai: SimulatedAIService

    /// A generator calling `ai`, running in `environment`.
    public init(environment: ServiceEnvironment, ai: SimulatedAIService = .init()) {
        self.environment = environment
        self.ai = ai
    }

    public func generate(for analysis: CVAnalysis, suggestions: [ImprovementSuggestion]) async throws -> GeneratedRecommendations {
        let issues = suggestions.map { "\($0.id)/p\($0.priority)" }.joined(separator: " ")
        let text = "coach cv score=\(analysis.score) words=\(analysis.wordCount) issues: \(issues)"
        let completion = ai.complete(.init(text: text, topics: suggestions))
        return try await environment.perform(jitterKey: text, latency: completion.latency) {
            GeneratedRecommendations(recommendations: completion.recommendations, tokens: completion.tokens)
        }
    }
}
