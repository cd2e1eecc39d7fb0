import ArgumentParser
import CutoverStore
import CutoverStorePostgres
import CutoverStoreSQLite
import Foundation

/// `--db URL`: where a command keeps its state.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: "postgres://user:password@host:port/database, or sqlite:PATH (default: $CUTOVER_DATABASE_URL, else sqlite:.cutover/cutover.sqlite)."
    )
    var url: String?

    /// The URL in force: the option, the environment, or the SQLite default.
    var resolved: String {
        url ?? ProcessInfo.processInfo.environment["CUTOVER_DATABASE_URL"] ?? "sqlite:\(SQLiteMigrationStore.defaultPath())"
    }

    func validate() throws {
        let url = resolved
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") || url.hasPrefix("sqlite:") else {
            throw ValidationError("--db must start with postgres:// or sqlite: (got '\(url)')")
        }
    }

    /// Runs `body` with the opened store, which retries transient failures; a store that cannot
    /// be opened is a clear error, not a trace.
    func withStore<T: Sendable>(_ body: @escaping @Sendable (any MigrationStore) async throws -> T) async throws -> T {
        let url = resolved
        do {
            if url.hasPrefix("sqlite:") {
                return try await body(RetryingMigrationStore(try SQLiteMigrationStore(path: String(url.dropFirst("sqlite:".count)))))
            }
            return try await PostgresMigrationStore.withStore(url: url) { try await body(RetryingMigrationStore($0)) }
        } catch let error as StoreError {
            printError("cutover: \(error)")
            throw ExitCode.failure
        }
    }
}
