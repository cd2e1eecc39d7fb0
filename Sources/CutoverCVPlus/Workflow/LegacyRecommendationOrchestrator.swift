/// The legacy ("violation") `recommendation-orchestrator`: loops and a full sort.
public struct LegacyRecommendationOrchestrator: RecommendationOrchestrating, WorkflowBookKeeping {
    let environment: ServiceEnvironment
    let book: WorkflowBook
    private let planSize: Int

    /// An orchestrator keeping plans of `planSize` recommendations and at most `capacity`
    /// workflows and plans, running in `environment`.
    public init(environment: ServiceEnvironment, planSize: Int = 5, capacity: Int = 10_000) {
        self.environment = environment
        self.planSize = planSize
        book = WorkflowBook(capacity: capacity)
    }

    public func generate(
        workflow id: String, userID: String, analysis: CVAnalysis, recommendations: [Recommendation]
    ) async throws -> RecommendationWorkflow {
        let workflow = try await environment.perform(jitterKey: id) {
            var seen = Set<String>()
            var items: [Recommendation] = []
            for item in recommendations where item.relevance >= RankingRules.minimumRelevance && !seen.contains(item.id) {
                seen.insert(item.id)
                items.append(item)
            }
            return RecommendationWorkflow(id: id, userID: userID, step: .generated, analysis: analysis, items: items)
        }
        book.checkpoint(workflow)
        return workflow
    }

    public func rank(_ workflow: RecommendationWorkflow) async throws -> RecommendationWorkflow {
        try RankingRules.require(workflow, at: .generated)
        let ranked = try await environment.perform(jitterKey: workflow.id) {
            var ranked = workflow
            for index in ranked.items.indices {
                ranked.items[index].relevance = RankingRules.relevance(of: ranked.items[index], for: workflow.analysis)
            }
            ranked.items.sort(by: RankingRules.precedes)
            ranked.items = Array(ranked.items.prefix(planSize))
            ranked.step = .ranked
            return ranked
        }
        book.checkpoint(ranked)
        return ranked
    }
}
