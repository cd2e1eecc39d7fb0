/// An active generate → rank → store workflow of the `recommendation-orchestrator`, between steps.
///
/// The state travels with each step's call and is checkpointed by the implementation that ran
/// the step, so a workflow handed to the other implementation (after a fallback or a forced
/// unpin) carries on, and the checkpoints of active workflows can be backed up.
public struct RecommendationWorkflow: Hashable, Codable, Sendable {
    /// How far the workflow got.
    public enum Step: String, Codable, Hashable, Sendable {
        /// Candidates generated; next: rank.
        case generated
        /// Ranked; next: store.
        case ranked
    }

    /// The workflow id (what the router pins the workflow's cohort by).
    public var id: String
    /// The user it runs for.
    public var userID: String
    /// How far it got.
    public var step: Step
    /// The analysis ranking weighs recommendations by.
    public var analysis: CVAnalysis
    /// The recommendations so far.
    public var items: [Recommendation]

    /// A workflow state.
    public init(id: String, userID: String, step: Step, analysis: CVAnalysis, items: [Recommendation]) {
        self.id = id
        self.userID = userID
        self.step = step
        self.analysis = analysis
        self.items = items
    }
}

/// The stored result of a workflow: the recommendations the user is shown, best first.
public struct RecommendationPlan: Hashable, Codable, Sendable {
    /// The workflow that made it.
    public var workflowID: String
    /// The user it is for.
    public var userID: String
    /// The recommendations, best first.
    public var items: [Recommendation]

    /// A plan.
    public init(workflowID: String, userID: String, items: [Recommendation]) {
        self.workflowID = workflowID
        self.userID = userID
        self.items = items
    }
}

extension RecommendationWorkflow: Corruptible {
    /// The same workflow with its first two items swapped (or the only one's relevance shifted).
    func corrupted() -> RecommendationWorkflow {
        var copy = self
        if items.count >= 2 { copy.items.swapAt(0, 1) } else { copy.items = items.corrupted() }
        return copy
    }
}

extension RecommendationPlan: Corruptible {
    /// The same plan with its first two items swapped (or the only one's relevance shifted).
    func corrupted() -> RecommendationPlan {
        var copy = self
        if items.count >= 2 { copy.items.swapAt(0, 1) } else { copy.items = items.corrupted() }
        return copy
    }
}

/// A workflow step called out of order: the state passed is not at the step's input.
public struct WorkflowStepError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The workflow.
    public var workflowID: String
    /// The step the state was at.
    public var found: RecommendationWorkflow.Step
    /// The step the call needed.
    public var expected: RecommendationWorkflow.Step

    /// An error about `workflowID`.
    public init(workflowID: String, found: RecommendationWorkflow.Step, expected: RecommendationWorkflow.Step) {
        self.workflowID = workflowID
        self.found = found
        self.expected = expected
    }

    public var description: String {
        "workflow \(workflowID) is at step '\(found.rawValue)', expected '\(expected.rawValue)'"
    }
}

/// The rules both orchestrators rank by.
enum RankingRules {
    /// Recommendations below this relevance are dropped when generated.
    static let minimumRelevance = 15

    /// The relevance of `item` for a CV with `analysis`: areas the CV is weak in weigh more.
    static func relevance(of item: Recommendation, for analysis: CVAnalysis) -> Int {
        var boost = 0
        if item.category == .section, !analysis.missingSections.isEmpty { boost += 10 }
        if item.category == .keywords, analysis.keywords.count < ImprovementRules.minimumKeywords { boost += 10 }
        return min(item.relevance + boost, 100)
    }

    /// Whether `lhs` ranks before `rhs`: more relevant first, then by id.
    static func precedes(_ lhs: Recommendation, _ rhs: Recommendation) -> Bool {
        (-lhs.relevance, lhs.id) < (-rhs.relevance, rhs.id)
    }

    /// Checks that `workflow` is at `expected` before a step.
    static func require(_ workflow: RecommendationWorkflow, at expected: RecommendationWorkflow.Step) throws {
        guard workflow.step == expected else {
            throw WorkflowStepError(workflowID: workflow.id, found: workflow.step, expected: expected)
        }
    }
}
