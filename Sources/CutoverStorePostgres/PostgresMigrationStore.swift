import CutoverCore
import CutoverStore
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// The ``MigrationStore`` for several server replicas: one PostgreSQL database, through postgres-nio.
///
/// Leases are measured on the database server's clock, so replicas with skewed clocks agree;
/// committed flag changes reach every replica through `LISTEN`/`NOTIFY`. The store is a
/// `Service`: run it (or use ``withStore(url:logger:_:)``) before its first operation.
public final class PostgresMigrationStore: MigrationStore, Service {
    static let flagChannel = "cutover_flags"

    let client: PostgresClient
    let logger: Logger

    /// A store for the database at `url` (`postgres://user:password@host:port/database`, with
    /// `?sslmode=disable|prefer|require`; also read from `CUTOVER_DATABASE_URL` by the command line).
    public init(url: String, logger: Logger = Logger(label: "cutover.store.postgres")) throws {
        client = PostgresClient(configuration: try PostgresURL.configuration(from: url), backgroundLogger: logger)
        self.logger = logger
    }

    /// Runs the connection pool until cancelled.
    public func run() async throws {
        await client.run()
    }

    /// Brings the schema up to date.
    public func migrate() async throws {
        try await mapped("migrate") { try await PostgresSchema.migrate(client, logger: logger) }
    }

    /// Runs `body` with a running, migrated store for `url`; stops the store afterwards.
    public static func withStore<T: Sendable>(
        url: String, logger: Logger = Logger(label: "cutover.store.postgres"),
        _ body: @Sendable (PostgresMigrationStore) async throws -> T
    ) async throws -> T {
        let store = try PostgresMigrationStore(url: url, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.client.run() }
            defer { group.cancelAll() }
            try await store.migrate()
            return try await body(store)
        }
    }

    // MARK: Plans

    public func savePlan(name: String, source: String) async throws -> PlanRecord {
        try await transaction("save plan") { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(name)))", logger: self.logger)
            let rows = try await connection.query("""
                INSERT INTO plans (name, revision, source, saved_at)
                SELECT \(name), COALESCE(MAX(revision), 0) + 1, \(source), now() FROM plans WHERE name = \(name)
                RETURNING revision, saved_at
                """, logger: self.logger)
            for try await (revision, savedAt) in rows.decode((Int, Date).self) {
                return PlanRecord(name: name, revision: revision, source: source, savedAt: savedAt)
            }
            throw StoreError(.failed, "save plan returned nothing")
        }
    }

    public func plan(named name: String) async throws -> PlanRecord? {
        try await mapped("load plan") {
            try await self.plans(matching: "SELECT name, revision, source, saved_at FROM plans WHERE name = \(name) ORDER BY revision DESC LIMIT 1").first
        }
    }

    public func plans() async throws -> [PlanRecord] {
        try await mapped("list plans") {
            try await self.plans(matching: """
                SELECT DISTINCT ON (name) name, revision, source, saved_at FROM plans ORDER BY name, revision DESC
                """)
        }
    }

    private func plans(matching query: PostgresQuery) async throws -> [PlanRecord] {
        var plans: [PlanRecord] = []
        for try await (name, revision, source, savedAt) in try await client.query(query, logger: logger)
            .decode((String, Int, String, Date).self) {
            plans.append(PlanRecord(name: name, revision: revision, source: source, savedAt: savedAt))
        }
        return plans
    }

    // MARK: Runs

    public func createRun(_ run: RunRecord) async throws {
        try await mapped("create run") {
            let rows = try await self.client.query("""
                INSERT INTO runs (id, plan_name, plan_source, created_at)
                VALUES (\(run.id), \(run.planName), \(run.planSource), \(run.createdAt))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """, logger: self.logger)
            guard try await rows.collect().count == 1 else { throw StoreError(.conflict, "run '\(run.id)' exists") }
        }
    }

    public func run(id: String) async throws -> RunRecord? {
        try await mapped("load run") {
            try await self.runs(matching: "SELECT id, plan_name, plan_source, created_at FROM runs WHERE id = \(id)").first
        }
    }

    public func runs() async throws -> [RunRecord] {
        try await mapped("list runs") {
            try await self.runs(matching: "SELECT id, plan_name, plan_source, created_at FROM runs ORDER BY created_at, id")
        }
    }

    private func runs(matching query: PostgresQuery) async throws -> [RunRecord] {
        var runs: [RunRecord] = []
        for try await (id, plan, source, created) in try await client.query(query, logger: logger)
            .decode((String, String, String, Date).self) {
            runs.append(RunRecord(id: id, planName: plan, planSource: source, createdAt: created))
        }
        return runs
    }

    // MARK: State backups

    public func saveBackup(_ backup: StateBackup) async throws -> Bool {
        try await mapped("save state backup") {
            let rows = try await self.client.query("""
                INSERT INTO state_backups (run_id, service, data, taken_at)
                VALUES (\(backup.run), \(backup.service), \(backup.data), \(backup.takenAt))
                ON CONFLICT (run_id, service) DO NOTHING RETURNING service
                """, logger: self.logger)
            return try await rows.collect().count == 1
        }
    }

    public func backup(of service: String, in run: String) async throws -> StateBackup? {
        try await mapped("load state backup") {
            let rows = try await self.client.query(
                "SELECT data, taken_at FROM state_backups WHERE run_id = \(run) AND service = \(service)", logger: self.logger
            )
            for try await (data, takenAt) in rows.decode((Data, Date).self) {
                return StateBackup(run: run, service: service, data: data, takenAt: takenAt)
            }
            return nil
        }
    }

    // MARK: Access

    /// Runs `body` in a transaction, mapping failures to ``StoreError``s.
    func transaction<T: Sendable>(_ operation: String, _ body: (PostgresConnection) async throws -> sending T) async throws -> T {
        try await mapped(operation) {
            try await self.client.withTransaction(logger: self.logger, body)
        }
    }

    func mapped<T>(_ operation: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw PostgresErrors.map(error, operation)
        }
    }
}
