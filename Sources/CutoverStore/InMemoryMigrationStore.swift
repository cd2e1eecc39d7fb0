import CutoverCore
import Foundation

/// A ``MigrationStore`` in memory: for simulations and tests. Nothing survives the process.
public actor InMemoryMigrationStore: MigrationStore {
    private struct RunData {
        var record: RunRecord
        var stored: StoredState?
        var events: [StoredEvent] = []
        var flags: [FlagSnapshot] = []
        var approvals: [ApprovalRecord] = []
        var verdicts: [VerdictRecord] = []
        var lastReceipt: CommitReceipt?
    }

    private var planRevisions: [String: [PlanRecord]] = [:]
    private var runOrder: [String] = []
    private var runData: [String: RunData] = [:]
    private var backups: [String: StateBackup] = [:]
    private var tokenList: [TokenRecord] = []
    private var leases: [String: Lease] = [:]
    private var outbox: [AlertRecord] = []
    private let changes = FlagChangeBroadcast()
    private let now: @Sendable () -> Date

    /// An empty store whose lease clock is `now`.
    public init(now: @escaping @Sendable () -> Date = Date.init) {
        self.now = now
    }

    public func savePlan(name: String, source: String) -> PlanRecord {
        let record = PlanRecord(name: name, revision: (planRevisions[name]?.count ?? 0) + 1, source: source, savedAt: now())
        planRevisions[name, default: []].append(record)
        return record
    }

    public func plan(named name: String) -> PlanRecord? {
        planRevisions[name]?.last
    }

    public func plans() -> [PlanRecord] {
        planRevisions.values.compactMap(\.last).sorted { $0.name < $1.name }
    }

    public func createRun(_ run: RunRecord) throws {
        guard runData[run.id] == nil else { throw StoreError(.conflict, "run '\(run.id)' exists") }
        runData[run.id] = RunData(record: run)
        runOrder.append(run.id)
    }

    public func run(id: String) -> RunRecord? {
        runData[id]?.record
    }

    public func runs() -> [RunRecord] {
        runOrder.compactMap { runData[$0]?.record }
    }

    public func commit(_ transition: Transition, to run: String, expectedRevision: UInt64) throws -> CommitReceipt {
        // Taken out of the dictionary while it changes, so its arrays grow in place instead of being copied.
        guard var data = runData.removeValue(forKey: run) else { throw StoreError(.notFound, "no run '\(run)'") }
        defer { runData[run] = data }
        let base = CommitBase(
            revision: data.stored?.revision ?? 0, transitionID: data.stored?.transitionID, lastReceipt: { data.lastReceipt },
            eventCount: UInt64(data.events.count)
        )
        switch try transition.decide(on: base, expectedRevision: expectedRevision, run: run) {
        case .alreadyCommitted(let receipt):
            return receipt
        case .store(let receipt):
            data.events += receipt.events
            if let flags = transition.flags, flags.version > (data.flags.last?.version ?? 0) {
                data.flags.append(flags)
            }
            data.approvals += transition.approvals
            data.verdicts += transition.verdicts
            data.stored = StoredState(
                state: transition.state, revision: receipt.revision, actions: transition.actions, transitionID: transition.id
            )
            data.lastReceipt = receipt
            outbox += transition.alertRecords(run: run, receipt: receipt)
            if let flags = transition.flags { changes.send(flags.version, run: run) }
            return receipt
        }
    }

    public func loadState(of run: String) -> StoredState? {
        runData[run]?.stored
    }

    public func events(of run: String, after: UInt64, limit: Int) -> [StoredEvent] {
        guard let events = runData[run]?.events, limit > 0 else { return [] }
        let start = Int(min(after, UInt64(events.count)))
        return Array(events[start...].prefix(limit))
    }

    public func flags(of run: String) -> FlagSnapshot? {
        runData[run]?.flags.last
    }

    public func flagHistory(of run: String, from version: UInt64) -> [FlagSnapshot] {
        runData[run]?.flags.filter { $0.version >= version } ?? []
    }

    public func approvals(of run: String) -> [ApprovalRecord] {
        runData[run]?.approvals ?? []
    }

    public func verdicts(of run: String, service: String?, limit: Int) -> [VerdictRecord] {
        let all = runData[run]?.verdicts ?? []
        return Array(all.filter { service == nil || $0.service == service }.suffix(max(limit, 0)))
    }

    public func saveBackup(_ backup: StateBackup) -> Bool {
        let key = backup.run + "\u{0}" + backup.service
        guard backups[key] == nil else { return false }
        backups[key] = backup
        return true
    }

    public func backup(of service: String, in run: String) -> StateBackup? {
        backups[run + "\u{0}" + service]
    }

    public func saveToken(_ token: TokenRecord) throws {
        guard !tokenList.contains(where: { $0.id == token.id || $0.hash == token.hash }) else {
            throw StoreError(.conflict, "token '\(token.id)' exists")
        }
        tokenList.append(token)
    }

    public func token(hash: String) -> TokenRecord? {
        tokenList.first { $0.hash == hash }
    }

    public func tokens() -> [TokenRecord] {
        tokenList
    }

    public func revokeToken(id: String, at date: Date) -> Bool {
        guard let index = tokenList.firstIndex(where: { $0.id == id && $0.revokedAt == nil }) else { return false }
        tokenList[index].revokedAt = date
        return true
    }

    public func acquireLease(_ name: String, holder: String, ttl: Duration) -> Lease? {
        let now = now()
        let expiry = now.addingTimeInterval(ttl.seconds)
        if let lease = leases[name], lease.expiresAt > now, lease.holder != holder { return nil }
        let previous = leases[name]
        let term = previous.map { $0.holder == holder && $0.expiresAt > now ? $0.term : $0.term + 1 } ?? 1
        let lease = Lease(name: name, holder: holder, expiresAt: expiry, term: term)
        leases[name] = lease
        return lease
    }

    public func releaseLease(_ name: String, holder: String) {
        guard let lease = leases[name], lease.holder == holder else { return }
        leases[name]?.expiresAt = .distantPast
    }

    public func alerts(of run: String?, statuses: Set<AlertRecord.Status>, limit: Int) -> [AlertRecord] {
        let chosen = outbox.filter { (run == nil || $0.run == run) && statuses.contains($0.status) }
        return Array(chosen.sorted(by: Self.outboxOrder).prefix(max(limit, 0)))
    }

    public func recordAlertAttempt(_ id: AlertID, _ attempt: AlertAttempt) throws {
        guard let index = outbox.firstIndex(where: { $0.id == id && $0.status == .pending }) else {
            throw StoreError(.notFound, "no pending alert \(id)")
        }
        outbox[index].attempts += 1
        switch attempt {
        case .delivered(let date):
            outbox[index].status = .delivered
            outbox[index].deliveredAt = date
        case .failed(let reason, let retryAt):
            outbox[index].lastError = reason
            if let retryAt {
                outbox[index].nextAttemptAt = retryAt
            } else {
                outbox[index].status = .dead
            }
        }
    }

    public func requeueAlert(_ id: AlertID, at date: Date) -> Bool {
        guard let index = outbox.firstIndex(where: { $0.id == id && $0.status == .dead }) else { return false }
        outbox[index].status = .pending
        outbox[index].nextAttemptAt = date
        return true
    }

    /// Oldest event first, by run, then route.
    private static func outboxOrder(_ a: AlertRecord, _ b: AlertRecord) -> Bool {
        (a.run, a.sequence, a.route) < (b.run, b.sequence, b.route)
    }

    public nonisolated func flagChanges(of run: String) -> AsyncThrowingStream<UInt64, any Error> {
        changes.subscribe(run: run)
    }
}
