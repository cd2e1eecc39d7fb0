/// The candidate ("package") `improvement-orchestrator`: a workflow of independent steps whose
/// suggestions are merged and ordered.
public struct PackageImprovementOrchestrator: ImprovementOrchestrating {
    /// One step of the workflow: looks at the analysis, proposes suggestions.
    typealias Step = @Sendable (CVAnalysis) -> [ImprovementSuggestion]

    private let environment: ServiceEnvironment
    private let steps: [Step] = [Self.sections, Self.keywords, Self.length]

    /// An orchestrator running in `environment`.
    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    public func suggestImprovements(for analysis: CVAnalysis) async throws -> [ImprovementSuggestion] {
        try await environment.perform(jitterKey: "\(analysis.score)/\(analysis.wordCount)") {
            Suggestions(items: steps.flatMap { $0(analysis) }.sorted(by: ImprovementSuggestion.presentedBefore))
        }.items
    }

    private static func sections(_ analysis: CVAnalysis) -> [ImprovementSuggestion] {
        let missing = Set(CVSection.allCases).subtracting(analysis.sections)
        let required = missing.intersection(CVSection.required).map {
            ImprovementSuggestion(kind: .addSection, target: $0.rawValue, priority: ImprovementRules.priority(of: $0))
        }
        guard analysis.score < ImprovementRules.optionalSectionScore else { return required }
        return required + missing.subtracting(CVSection.required).map {
            ImprovementSuggestion(kind: .addSection, target: $0.rawValue, priority: 4)
        }
    }

    private static func keywords(_ analysis: CVAnalysis) -> [ImprovementSuggestion] {
        guard analysis.keywords.count < ImprovementRules.minimumKeywords else { return [] }
        let present = Set(analysis.keywords)
        let proposed = CVVocabulary.keywords.lazy.filter { !present.contains($0) }.prefix(ImprovementRules.proposedKeywords)
        return [ImprovementSuggestion(kind: .addKeywords, target: proposed.joined(separator: ","), priority: 2)]
    }

    private static func length(_ analysis: CVAnalysis) -> [ImprovementSuggestion] {
        let range = ImprovementRules.comfortableLength
        if analysis.wordCount < range.lowerBound { return [.init(kind: .expand, target: "length", priority: 3)] }
        if analysis.wordCount > range.upperBound { return [.init(kind: .tighten, target: "length", priority: 3)] }
        return []
    }
}
