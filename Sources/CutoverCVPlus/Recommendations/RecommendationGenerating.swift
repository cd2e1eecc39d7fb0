/// The `recommendation-generator` service: asks the AI service for recommendations.
public protocol RecommendationGenerating: Sendable {
    /// Recommendations answering `suggestions` for the analysed CV, and their cost in tokens.
    func generate(for analysis: CVAnalysis, suggestions: [ImprovementSuggestion]) async throws -> GeneratedRecommendations
}
