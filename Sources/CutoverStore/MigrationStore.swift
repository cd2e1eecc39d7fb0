import CutoverCore
import Foundation

/// Where Cutover keeps everything that must survive a restart: plans, runs with their state and
/// audit log, flag snapshots, approvals, verdicts, state backups, API tokens and leases.
///
/// A controller transition is saved by ``commit(_:to:expectedRevision:)`` in one transaction:
/// the state, its events, its flag snapshot, its approvals and verdicts and the actions still to
/// perform are stored together or not at all. ``InMemoryMigrationStore`` keeps everything in
/// memory; `SQLiteMigrationStore` and `PostgresMigrationStore` are the durable ones. All three pass
/// one conformance suite.
public protocol MigrationStore: Sendable {
    // MARK: Plans

    /// Saves a plan's source as the next revision of its name; returns the record as stored.
    func savePlan(name: String, source: String) async throws -> PlanRecord
    /// The latest revision of the plan `name`.
    func plan(named name: String) async throws -> PlanRecord?
    /// The latest revision of every plan, by name.
    func plans() async throws -> [PlanRecord]

    // MARK: Runs

    /// Creates a run; throws ``StoreError/Code/conflict`` when its id is taken.
    func createRun(_ run: RunRecord) async throws
    /// The run `id`.
    func run(id: String) async throws -> RunRecord?
    /// Every run, oldest first.
    func runs() async throws -> [RunRecord]

    // MARK: Transitions

    /// Saves one transition of run `run` if the stored revision is `expectedRevision`
    /// (0 before the first). Throws ``StoreError/Code/conflict`` otherwise: another controller
    /// moved the run, and this one must reload. Committing the same transition (same
    /// ``Transition/id``) again after an unknown outcome returns the receipt of the first commit.
    func commit(_ transition: Transition, to run: String, expectedRevision: UInt64) async throws -> CommitReceipt
    /// The last committed state of `run` with its revision and the actions still to perform.
    func loadState(of run: String) async throws -> StoredState?
    /// Events of `run` with a sequence number above `after`, oldest first, at most `limit`.
    func events(of run: String, after: UInt64, limit: Int) async throws -> [StoredEvent]
    /// The latest flag snapshot of `run`.
    func flags(of run: String) async throws -> FlagSnapshot?
    /// Every flag snapshot of `run` at or above `version`, oldest first.
    func flagHistory(of run: String, from version: UInt64) async throws -> [FlagSnapshot]
    /// Approvals and rejections of `run`, oldest first.
    func approvals(of run: String) async throws -> [ApprovalRecord]
    /// The latest `limit` verdicts of `run` (of `service` when given), oldest first.
    func verdicts(of run: String, service: String?, limit: Int) async throws -> [VerdictRecord]

    // MARK: State backups

    /// Saves a backup unless one exists for its run and service; returns whether it was saved.
    func saveBackup(_ backup: StateBackup) async throws -> Bool
    /// The backup of `service` in `run`.
    func backup(of service: String, in run: String) async throws -> StateBackup?

    // MARK: API tokens

    /// Saves a new token; throws ``StoreError/Code/conflict`` when its id or hash exists.
    func saveToken(_ token: TokenRecord) async throws
    /// The token whose secret hashes to `hash`, revoked or not.
    func token(hash: String) async throws -> TokenRecord?
    /// Every token, oldest first.
    func tokens() async throws -> [TokenRecord]
    /// Revokes token `id`; returns whether it existed and was live.
    func revokeToken(id: String, at date: Date) async throws -> Bool

    // MARK: Leases

    /// Takes or renews lease `name` for `holder` for `ttl`, measured on the store's clock.
    /// Returns the lease when `holder` holds it now, `nil` when another holder's lease is live.
    func acquireLease(_ name: String, holder: String, ttl: Duration) async throws -> Lease?
    /// Gives lease `name` up if `holder` holds it.
    func releaseLease(_ name: String, holder: String) async throws

    // MARK: Alerts (the outbox)

    /// Alerts of `run` (of every run when `nil`) in one of `statuses`, oldest event first (then
    /// route name), at most `limit`. Pending ones are listed due or not, so a deliverer can keep
    /// each route's alerts in order.
    func alerts(of run: String?, statuses: Set<AlertRecord.Status>, limit: Int) async throws -> [AlertRecord]
    /// Records the outcome of an attempt to deliver pending alert `id`; throws
    /// ``StoreError/Code/notFound`` when no pending alert has that id.
    func recordAlertAttempt(_ id: AlertID, _ attempt: AlertAttempt) async throws
    /// Puts dead alert `id` back in the queue, due at `date`; returns whether it was dead.
    func requeueAlert(_ id: AlertID, at date: Date) async throws -> Bool

    // MARK: Changes

    /// Versions of `run`'s flag snapshots as they are committed, by any process sharing the
    /// store where the store can tell (PostgreSQL's LISTEN/NOTIFY), else by this process.
    func flagChanges(of run: String) -> AsyncThrowingStream<UInt64, any Error>
}
