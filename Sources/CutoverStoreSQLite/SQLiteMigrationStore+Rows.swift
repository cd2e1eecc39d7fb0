import CutoverCore
import CutoverStore
import Foundation
import GRDB

extension SQLiteMigrationStore {
    static func plan(from row: Row) -> PlanRecord {
        PlanRecord(
            name: row["name"], revision: row["revision"], source: row["source"],
            savedAt: Date(timeIntervalSince1970: row["saved_at"])
        )
    }

    static func run(from row: Row) -> RunRecord {
        RunRecord(
            id: row["id"], planName: row["plan_name"], planSource: row["plan_source"],
            createdAt: Date(timeIntervalSince1970: row["created_at"])
        )
    }

    static func event(from row: Row) -> StoredEvent {
        StoredEvent(
            sequence: UInt64(row["sequence"] as Int64),
            event: MigrationEvent(
                MigrationEvent.Kind(rawValue: row["kind"]), at: Duration(storedNanoseconds: row["at_ns"]),
                service: row["service"], actor: row["actor"], detail: row["detail"], rollbackID: row["rollback_id"]
            ),
            recordedAt: Date(timeIntervalSince1970: row["recorded_at"])
        )
    }

    static func token(from row: Row) -> TokenRecord {
        TokenRecord(
            id: row["id"], name: row["name"], role: row["role"], hash: row["hash"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            revokedAt: (row["revoked_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        )
    }
}

/// Turns SQLite's errors into ``StoreError``s that say what to do about them.
enum SQLiteErrors {
    static func map(_ error: any Error, _ operation: String) -> any Error {
        if error is StoreError { return error }
        guard let error = error as? DatabaseError else {
            return StoreError(.failed, "\(operation) failed", underlying: error)
        }
        switch error.resultCode {
        case .SQLITE_FULL:
            return StoreError(.full, "\(operation): the database or the disk is full", underlying: error)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return StoreError(.corrupt, "\(operation): the database file is damaged or is not a Cutover database", underlying: error)
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN:
            return StoreError(.readOnly, "\(operation): the database file cannot be opened for writing (check its permissions)", underlying: error)
        case .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_IOERR:
            return StoreError(.unavailable, "\(operation): the database is busy or the disk failed a read or write", underlying: error)
        default:
            return StoreError(.failed, "\(operation) failed (SQLite code \(error.resultCode.rawValue))", underlying: error)
        }
    }
}
