import CutoverCore
import CutoverStore
import Foundation
import PostgresNIO

extension PostgresMigrationStore {
    public func alerts(of run: String?, statuses: Set<AlertRecord.Status>, limit: Int) async throws -> [AlertRecord] {
        let statuses = statuses.map(\.rawValue)
        return try await mapped("read alerts") {
            let rows = try await client.query("""
                SELECT a.run_id, a.sequence, a.route, a.status, a.attempts, a.next_attempt_at, a.last_error, a.delivered_at,
                       e.kind, e.service, e.at_ns, e.actor, e.detail, e.rollback_id
                FROM alerts a JOIN events e ON e.run_id = a.run_id AND e.sequence = a.sequence
                WHERE (\(run)::TEXT IS NULL OR a.run_id = \(run)) AND a.status = ANY(\(statuses))
                ORDER BY a.run_id, a.sequence, a.route LIMIT \(Int64(clamping: max(limit, 0)))
                """, logger: logger)
            var alerts: [AlertRecord] = []
            for try await (
                run, sequence, route, status, attempts, nextAttemptAt, lastError, deliveredAt,
                kind, service, at, actor, detail, rollbackID
            ) in rows.decode(
                (String, Int64, String, String, Int32, Date, String?, Date?, String, String?, Int64, String, String, String?).self
            ) {
                alerts.append(AlertRecord(
                    run: run, sequence: UInt64(sequence), route: route,
                    event: MigrationEvent(
                        MigrationEvent.Kind(rawValue: kind), at: Duration(storedNanoseconds: at), service: service,
                        actor: actor, detail: detail, rollbackID: rollbackID
                    ),
                    status: AlertRecord.Status(rawValue: status) ?? .dead, attempts: Int(attempts),
                    nextAttemptAt: nextAttemptAt, lastError: lastError, deliveredAt: deliveredAt
                ))
            }
            return alerts
        }
    }

    public func recordAlertAttempt(_ id: AlertID, _ attempt: AlertAttempt) async throws {
        let (status, nextAttemptAt, error, deliveredAt): (AlertRecord.Status, Date?, String?, Date?) = switch attempt {
        case .delivered(let date): (.delivered, nil, nil, date)
        case .failed(let reason, let retryAt?): (.pending, retryAt, reason, nil)
        case .failed(let reason, nil): (.dead, nil, reason, nil)
        }
        try await mapped("record alert attempt") {
            let rows = try await client.query("""
                UPDATE alerts SET attempts = attempts + 1, status = \(status.rawValue),
                    next_attempt_at = COALESCE(\(nextAttemptAt)::TIMESTAMPTZ, next_attempt_at),
                    last_error = COALESCE(\(error)::TEXT, last_error), delivered_at = \(deliveredAt)::TIMESTAMPTZ
                WHERE run_id = \(id.run) AND sequence = \(Int64(clamping: id.sequence)) AND route = \(id.route)
                    AND status = 'pending'
                RETURNING route
                """, logger: logger)
            guard try await rows.collect().count == 1 else { throw StoreError(.notFound, "no pending alert \(id)") }
        }
    }

    public func requeueAlert(_ id: AlertID, at date: Date) async throws -> Bool {
        try await mapped("requeue alert") {
            let rows = try await client.query("""
                UPDATE alerts SET status = 'pending', next_attempt_at = \(date)
                WHERE run_id = \(id.run) AND sequence = \(Int64(clamping: id.sequence)) AND route = \(id.route)
                    AND status = 'dead'
                RETURNING route
                """, logger: logger)
            return try await rows.collect().count == 1
        }
    }
}
