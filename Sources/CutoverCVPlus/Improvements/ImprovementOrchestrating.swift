/// The `improvement-orchestrator` service: a short workflow from an analysis to suggestions.
public protocol ImprovementOrchestrating: Sendable {
    /// Suggestions for the analysed CV, most urgent first.
    func suggestImprovements(for analysis: CVAnalysis) async throws -> [ImprovementSuggestion]
}
