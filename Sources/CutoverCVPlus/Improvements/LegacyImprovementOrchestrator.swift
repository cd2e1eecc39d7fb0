/// The legacy ("violation") `improvement-orchestrator`: one pass of checks appending to a list.
public struct LegacyImprovementOrchestrator: ImprovementOrchestrating {
    private let environment: ServiceEnvironment

    /// An orchestrator running in `environment`.
    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    public func suggestImprovements(for analysis: CVAnalysis) async throws -> [ImprovementSuggestion] {
        try await environment.perform(jitterKey: "\(analysis.score)/\(analysis.wordCount)") {
            var suggestions: [ImprovementSuggestion] = []
            for section in CVSection.allCases where !analysis.sections.contains(section) {
                if CVSection.required.contains(section) {
                    suggestions.append(.init(kind: .addSection, target: section.rawValue, priority: ImprovementRules.priority(of: section)))
                } else if analysis.score < ImprovementRules.optionalSectionScore {
                    suggestions.append(.init(kind: .addSection, target: section.rawValue, priority: 4))
                }
            }
            if analysis.keywords.count < ImprovementRules.minimumKeywords {
                var proposed: [String] = []
                for keyword in CVVocabulary.keywords where !analysis.keywords.contains(keyword) {
                    if proposed.count == ImprovementRules.proposedKeywords { break }
                    proposed.append(keyword)
                }
                suggestions.append(.init(kind: .addKeywords, target: proposed.joined(separator: ","), priority: 2))
            }
            if analysis.wordCount < ImprovementRules.comfortableLength.lowerBound {
                suggestions.append(.init(kind: .expand, target: "length", priority: 3))
            }
            if analysis.wordCount > ImprovementRules.comfortableLength.upperBound {
                suggestions.append(.init(kind: .tighten, target: "length", priority: 3))
            }
            suggestions.sort(by: ImprovementSuggestion.presentedBefore)
            return Suggestions(items: suggestions)
        }.items
    }
}
