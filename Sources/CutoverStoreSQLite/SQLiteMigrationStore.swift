import CutoverCore
import CutoverStore
import Foundation
import GRDB

/// The embedded default ``MigrationStore``: one SQLite file in WAL mode, through GRDB.
///
/// Several processes may share the file (writes are serialized by SQLite, with a busy timeout);
/// flag changes are announced to subscribers of this process only.
public final class SQLiteMigrationStore: MigrationStore {
    /// How the database is opened.
    public struct Configuration: Sendable {
        /// How long a write waits for another process's write to finish.
        public var busyTimeout: TimeInterval = 5
        /// Caps the database at this many pages (of 4 KiB), or `nil` for no cap; a full database
        /// fails writes with ``StoreError/Code/full`` as a full disk would.
        public var maximumPageCount: Int?
        /// The clock leases are measured on.
        public var now: @Sendable () -> Date = Date.init

        /// The defaults.
        public init() {}
    }

    /// The default location under a working directory: `.cutover/cutover.sqlite`.
    public static func defaultPath(in directory: String = FileManager.default.currentDirectoryPath) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent(".cutover/cutover.sqlite").path
    }

    let pool: DatabasePool
    let configuration: Configuration
    private let changes = FlagChangeBroadcast()

    /// Opens (creating when missing) the database at `path` and brings its schema up to date.
    public init(path: String, configuration: Configuration = .init()) throws {
        self.configuration = configuration
        var options = GRDB.Configuration()
        options.busyMode = .timeout(configuration.busyTimeout)
        let pageCap = configuration.maximumPageCount
        options.prepareDatabase { db in
            if let pageCap { try db.execute(sql: "PRAGMA max_page_count = \(pageCap)") }
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.readOnly, "open \(path): cannot create the directory \(directory.path)", underlying: error)
        }
        do {
            pool = try DatabasePool(path: path, configuration: options)
            try SQLiteSchema.migrator.migrate(pool)
        } catch {
            throw SQLiteErrors.map(error, "open \(path)")
        }
    }

    // MARK: Plans

    public func savePlan(name: String, source: String) async throws -> PlanRecord {
        let now = configuration.now()
        return try await write("save plan") { db in
            let last = try Int.fetchOne(db, sql: "SELECT MAX(revision) FROM plans WHERE name = ?", arguments: [name]) ?? 0
            try db.execute(
                sql: "INSERT INTO plans (name, revision, source, saved_at) VALUES (?, ?, ?, ?)",
                arguments: [name, last + 1, source, now.timeIntervalSince1970]
            )
            return PlanRecord(name: name, revision: last + 1, source: source, savedAt: now)
        }
    }

    public func plan(named name: String) async throws -> PlanRecord? {
        try await read("load plan") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM plans WHERE name = ? ORDER BY revision DESC LIMIT 1", arguments: [name])
                .map(Self.plan(from:))
        }
    }

    public func plans() async throws -> [PlanRecord] {
        try await read("list plans") { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM plans p WHERE revision = (SELECT MAX(revision) FROM plans WHERE name = p.name) ORDER BY name
                """).map(Self.plan(from:))
        }
    }

    // MARK: Runs

    public func createRun(_ run: RunRecord) async throws {
        try await write("create run") { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM runs WHERE id = ?", arguments: [run.id]) == nil else {
                throw StoreError(.conflict, "run '\(run.id)' exists")
            }
            try db.execute(
                sql: "INSERT INTO runs (id, plan_name, plan_source, created_at) VALUES (?, ?, ?, ?)",
                arguments: [run.id, run.planName, run.planSource, run.createdAt.timeIntervalSince1970]
            )
        }
    }

    public func run(id: String) async throws -> RunRecord? {
        try await read("load run") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]).map(Self.run(from:))
        }
    }

    public func runs() async throws -> [RunRecord] {
        try await read("list runs") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY created_at, id").map(Self.run(from:))
        }
    }

    // MARK: Transitions

    public func commit(_ transition: Transition, to run: String, expectedRevision: UInt64) async throws -> CommitReceipt {
        let state = try StoreCoding.encode(transition.state)
        let actions = try StoreCoding.encode(transition.actions)
        let flags = try transition.flags.map { try StoreCoding.encode($0) }
        let verdicts = try transition.verdicts.map { ($0, try StoreCoding.encode($0.judgement)) }
        let receipt = try await write("commit transition") { db -> CommitReceipt in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT revision, transition_id, last_receipt, event_count FROM runs WHERE id = ?", arguments: [run]
            ) else { throw StoreError(.notFound, "no run '\(run)'") }
            let base = CommitBase(
                revision: UInt64(row["revision"] as Int64), transitionID: (row["transition_id"] as String?).flatMap(UUID.init),
                lastReceipt: { try (row["last_receipt"] as Data?).map { try StoreCoding.decode(CommitReceipt.self, from: $0) } },
                eventCount: UInt64(row["event_count"] as Int64)
            )
            let receipt: CommitReceipt
            switch try transition.decide(on: base, expectedRevision: expectedRevision, run: run) {
            case .alreadyCommitted(let earlier): return earlier
            case .store(let new): receipt = new
            }
            let recordedAt = transition.recordedAt.timeIntervalSince1970
            for stored in receipt.events {
                let event = stored.event
                try db.execute(sql: """
                    INSERT INTO events (run_id, sequence, kind, service, at_ns, actor, detail, rollback_id, recorded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [
                        run, Int64(stored.sequence), event.kind.rawValue, event.service, event.at.storedNanoseconds,
                        event.actor, event.detail, event.rollbackID, recordedAt,
                    ])
            }
            if let snapshot = transition.flags, let flags {
                try db.execute(sql: """
                    INSERT INTO flag_snapshots (run_id, version, snapshot, recorded_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (run_id, version) DO NOTHING
                    """, arguments: [run, Int64(snapshot.version), flags, recordedAt])
            }
            for approval in transition.approvals {
                try db.execute(sql: """
                    INSERT INTO approvals (run_id, service, decision, actor, comment, evidence, at_ns)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [
                        run, approval.service, approval.decision.rawValue, approval.actor, approval.comment,
                        approval.evidence, approval.at.storedNanoseconds,
                    ])
            }
            for (verdict, judgement) in verdicts {
                try db.execute(
                    sql: "INSERT INTO verdicts (run_id, service, judgement, rollout, at_ns) VALUES (?, ?, ?, ?, ?)",
                    arguments: [run, verdict.service, judgement, verdict.rollout, verdict.at.storedNanoseconds]
                )
            }
            for alert in transition.alertRecords(run: run, receipt: receipt) {
                try Self.insert(alert, db)
            }
            try db.execute(sql: """
                UPDATE runs SET revision = ?, state = ?, actions = ?, transition_id = ?, last_receipt = ?, event_count = ?
                WHERE id = ?
                """, arguments: [
                    Int64(receipt.revision), state, actions, transition.id.uuidString, try StoreCoding.encode(receipt),
                    Int64(base.eventCount) + Int64(receipt.events.count), run,
                ])
            return receipt
        }
        if let version = transition.flags?.version { changes.send(version, run: run) }
        return receipt
    }

    public func loadState(of run: String) async throws -> StoredState? {
        try await read("load state") { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT revision, state, actions, transition_id FROM runs WHERE id = ?", arguments: [run]
            ), let state: Data = row["state"], let actions: Data = row["actions"] else { return nil }
            return StoredState(
                state: try StoreCoding.decode(ControllerState.self, from: state), revision: UInt64(row["revision"] as Int64),
                actions: try StoreCoding.decode([ControllerAction].self, from: actions),
                transitionID: UUID(uuidString: row["transition_id"] ?? "") ?? UUID()
            )
        }
    }

    public func events(of run: String, after: UInt64, limit: Int) async throws -> [StoredEvent] {
        try await read("read events") { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM events WHERE run_id = ? AND sequence > ? ORDER BY sequence LIMIT ?",
                arguments: [run, Int64(clamping: after), Int64(clamping: limit)]
            ).map(Self.event(from:))
        }
    }

    public func flags(of run: String) async throws -> FlagSnapshot? {
        try await read("load flags") { db in
            try Data.fetchOne(
                db, sql: "SELECT snapshot FROM flag_snapshots WHERE run_id = ? ORDER BY version DESC LIMIT 1", arguments: [run]
            ).map { try StoreCoding.decode(FlagSnapshot.self, from: $0) }
        }
    }

    public func flagHistory(of run: String, from version: UInt64) async throws -> [FlagSnapshot] {
        try await read("read flag history") { db in
            try Data.fetchAll(
                db, sql: "SELECT snapshot FROM flag_snapshots WHERE run_id = ? AND version >= ? ORDER BY version",
                arguments: [run, Int64(clamping: version)]
            ).map { try StoreCoding.decode(FlagSnapshot.self, from: $0) }
        }
    }

    public func approvals(of run: String) async throws -> [ApprovalRecord] {
        try await read("read approvals") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM approvals WHERE run_id = ? ORDER BY id", arguments: [run]).map { row in
                ApprovalRecord(
                    service: row["service"], decision: ApprovalRecord.Decision(rawValue: row["decision"]) ?? .rejected,
                    actor: row["actor"], comment: row["comment"], evidence: row["evidence"],
                    at: Duration(storedNanoseconds: row["at_ns"])
                )
            }
        }
    }

    public func verdicts(of run: String, service: String?, limit: Int) async throws -> [VerdictRecord] {
        try await read("read verdicts") { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM verdicts WHERE run_id = ? AND (? IS NULL OR service = ?) ORDER BY id DESC LIMIT ?
                """, arguments: [run, service, service, Int64(clamping: max(limit, 0))])
            return try rows.reversed().map { row in
                VerdictRecord(
                    service: row["service"], judgement: try StoreCoding.decode(Judgement.self, from: row["judgement"]),
                    rollout: row["rollout"], at: Duration(storedNanoseconds: row["at_ns"])
                )
            }
        }
    }

    // MARK: State backups

    public func saveBackup(_ backup: StateBackup) async throws -> Bool {
        try await write("save state backup") { db in
            try db.execute(sql: """
                INSERT INTO state_backups (run_id, service, data, taken_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (run_id, service) DO NOTHING
                """, arguments: [backup.run, backup.service, backup.data, backup.takenAt.timeIntervalSince1970])
            return db.changesCount == 1
        }
    }

    public func backup(of service: String, in run: String) async throws -> StateBackup? {
        try await read("load state backup") { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM state_backups WHERE run_id = ? AND service = ?", arguments: [run, service]
            ).map { row in
                StateBackup(
                    run: row["run_id"], service: row["service"], data: row["data"],
                    takenAt: Date(timeIntervalSince1970: row["taken_at"])
                )
            }
        }
    }

    // MARK: API tokens

    public func saveToken(_ token: TokenRecord) async throws {
        try await write("save token") { db in
            guard try Bool.fetchOne(
                db, sql: "SELECT 1 FROM api_tokens WHERE id = ? OR hash = ?", arguments: [token.id, token.hash]
            ) == nil else { throw StoreError(.conflict, "token '\(token.id)' exists") }
            try db.execute(
                sql: "INSERT INTO api_tokens (id, name, role, hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [
                    token.id, token.name, token.role, token.hash, token.createdAt.timeIntervalSince1970,
                    token.revokedAt?.timeIntervalSince1970,
                ]
            )
        }
    }

    public func token(hash: String) async throws -> TokenRecord? {
        try await read("load token") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_tokens WHERE hash = ?", arguments: [hash]).map(Self.token(from:))
        }
    }

    public func tokens() async throws -> [TokenRecord] {
        try await read("list tokens") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_tokens ORDER BY created_at, id").map(Self.token(from:))
        }
    }

    public func revokeToken(id: String, at date: Date) async throws -> Bool {
        try await write("revoke token") { db in
            try db.execute(
                sql: "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                arguments: [date.timeIntervalSince1970, id]
            )
            return db.changesCount == 1
        }
    }

    // MARK: Leases

    public func acquireLease(_ name: String, holder: String, ttl: Duration) async throws -> Lease? {
        let now = configuration.now()
        return try await write("acquire lease") { db -> Lease? in
            let current = try Row.fetchOne(db, sql: "SELECT * FROM leases WHERE name = ?", arguments: [name])
            let live = current.map { ($0["expires_at"] as Double) > now.timeIntervalSince1970 } ?? false
            let heldByUs = current.map { ($0["holder"] as String) == holder } ?? false
            if live, !heldByUs { return nil }
            let previousTerm = current.map { UInt64($0["term"] as Int64) } ?? 0
            let term = live && heldByUs ? previousTerm : previousTerm + 1
            let expiry = now.addingTimeInterval(ttl.seconds)
            try db.execute(sql: """
                INSERT INTO leases (name, holder, expires_at, term) VALUES (?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at, term = excluded.term
                """, arguments: [name, holder, expiry.timeIntervalSince1970, Int64(term)])
            return Lease(name: name, holder: holder, expiresAt: expiry, term: term)
        }
    }

    public func releaseLease(_ name: String, holder: String) async throws {
        try await write("release lease") { db in
            try db.execute(sql: "UPDATE leases SET expires_at = 0 WHERE name = ? AND holder = ?", arguments: [name, holder])
        }
    }

    public func flagChanges(of run: String) -> AsyncThrowingStream<UInt64, any Error> {
        changes.subscribe(run: run)
    }

    // MARK: Access

    func read<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw SQLiteErrors.map(error, operation)
        }
    }

    func write<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw SQLiteErrors.map(error, operation)
        }
    }
}
