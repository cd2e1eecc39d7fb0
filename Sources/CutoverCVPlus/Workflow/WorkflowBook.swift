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

    /// Entries by key, and their keys in the order of their writes (with the sequence of each
    /// write, so a key written again is skipped at its older place).
    private struct Shelf<Value> {
        var entries: [String: Entry<Value>] = [:]
        var writes: [(key: String, sequence: UInt64)] = []
        var firstWrite = 0

        mutating func put(_ value: Value, forKey key: String, sequence: UInt64) {
            entries[key] = Entry(value: value, sequence: sequence)
            writes.append((key, sequence))
        }

        /// Beyond `capacity`, drops the oldest tenth of the entries: those written longest ago.
        mutating func trim(to capacity: Int) {
            guard entries.count > capacity else {
                compact(beyond: capacity)
                return
            }
            let keep = capacity - capacity / 10
            while entries.count > keep, firstWrite < writes.count {
                let (key, sequence) = writes[firstWrite]
                firstWrite += 1
                if entries[key]?.sequence == sequence { entries[key] = nil }
            }
            compact(beyond: capacity)
        }

        /// Forgets the writes already passed, and those of keys written again or removed,
        /// once they outnumber the entries four to one.
        private mutating func compact(beyond capacity: Int) {
            guard writes.count - firstWrite > 4 * max(capacity, entries.count) || firstWrite > capacity else { return }
            writes = writes[firstWrite...].filter { entries[$0.key]?.sequence == $0.sequence }
            firstWrite = 0
        }
    }

    private struct Contents {
        var active = Shelf<RecommendationWorkflow>()
        var plans = Shelf<RecommendationPlan>()
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
            contents.active.put(workflow, forKey: workflow.id, sequence: contents.sequence)
            contents.active.trim(to: capacity)
        }
    }

    /// Stores `plan` as its user's latest and ends its workflow.
    func finish(_ plan: RecommendationPlan) {
        contents.withLock { contents in
            contents.sequence &+= 1
            contents.active.entries[plan.workflowID] = nil
            contents.plans.put(plan, forKey: plan.userID, sequence: contents.sequence)
            contents.plans.trim(to: capacity)
        }
    }

    /// The active workflows, by id.
    var activeWorkflows: [RecommendationWorkflow] {
        contents.withLock { $0.active.entries.values.map(\.value) }.sorted { $0.id < $1.id }
    }

    /// Replaces the active workflows with `workflows`.
    func replaceActive(with workflows: [RecommendationWorkflow]) {
        contents.withLock { contents in
            contents.active = Shelf()
            for workflow in workflows {
                contents.sequence &+= 1
                contents.active.put(workflow, forKey: workflow.id, sequence: contents.sequence)
            }
        }
    }

    /// The latest plan stored for `userID`.
    func plan(forUser userID: String) -> RecommendationPlan? {
        contents.withLock { $0.plans.entries[userID]?.value }
    }
}
