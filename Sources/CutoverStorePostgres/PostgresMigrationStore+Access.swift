import CutoverCore
import CutoverStore
import Foundation
import PostgresNIO

extension PostgresMigrationStore {
    // MARK: API tokens

    public func saveToken(_ token: TokenRecord) async throws {
        try await mapped("save token") {
            let rows = try await client.query("""
                INSERT INTO api_tokens (id, name, role, hash, created_at, revoked_at)
                VALUES (\(token.id), \(token.name), \(token.role), \(token.hash), \(token.createdAt), \(token.revokedAt))
                ON CONFLICT DO NOTHING RETURNING id
                """, logger: logger)
            guard try await rows.collect().count == 1 else { throw StoreError(.conflict, "token '\(token.id)' exists") }
        }
    }

    public func token(hash: String) async throws -> TokenRecord? {
        try await tokens(matching: """
            SELECT id, name, role, hash, created_at, revoked_at FROM api_tokens WHERE hash = \(hash)
            """, operation: "load token").first
    }

    public func tokens() async throws -> [TokenRecord] {
        try await tokens(matching: """
            SELECT id, name, role, hash, created_at, revoked_at FROM api_tokens ORDER BY created_at, id
            """, operation: "list tokens")
    }

    private func tokens(matching query: PostgresQuery, operation: String) async throws -> [TokenRecord] {
        try await mapped(operation) {
            var tokens: [TokenRecord] = []
            for try await (id, name, role, hash, created, revoked) in try await client.query(query, logger: logger)
                .decode((String, String, String, String, Date, Date?).self) {
                tokens.append(TokenRecord(id: id, name: name, role: role, hash: hash, createdAt: created, revokedAt: revoked))
            }
            return tokens
        }
    }

    public func revokeToken(id: String, at date: Date) async throws -> Bool {
        try await mapped("revoke token") {
            let rows = try await client.query("""
                UPDATE api_tokens SET revoked_at = \(date) WHERE id = \(id) AND revoked_at IS NULL RETURNING id
                """, logger: logger)
            return try await rows.collect().count == 1
        }
    }

    // MARK: Leases

    public func acquireLease(_ name: String, holder: String, ttl: Duration) async throws -> Lease? {
        try await mapped("acquire lease") {
            let milliseconds = ttl.storedNanoseconds / 1_000_000
            // One statement: take a missing or lapsed lease, renew our own; the server's clock decides.
            let rows = try await client.query("""
                INSERT INTO leases AS l (name, holder, expires_at, term)
                VALUES (\(name), \(holder), now() + make_interval(secs => \(milliseconds)::DOUBLE PRECISION / 1000), 1)
                ON CONFLICT (name) DO UPDATE SET
                    holder = excluded.holder,
                    expires_at = excluded.expires_at,
                    term = CASE WHEN l.holder = excluded.holder AND l.expires_at > now() THEN l.term ELSE l.term + 1 END
                WHERE l.holder = excluded.holder OR l.expires_at <= now()
                RETURNING holder, expires_at, term
                """, logger: logger)
            for try await (holder, expiresAt, term) in rows.decode((String, Date, Int64).self) {
                return Lease(name: name, holder: holder, expiresAt: expiresAt, term: UInt64(term))
            }
            return nil
        }
    }

    public func releaseLease(_ name: String, holder: String) async throws {
        _ = try await mapped("release lease") {
            try await client.query(
                "UPDATE leases SET expires_at = now() - interval '1 second' WHERE name = \(name) AND holder = \(holder)",
                logger: logger
            )
        }
    }

    // MARK: Changes

    public func flagChanges(of run: String) -> AsyncThrowingStream<UInt64, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: UInt64.self, bufferingPolicy: .bufferingNewest(64))
        // The listener lives exactly as long as the consumer's stream.
        let listener = Task { [client] in
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.flagChannel) { notifications in
                        for try await notification in notifications {
                            let parts = notification.payload.split(separator: " ", maxSplits: 1)
                            guard parts.count == 2, parts[1] == run, let version = UInt64(parts[0]) else { continue }
                            continuation.yield(version)
                        }
                    }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: PostgresErrors.map(error, "listen for flag changes"))
            }
        }
        continuation.onTermination = { _ in listener.cancel() }
        return stream
    }
}
