import CutoverCore
import Foundation

/// One revision of a plan's source.
public struct PlanRecord: Sendable, Hashable, Codable {
    /// The plan's name.
    public var name: String
    /// 1 for the first save of the name, then 2, 3, …
    public var revision: Int
    /// The YAML text as submitted.
    public var source: String
    /// When it was saved.
    public var savedAt: Date

    /// Creates a plan record.
    public init(name: String, revision: Int, source: String, savedAt: Date) {
        self.name = name
        self.revision = revision
        self.source = source
        self.savedAt = savedAt
    }
}

/// One run of a plan.
public struct RunRecord: Sendable, Hashable, Codable {
    /// The run's id.
    public var id: String
    /// The plan's name.
    public var planName: String
    /// The plan's source the run was started with (a run never changes plans midway).
    public var planSource: String
    /// When the run was created.
    public var createdAt: Date

    /// Creates a run record.
    public init(id: String, planName: String, planSource: String, createdAt: Date) {
        self.id = id
        self.planName = planName
        self.planSource = planSource
        self.createdAt = createdAt
    }
}

/// A human decision on a gate, with the evidence it was taken on.
public struct ApprovalRecord: Sendable, Hashable, Codable {
    /// Approved or rejected.
    public enum Decision: String, Sendable, Hashable, Codable {
        case approved, rejected
    }

    /// The service whose gate it was, or `nil` for a phase checkpoint.
    public var service: String?
    /// The decision.
    public var decision: Decision
    /// Who decided.
    public var actor: String
    /// Their comment.
    public var comment: String
    /// The controller's judgement the decision was taken on.
    public var evidence: String
    /// When, as time since the run's clock origin.
    public var at: Duration

    /// Creates an approval record.
    public init(service: String?, decision: Decision, actor: String, comment: String, evidence: String, at: Duration) {
        self.service = service
        self.decision = decision
        self.actor = actor
        self.comment = comment
        self.evidence = evidence
        self.at = at
    }
}

/// One judgement of a service's window, with its numbers.
public struct VerdictRecord: Sendable, Hashable, Codable {
    /// The service.
    public var service: String
    /// The judgement.
    public var judgement: Judgement
    /// The rollout it was reached at, percent.
    public var rollout: Double
    /// When, as time since the run's clock origin.
    public var at: Duration

    /// Creates a verdict record.
    public init(service: String, judgement: Judgement, rollout: Double, at: Duration) {
        self.service = service
        self.judgement = judgement
        self.rollout = rollout
        self.at = at
    }
}

/// A snapshot of a service's stateful components, taken before its first change.
public struct StateBackup: Sendable, Hashable, Codable {
    /// The run.
    public var run: String
    /// The service.
    public var service: String
    /// The snapshot, as the service encoded it.
    public var data: Data
    /// When it was taken.
    public var takenAt: Date

    /// Creates a backup.
    public init(run: String, service: String, data: Data, takenAt: Date) {
        self.run = run
        self.service = service
        self.data = data
        self.takenAt = takenAt
    }
}

/// An API token: only the hash of its secret is stored.
public struct TokenRecord: Sendable, Hashable, Codable {
    /// The token's public id.
    public var id: String
    /// A human-readable name.
    public var name: String
    /// Its role (`sdk`, `viewer`, `operator`, `admin`).
    public var role: String
    /// Hex SHA-256 of the secret.
    public var hash: String
    /// When it was created.
    public var createdAt: Date
    /// When it was revoked, if it was.
    public var revokedAt: Date?

    /// Creates a token record.
    public init(id: String, name: String, role: String, hash: String, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.hash = hash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// A lease held by one process, e.g. the right to drive the controller.
public struct Lease: Sendable, Hashable, Codable {
    /// The lease's name.
    public var name: String
    /// Who holds it.
    public var holder: String
    /// When it lapses unless renewed, on the store's clock.
    public var expiresAt: Date
    /// Increases each time the lease changes hands: a fencing token.
    public var term: UInt64

    /// Creates a lease.
    public init(name: String, holder: String, expiresAt: Date, term: UInt64) {
        self.name = name
        self.holder = holder
        self.expiresAt = expiresAt
        self.term = term
    }
}
