import CutoverStore
import Foundation
import NIOSSL
import PostgresNIO

/// Reads a `postgres://` URL into a client configuration.
enum PostgresURL {
    static func configuration(from url: String) throws -> PostgresClient.Configuration {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme, ["postgres", "postgresql"].contains(scheme),
              let host = parts.host, !host.isEmpty else {
            throw StoreError(.invalidConfiguration, "not a PostgreSQL URL (expected postgres://user:password@host:port/database)")
        }
        let database = String(parts.path.drop { $0 == "/" })
        let query = Dictionary((parts.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        let tls: PostgresClient.Configuration.TLS
        switch query["sslmode"] ?? "disable" {
        case "disable": tls = .disable
        case "prefer": tls = .prefer(.makeClientConfiguration())
        case "require": tls = .require(.makeClientConfiguration())
        case let mode: throw StoreError(.invalidConfiguration, "unsupported sslmode '\(mode)' (disable, prefer or require)")
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: parts.port ?? 5432, username: parts.user ?? "postgres", password: parts.password,
            database: database.isEmpty ? nil : database, tls: tls
        )
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }
}

/// Turns postgres-nio's errors into ``StoreError``s that say what to do about them.
enum PostgresErrors {
    static func map(_ error: any Error, _ operation: String) -> any Error {
        if error is StoreError { return error }
        if let transaction = error as? PostgresTransactionError {
            // The closure's own error says most; a failed BEGIN or COMMIT says what the server did.
            if let cause = transaction.closureError ?? transaction.beginError ?? transaction.commitError {
                return map(cause, operation)
            }
        }
        guard let error = error as? PSQLError else {
            if error is CancellationError { return error }
            return StoreError(.unavailable, "\(operation): cannot reach PostgreSQL", underlying: error)
        }
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
            return StoreError(.unavailable, "\(operation): the connection to PostgreSQL failed", underlying: error)
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            if state == "23505" || state == "40001" || state == "40P01" {
                return StoreError(.conflict, "\(operation): a concurrent write conflicted (SQLSTATE \(state))", underlying: error)
            }
            if state.hasPrefix("57P") || state.hasPrefix("08") || state == "53300" {
                return StoreError(.unavailable, "\(operation): PostgreSQL is restarting or refused the connection (SQLSTATE \(state))", underlying: error)
            }
            if state.hasPrefix("53") {
                return StoreError(.full, "\(operation): PostgreSQL is out of resources (SQLSTATE \(state))", underlying: error)
            }
            return StoreError(.failed, "\(operation) failed (SQLSTATE \(state))", underlying: error)
        default:
            return StoreError(.failed, "\(operation) failed (\(error.code))", underlying: error)
        }
    }
}
