import GRDB

/// The SQLite schema, one migration per change; never edited once released.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs, events, flags, approvals, verdicts, backups, tokens, leases") { db in
            try db.execute(sql: """
                CREATE TABLE plans (
                    name TEXT NOT NULL, revision INTEGER NOT NULL, source TEXT NOT NULL, saved_at REAL NOT NULL,
                    PRIMARY KEY (name, revision));
                CREATE TABLE runs (
                    id TEXT PRIMARY KEY, plan_name TEXT NOT NULL, plan_source TEXT NOT NULL, created_at REAL NOT NULL,
                    revision INTEGER NOT NULL DEFAULT 0, state BLOB, actions BLOB, transition_id TEXT,
                    last_receipt BLOB, event_count INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE events (
                    run_id TEXT NOT NULL REFERENCES runs(id), sequence INTEGER NOT NULL, kind TEXT NOT NULL,
                    service TEXT, at_ns INTEGER NOT NULL, actor TEXT NOT NULL, detail TEXT NOT NULL,
                    rollback_id TEXT, recorded_at REAL NOT NULL, PRIMARY KEY (run_id, sequence));
                CREATE TABLE flag_snapshots (
                    run_id TEXT NOT NULL REFERENCES runs(id), version INTEGER NOT NULL, snapshot BLOB NOT NULL,
                    recorded_at REAL NOT NULL, PRIMARY KEY (run_id, version));
                CREATE TABLE approvals (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL REFERENCES runs(id), service TEXT,
                    decision TEXT NOT NULL, actor TEXT NOT NULL, comment TEXT NOT NULL, evidence TEXT NOT NULL,
                    at_ns INTEGER NOT NULL);
                CREATE TABLE verdicts (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL REFERENCES runs(id),
                    service TEXT NOT NULL, judgement BLOB NOT NULL, rollout REAL NOT NULL, at_ns INTEGER NOT NULL);
                CREATE INDEX verdicts_by_service ON verdicts (run_id, service, id);
                CREATE TABLE state_backups (
                    run_id TEXT NOT NULL, service TEXT NOT NULL, data BLOB NOT NULL, taken_at REAL NOT NULL,
                    PRIMARY KEY (run_id, service));
                CREATE TABLE api_tokens (
                    id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, hash TEXT NOT NULL UNIQUE,
                    created_at REAL NOT NULL, revoked_at REAL);
                CREATE TABLE leases (
                    name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at REAL NOT NULL, term INTEGER NOT NULL);
                """)
        }
        migrator.registerMigration("v2: the alert outbox") { db in
            try db.execute(sql: """
                CREATE TABLE alerts (
                    run_id TEXT NOT NULL, sequence INTEGER NOT NULL, route TEXT NOT NULL, status TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at REAL NOT NULL, last_error TEXT, delivered_at REAL,
                    PRIMARY KEY (run_id, sequence, route),
                    FOREIGN KEY (run_id, sequence) REFERENCES events (run_id, sequence));
                CREATE INDEX alerts_by_status ON alerts (status, run_id, sequence, route);
                """)
        }
        return migrator
    }
}
