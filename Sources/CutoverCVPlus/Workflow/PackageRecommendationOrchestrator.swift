/// The candidate ("package") `recommendation-orchestrator`: a functional pipeline that selects
/// the top recommendations without sorting them all.
public struct PackageRecommendationOrchestrator: RecommendationOrchestrating, WorkflowBookKeeping {
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
            let relevant = recommendations.filter { $0.relevance >= RankingRules.minimumRelevance }
            let firstIndex = Dictionary(relevant.enumerated().map { ($1.id, $0) }, uniquingKeysWith: min)
            let items = relevant.enumerated().filter { firstIndex[$1.id] == $0 }.map(\.element)
            return RecommendationWorkflow(id: id, userID: userID, step: .generated, analysis: analysis, items: items)
        }
        book.checkpoint(workflow)
        return workflow
    }

    public func rank(_ workflow: RecommendationWorkflow) async throws -> RecommendationWorkflow {
        try RankingRules.require(workflow, at: .generated)
        let ranked = try await environment.perform(jitterKey: workflow.id) {
            var remaining = workflow.items.map { item in
                var weighed = item
                weighed.relevance = RankingRules.relevance(of: item, for: workflow.analysis)
                return weighed
            }
            var best: [Recommendation] = []
            while best.count < planSize, let top = remaining.indices.min(by: { RankingRules.precedes(remaining[$0], remaining[$1]) }) {
                best.append(remaining.remove(at: top))
            }
            return RecommendationWorkflow(id: workflow.id, userID: workflow.userID, step: .ranked, analysis: workflow.analysis, items: best)
        }
        book.checkpoint(ranked)
        return ranked
    }
}
