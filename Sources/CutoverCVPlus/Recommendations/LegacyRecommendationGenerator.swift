/// The legacy ("violation") `recommendation-generator`: a verbose, conversational prompt.
public struct LegacyRecommendationGenerator: RecommendationGenerating {
    private let environment: ServiceEnvironment
    private let ai: SimulatedAIService

    /// A generator calling `ai`, running in `environment`.
    public init(environment: ServiceEnvironment, ai: SimulatedAIService = .init()) {
        self.environment = environment
        self.ai = ai
    }

    public func generate(for analysis: CVAnalysis, suggestions: [ImprovementSuggestion]) async throws -> GeneratedRecommendations {
        var text = "You are an experienced career coach reviewing a candidate's CV. "
        text += "The CV scored \(analysis.score) out of 100 with \(analysis.wordCount) words. "
        text += "It has these sections: \(analysis.sections.map(\.title).joined(separator: ", ")). "
        text += "It mentions these keywords: \(analysis.keywords.joined(separator: ", ")). "
        text += "Please write one concrete recommendation for each of the following issues:\n"
        for (number, suggestion) in suggestions.enumerated() {
            text += "\(number + 1). Issue of kind \(suggestion.kind.rawValue) about \(suggestion.target), priority \(suggestion.priority).\n"
        }
        let completion = ai.complete(.init(text: text, topics: suggestions))
        return try await environment.perform(jitterKey: text, latency: completion.latency) {
            GeneratedRecommendations(recommendations: completion.recommendations, tokens: completion.tokens)
        }
    }
}
