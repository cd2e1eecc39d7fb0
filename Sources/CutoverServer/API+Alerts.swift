import CutoverAlerts
import CutoverCore
import CutoverStore
import Foundation
import Hummingbird
import Logging

/// The run's alert outbox: what was delivered, what waits for a retry, what was dead-lettered;
/// and putting a dead alert back in the queue.
extension API {
    /// An alert as the API shows it (never a target, endpoint or header value).
    struct AlertBody: Encodable {
        var sequence: UInt64
        var route: String
        var type: String
        var service: String?
        var status: String
        var attempts: Int
        var nextAttemptAt: Date?
        var lastError: String?
        var deliveredAt: Date?

        init(_ alert: AlertRecord) {
            sequence = alert.sequence
            route = alert.route
            type = alert.event.kind.rawValue
            service = alert.event.service
            status = alert.status.rawValue
            attempts = alert.attempts
            nextAttemptAt = alert.status == .pending ? alert.nextAttemptAt : nil
            lastError = alert.lastError
            deliveredAt = alert.deliveredAt
        }
    }

    @Sendable func listAlerts(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        let run = try await existingRun(context)
        let query = request.uri.queryParameters
        let limit = try Self.integer(query, "limit", default: 500, in: 1...10_000)
        var statuses = Set(AlertRecord.Status.allCases)
        if let names = query.get("status") {
            statuses = try Set(names.split(separator: ",", omittingEmptySubsequences: false).map { name in
                guard let status = AlertRecord.Status(rawValue: String(name)) else {
                    let known = AlertRecord.Status.allCases.map(\.rawValue).joined(separator: ", ")
                    throw APIError.invalid("status", "unknown status '\(name)'; expected one or more of \(known), separated by commas")
                }
                return status
            })
        }
        let alerts = try await store.alerts(of: run.id, statuses: statuses, limit: Int(limit))
        return try JSON.response(["alerts": alerts.map(AlertBody.init)])
    }

    @Sendable func retryAlert(_ request: Request, _ context: APIContext, _ identity: TokenIdentity?) async throws -> Response {
        let run = try await existingRun(context)
        let sequenceText = try context.parameters.require("sequence")
        guard let sequence = UInt64(sequenceText), sequence > 0, sequence <= UInt64(Int64.max) else {
            throw APIError.invalid("sequence", "sequence must be an event's sequence number, from 1")
        }
        let id = AlertID(run: run.id, sequence: sequence, route: try context.parameters.require("route"))
        guard try await store.requeueAlert(id, at: Date()) else {
            let all = try await store.alerts(of: run.id, statuses: Set(AlertRecord.Status.allCases), limit: .max)
            guard let alert = all.first(where: { $0.id == id }) else {
                throw APIError.notFound("run \(run.id) has no alert of event \(sequence) through route '\(id.route)'", field: "route")
            }
            throw APIError.conflict("the alert is \(alert.status.rawValue), not dead: only a dead alert can be retried")
        }
        context.logger.info("dead alert requeued", metadata: ["alert.id": "\(id)", "actor": "\(Self.actor(identity))"])
        host?.alerts.nudge()
        let requeued = try await store.alerts(of: run.id, statuses: [.pending], limit: .max).first { $0.id == id }
        return try JSON.response(requeued.map(AlertBody.init), status: .accepted)
    }
}
