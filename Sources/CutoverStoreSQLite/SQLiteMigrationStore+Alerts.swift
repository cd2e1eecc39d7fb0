import CutoverCore
import CutoverStore
import Foundation
import GRDB

extension SQLiteMigrationStore {
    public func alerts(of run: String?, statuses: Set<AlertRecord.Status>, limit: Int) async throws -> [AlertRecord] {
        let statuses = statuses.map(\.rawValue)
        return try await read("read alerts") { db in
            try Row.fetchAll(db, sql: """
                SELECT a.*, e.kind, e.service, e.at_ns, e.actor, e.detail, e.rollback_id, e.recorded_at
                FROM alerts a JOIN events e ON e.run_id = a.run_id AND e.sequence = a.sequence
                WHERE (? IS NULL OR a.run_id = ?) AND a.status IN (SELECT value FROM json_each(?))
                ORDER BY a.run_id, a.sequence, a.route LIMIT ?
                """, arguments: [run, run, Self.jsonList(statuses), Int64(clamping: max(limit, 0))]
            ).map(Self.alert(from:))
        }
    }

    public func recordAlertAttempt(_ id: AlertID, _ attempt: AlertAttempt) async throws {
        let (status, nextAttemptAt, error, deliveredAt): (AlertRecord.Status, Double?, String?, Double?) = switch attempt {
        case .delivered(let date): (.delivered, nil, nil, date.timeIntervalSince1970)
        case .failed(let reason, let retryAt?): (.pending, retryAt.timeIntervalSince1970, reason, nil)
        case .failed(let reason, nil): (.dead, nil, reason, nil)
        }
        try await write("record alert attempt") { db in
            try db.execute(sql: """
                UPDATE alerts SET attempts = attempts + 1, status = ?, next_attempt_at = COALESCE(?, next_attempt_at),
                    last_error = COALESCE(?, last_error), delivered_at = ?
                WHERE run_id = ? AND sequence = ? AND route = ? AND status = 'pending'
                """, arguments: [
                    status.rawValue, nextAttemptAt, error, deliveredAt, id.run, Int64(clamping: id.sequence), id.route,
                ])
            guard db.changesCount == 1 else { throw StoreError(.notFound, "no pending alert \(id)") }
        }
    }

    public func requeueAlert(_ id: AlertID, at date: Date) async throws -> Bool {
        try await write("requeue alert") { db in
            try db.execute(sql: """
                UPDATE alerts SET status = 'pending', next_attempt_at = ?
                WHERE run_id = ? AND sequence = ? AND route = ? AND status = 'dead'
                """, arguments: [date.timeIntervalSince1970, id.run, Int64(clamping: id.sequence), id.route])
            return db.changesCount == 1
        }
    }

    /// Adds `alert` to the outbox unless it is there already (a transition committed again).
    static func insert(_ alert: AlertRecord, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO alerts (run_id, sequence, route, status, attempts, next_attempt_at) VALUES (?, ?, ?, ?, 0, ?)
            ON CONFLICT (run_id, sequence, route) DO NOTHING
            """, arguments: [
                alert.run, Int64(clamping: alert.sequence), alert.route, alert.status.rawValue,
                alert.nextAttemptAt.timeIntervalSince1970,
            ])
    }

    static func alert(from row: Row) -> AlertRecord {
        AlertRecord(
            run: row["run_id"], sequence: UInt64(row["sequence"] as Int64), route: row["route"], event: event(from: row).event,
            status: AlertRecord.Status(rawValue: row["status"]) ?? .dead, attempts: row["attempts"],
            nextAttemptAt: Date(timeIntervalSince1970: row["next_attempt_at"]), lastError: row["last_error"],
            deliveredAt: (row["delivered_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        )
    }

    private static func jsonList(_ values: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(values), as: UTF8.self)) ?? "[]"
    }
}
