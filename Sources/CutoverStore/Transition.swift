import CutoverCore
import Foundation

/// One controller transition as it is committed: the new state and everything it produced.
public struct Transition: Sendable {
    /// Identifies the transition, so that a commit retried after an unknown outcome is recognised.
    public var id: UUID
    /// The run's state after the transition.
    public var state: ControllerState
    /// The events it recorded, in order.
    public var events: [MigrationEvent]
    /// The flag snapshot it published, if the flags changed.
    public var flags: FlagSnapshot?
    /// Approvals or rejections it applied.
    public var approvals: [ApprovalRecord]
    /// Verdicts it reached.
    public var verdicts: [VerdictRecord]
    /// Actions the shell performs after the commit; stored so that a restart performs them again.
    public var actions: [ControllerAction]
    /// Alerts its events need, stored in the outbox with them.
    public var alerts: [PendingAlert]
    /// When the transition was committed, on the wall clock.
    public var recordedAt: Date

    /// Creates a transition; without an `id`, with a new random one.
    public init(
        id: UUID? = nil, state: ControllerState, events: [MigrationEvent] = [], flags: FlagSnapshot? = nil,
        approvals: [ApprovalRecord] = [], verdicts: [VerdictRecord] = [], actions: [ControllerAction] = [],
        alerts: [PendingAlert] = [], recordedAt: Date = Date()
    ) {
        self.id = id ?? .systemRandom()
        self.state = state
        self.events = events
        self.flags = flags
        self.approvals = approvals
        self.verdicts = verdicts
        self.actions = actions
        self.alerts = alerts
        self.recordedAt = recordedAt
    }
}

/// What a commit stored.
public struct CommitReceipt: Sendable, Hashable, Codable {
    /// The run's revision after the commit.
    public var revision: UInt64
    /// The transition's events with their sequence numbers.
    public var events: [StoredEvent]

    /// Creates a receipt.
    public init(revision: UInt64, events: [StoredEvent]) {
        self.revision = revision
        self.events = events
    }
}

/// A run's last committed state.
public struct StoredState: Sendable {
    /// The state.
    public var state: ControllerState
    /// How many transitions were committed.
    public var revision: UInt64
    /// The actions of the last transition, performed again on resume (they are idempotent).
    public var actions: [ControllerAction]
    /// The last transition's id.
    public var transitionID: UUID

    /// Creates a stored state.
    public init(state: ControllerState, revision: UInt64, actions: [ControllerAction], transitionID: UUID) {
        self.state = state
        self.revision = revision
        self.actions = actions
        self.transitionID = transitionID
    }
}

/// An event with its place in a run's append-only log.
public struct StoredEvent: Hashable, Sendable, Codable {
    /// 1, 2, 3, … without gaps, per run.
    public var sequence: UInt64
    /// The event.
    public var event: MigrationEvent
    /// When it was committed, on the wall clock.
    public var recordedAt: Date

    /// Creates a stored event.
    public init(sequence: UInt64, event: MigrationEvent, recordedAt: Date = Date(timeIntervalSince1970: 0)) {
        self.sequence = sequence
        self.event = event
        self.recordedAt = recordedAt
    }
}

/// Where a run stood in a store just before a commit: what a store reads, under its lock, to
/// decide a commit with ``Transition/decide(on:expectedRevision:run:)``.
public struct CommitBase {
    /// The stored revision.
    public var revision: UInt64
    /// The id of the last committed transition.
    public var transitionID: UUID?
    /// Reads the receipt of the last committed transition; called only for a retried commit.
    public var lastReceipt: () throws -> CommitReceipt?
    /// Events stored so far.
    public var eventCount: UInt64

    /// Creates a commit base.
    public init(revision: UInt64, transitionID: UUID?, lastReceipt: @escaping () throws -> CommitReceipt?, eventCount: UInt64) {
        self.revision = revision
        self.transitionID = transitionID
        self.lastReceipt = lastReceipt
        self.eventCount = eventCount
    }
}

extension Transition {
    /// What a store does with this transition, decided the same way by every store.
    public enum CommitDecision: Sendable {
        /// It was committed before (a retry after an unknown outcome): answer with this receipt.
        case alreadyCommitted(CommitReceipt)
        /// Store it: these are its events with their sequence numbers and the new revision.
        case store(CommitReceipt)
    }

    /// Decides the commit of this transition to `run` on `base`: the receipt of an earlier commit
    /// of the same transition, or the numbered events to store; throws ``StoreError/Code/conflict``
    /// when the run moved past `expectedRevision`.
    public func decide(on base: CommitBase, expectedRevision: UInt64, run: String) throws -> CommitDecision {
        if base.transitionID == id, let receipt = try base.lastReceipt() {
            return .alreadyCommitted(receipt)
        }
        guard base.revision == expectedRevision else {
            throw StoreError(.conflict, "run '\(run)' is at revision \(base.revision), not \(expectedRevision)")
        }
        let events = events.enumerated().map {
            StoredEvent(sequence: base.eventCount + 1 + UInt64($0.offset), event: $0.element, recordedAt: recordedAt)
        }
        return .store(CommitReceipt(revision: base.revision + 1, events: events))
    }

    /// The outbox records of ``alerts``, numbered like `receipt`'s events, due at once.
    public func alertRecords(run: String, receipt: CommitReceipt) -> [AlertRecord] {
        alerts.compactMap { alert in
            guard receipt.events.indices.contains(alert.eventIndex) else { return nil }
            let stored = receipt.events[alert.eventIndex]
            return AlertRecord(run: run, sequence: stored.sequence, route: alert.route, event: stored.event, nextAttemptAt: recordedAt)
        }
    }
}
