import CutoverCore

/// An orchestrator's checkpoints of active workflows and its stored plans, both bounded.
///
/// Beyond `capacity`, the oldest tenth of the entries is dropped (abandoned workflows, plans of
/// long-gone users).
final class WorkflowBook: Sendable {
    private struct Entry<Value> {
        var value: Value
        var sequence: UInt64
    }

    private struct Contents {
        var active: [String: Entry<RecommendationWorkflow>] = [:]
        var plans: [String: Entry<RecommendationPlan>] = [:]
        var sequence: UInt64 = 0
    }

    private let capacity: Int
    private let contents = Locked(Contents())

    /// A book keeping at most `capacity` workflows and as many plans.
    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    /// Records `workflow`'s state after a step.
    func checkpoint(_ workflow: RecommendationWorkflow) {
        contents.withLock { contents in
            contents.sequence &+= 1
            contents.active[workflow.id] = Entry(value: workflow, sequence: contents.sequence)
            Self.trim(&contents.active, to: capacity)
        }
    }

    /// Stores `plan` as its user's latest and ends its workflow.
    func finish(_ plan: RecommendationPlan) {
        contents.withLock { contents in
            contents.sequence &+= 1
            contents.active[plan.workflowID] = nil
            contents.plans[plan.userID] = Entry(value: plan, sequence: contents.sequence)
            Self.trim(&contents.plans, to: capacity)
        }
    }

    /// The active workflows, by id.
    var activeWorkflows: [RecommendationWorkflow] {
        contents.withLock { $0.active.values.map(\.value) }.sorted { $0.id < $1.id }
    }

    /// Replaces the active workflows with `workflows`.
    func replaceActive(with workflows: [RecommendationWorkflow]) {
        contents.withLock { contents in
            contents.active = [:]
            for workflow in workflows {
                contents.sequence &+= 1
                contents.active[workflow.id] = Entry(value: workflow, sequence: contents.sequence)
            }
        }
    }

    /// The latest plan stored for `userID`.
    func plan(forUser userID: String) -> RecommendationPlan? {
        contents.withLock { $0.plans[userID]?.value }
    }

    private static func trim<Value>(_ entries: inout [String: Entry<Value>], to capacity: Int) {
        guard entries.count > capacity else { return }
        let keep = capacity - capacity / 10
        // Sequences are unique: everything up to the one ranked (count - keep) goes.
        let cutoff = entries.values.map(\.sequence).sorted()[entries.count - keep - 1]
        entries = entries.filter { $0.value.sequence > cutoff }
    }
}
