import CutoverCore
import Foundation
import Logging

/// A ``MigrationStore`` that retries every operation failing with a transient error
/// (database unreachable or restarting, disk full) with backoff, then gives the error up.
///
/// Retrying a commit is safe: the same ``Transition/id`` is recognised by the store, so a commit
/// whose outcome was unknown is never applied twice.
public struct RetryingMigrationStore: MigrationStore {
    private let base: any MigrationStore
    private let policy: RetryPolicy
    private let logger: Logger

    /// Wraps `base` with `policy`.
    public init(_ base: any MigrationStore, policy: RetryPolicy = .init(), logger: Logger = Logger(label: "cutover.store")) {
        self.base = base
        self.policy = policy
        self.logger = logger
    }

    private func retrying<T>(_ operation: String, _ body: () async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch let error as StoreError where error.code.isTransient && attempt + 1 < policy.attempts {
                let delay = policy.delay(forAttempt: attempt)
                logger.warning("store operation failed; retrying", metadata: [
                    "store.operation": "\(operation)", "store.error": "\(error)", "retry.attempt": "\(attempt + 1)",
                    "retry.delay": "\(delay)",
                ])
                attempt += 1
                try await Task.sleep(for: delay)
            }
        }
    }

    public func savePlan(name: String, source: String) async throws -> PlanRecord {
        try await retrying("savePlan") { try await base.savePlan(name: name, source: source) }
    }

    public func plan(named name: String) async throws -> PlanRecord? {
        try await retrying("plan") { try await base.plan(named: name) }
    }

    public func plans() async throws -> [PlanRecord] {
        try await retrying("plans") { try await base.plans() }
    }

    public func createRun(_ run: RunRecord) async throws {
        try await retrying("createRun") { try await base.createRun(run) }
    }

    public func run(id: String) async throws -> RunRecord? {
        try await retrying("run") { try await base.run(id: id) }
    }

    public func runs() async throws -> [RunRecord] {
        try await retrying("runs") { try await base.runs() }
    }

    public func commit(_ transition: Transition, to run: String, expectedRevision: UInt64) async throws -> CommitReceipt {
        try await retrying("commit") { try await base.commit(transition, to: run, expectedRevision: expectedRevision) }
    }

    public func loadState(of run: String) async throws -> StoredState? {
        try await retrying("loadState") { try await base.loadState(of: run) }
    }

    public func events(of run: String, after: UInt64, limit: Int) async throws -> [StoredEvent] {
        try await retrying("events") { try await base.events(of: run, after: after, limit: limit) }
    }

    public func flags(of run: String) async throws -> FlagSnapshot? {
        try await retrying("flags") { try await base.flags(of: run) }
    }

    public func flagHistory(of run: String, from version: UInt64) async throws -> [FlagSnapshot] {
        try await retrying("flagHistory") { try await base.flagHistory(of: run, from: version) }
    }

    public func approvals(of run: String) async throws -> [ApprovalRecord] {
        try await retrying("approvals") { try await base.approvals(of: run) }
    }

    public func verdicts(of run: String, service: String?, limit: Int) async throws -> [VerdictRecord] {
        try await retrying("verdicts") { try await base.verdicts(of: run, service: service, limit: limit) }
    }

    public func saveBackup(_ backup: StateBackup) async throws -> Bool {
        try await retrying("saveBackup") { try await base.saveBackup(backup) }
    }

    public func backup(of service: String, in run: String) async throws -> StateBackup? {
        try await retrying("backup") { try await base.backup(of: service, in: run) }
    }

    public func saveToken(_ token: TokenRecord) async throws {
        try await retrying("saveToken") { try await base.saveToken(token) }
    }

    public func token(hash: String) async throws -> TokenRecord? {
        try await retrying("token") { try await base.token(hash: hash) }
    }

    public func tokens() async throws -> [TokenRecord] {
        try await retrying("tokens") { try await base.tokens() }
    }

    public func revokeToken(id: String, at date: Date) async throws -> Bool {
        try await retrying("revokeToken") { try await base.revokeToken(id: id, at: date) }
    }

    /// Not retried: a lease decision must reflect the store now, and ``acquireLease(_:holder:ttl:)``'s
    /// callers (the lease keeper) already try again on their own schedule.
    public func acquireLease(_ name: String, holder: String, ttl: Duration) async throws -> Lease? {
        try await base.acquireLease(name, holder: holder, ttl: ttl)
    }

    public func releaseLease(_ name: String, holder: String) async throws {
        try await retrying("releaseLease") { try await base.releaseLease(name, holder: holder) }
    }

    public func alerts(of run: String?, statuses: Set<AlertRecord.Status>, limit: Int) async throws -> [AlertRecord] {
        try await retrying("alerts") { try await base.alerts(of: run, statuses: statuses, limit: limit) }
    }

    public func recordAlertAttempt(_ id: AlertID, _ attempt: AlertAttempt) async throws {
        try await retrying("recordAlertAttempt") { try await base.recordAlertAttempt(id, attempt) }
    }

    public func requeueAlert(_ id: AlertID, at date: Date) async throws -> Bool {
        try await retrying("requeueAlert") { try await base.requeueAlert(id, at: date) }
    }

    public func flagChanges(of run: String) -> AsyncThrowingStream<UInt64, any Error> {
        base.flagChanges(of: run)
    }
}
