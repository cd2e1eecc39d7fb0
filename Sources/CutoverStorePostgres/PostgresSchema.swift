import Logging
import PostgresNIO

/// The PostgreSQL schema, applied by numbered migrations recorded in `cutover_migrations`;
/// never edited once released. Every replica runs them at start; an advisory lock makes that safe.
enum PostgresSchema {
    static let migrations: [(id: Int, statements: [PostgresQuery])] = [
        (1, [
            """
            CREATE TABLE plans (
                name TEXT NOT NULL, revision INTEGER NOT NULL, source TEXT NOT NULL, saved_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (name, revision))
            """,
            """
            CREATE TABLE runs (
                id TEXT PRIMARY KEY, plan_name TEXT NOT NULL, plan_source TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL,
                revision BIGINT NOT NULL DEFAULT 0, state BYTEA, actions BYTEA, transition_id UUID,
                last_receipt BYTEA, event_count BIGINT NOT NULL DEFAULT 0)
            """,
            """
            CREATE TABLE events (
                run_id TEXT NOT NULL REFERENCES runs(id), sequence BIGINT NOT NULL, kind TEXT NOT NULL,
                service TEXT, at_ns BIGINT NOT NULL, actor TEXT NOT NULL, detail TEXT NOT NULL, rollback_id TEXT,
                recorded_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (run_id, sequence))
            """,
            """
            CREATE TABLE flag_snapshots (
                run_id TEXT NOT NULL REFERENCES runs(id), version BIGINT NOT NULL, snapshot BYTEA NOT NULL,
                recorded_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (run_id, version))
            """,
            """
            CREATE TABLE approvals (
                id BIGSERIAL PRIMARY KEY, run_id TEXT NOT NULL REFERENCES runs(id), service TEXT,
                decision TEXT NOT NULL, actor TEXT NOT NULL, comment TEXT NOT NULL, evidence TEXT NOT NULL,
                at_ns BIGINT NOT NULL)
            """,
            """
            CREATE TABLE verdicts (
                id BIGSERIAL PRIMARY KEY, run_id TEXT NOT NULL REFERENCES runs(id), service TEXT NOT NULL,
                judgement BYTEA NOT NULL, rollout DOUBLE PRECISION NOT NULL, at_ns BIGINT NOT NULL)
            """,
            "CREATE INDEX verdicts_by_service ON verdicts (run_id, service, id)",
            """
            CREATE TABLE state_backups (
                run_id TEXT NOT NULL, service TEXT NOT NULL, data BYTEA NOT NULL, taken_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (run_id, service))
            """,
            """
            CREATE TABLE api_tokens (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, hash TEXT NOT NULL UNIQUE,
                created_at TIMESTAMPTZ NOT NULL, revoked_at TIMESTAMPTZ)
            """,
            """
            CREATE TABLE leases (
                name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at TIMESTAMPTZ NOT NULL, term BIGINT NOT NULL)
            """,
        ]),
        (2, [
            """
            CREATE TABLE alerts (
                run_id TEXT NOT NULL, sequence BIGINT NOT NULL, route TEXT NOT NULL, status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TIMESTAMPTZ NOT NULL, last_error TEXT,
                delivered_at TIMESTAMPTZ,
                PRIMARY KEY (run_id, sequence, route),
                FOREIGN KEY (run_id, sequence) REFERENCES events (run_id, sequence))
            """,
            "CREATE INDEX alerts_by_status ON alerts (status, run_id, sequence, route)",
        ]),
    ]

    /// Applies the migrations this database has not seen, in order, each in its own transaction.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withTransaction(logger: logger) { connection in
            // Serializes replicas starting together; released at the end of the transaction.
            try await connection.query("SELECT pg_advisory_xact_lock(7316827)", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS cutover_migrations (id INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)",
                logger: logger
            )
            var applied = Set<Int>()
            for try await id in try await connection.query("SELECT id FROM cutover_migrations", logger: logger).decode(Int.self) {
                applied.insert(id)
            }
            for migration in migrations where !applied.contains(migration.id) {
                for statement in migration.statements {
                    try await connection.query(statement, logger: logger)
                }
                try await connection.query(
                    "INSERT INTO cutover_migrations (id, applied_at) VALUES (\(migration.id), now())", logger: logger
                )
            }
        }
    }
}
