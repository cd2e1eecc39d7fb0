/// The `recommendation-orchestrator` service: the generate → rank → store workflow.
///
/// Each step is its own routed call with the workflow's id, so the router keeps the workflow on
/// the implementation it started on (`workflowContinuity`).
public protocol RecommendationOrchestrating: Sendable {
    /// Step 1: gathers the recommendations into a new workflow `id`.
    func generate(
        workflow id: String, userID: String, analysis: CVAnalysis, recommendations: [Recommendation]
    ) async throws -> RecommendationWorkflow

    /// Step 2: ranks the workflow's recommendations for its CV and keeps the best.
    func rank(_ workflow: RecommendationWorkflow) async throws -> RecommendationWorkflow

    /// Step 3: stores the ranked recommendations as the user's plan and ends the workflow.
    func store(_ workflow: RecommendationWorkflow) async throws -> RecommendationPlan

    /// Checkpoints of the workflows between steps, by id: the state backed up before changes.
    func activeWorkflows() -> [RecommendationWorkflow]

    /// Replaces the active workflows with a backup's.
    func restoreActiveWorkflows(_ workflows: [RecommendationWorkflow])

    /// The latest plan stored for `userID`.
    func plan(forUser userID: String) -> RecommendationPlan?
}

/// The part both orchestrators share: the final step and the book of workflows and plans.
protocol WorkflowBookKeeping: RecommendationOrchestrating {
    var environment: ServiceEnvironment { get }
    var book: WorkflowBook { get }
}

extension WorkflowBookKeeping {
    public func store(_ workflow: RecommendationWorkflow) async throws -> RecommendationPlan {
        try RankingRules.require(workflow, at: .ranked)
        let plan = try await environment.perform(jitterKey: workflow.id) {
            RecommendationPlan(workflowID: workflow.id, userID: workflow.userID, items: workflow.items)
        }
        book.finish(plan)
        return plan
    }

    public func activeWorkflows() -> [RecommendationWorkflow] {
        book.activeWorkflows
    }

    public func restoreActiveWorkflows(_ workflows: [RecommendationWorkflow]) {
        book.replaceActive(with: workflows)
    }

    public func plan(forUser userID: String) -> RecommendationPlan? {
        book.plan(forUser: userID)
    }
}
