import CutoverCore

/// An event of PagerDuty's Events API v2 (`POST https://events.pagerduty.com/v2/enqueue`).
///
/// A rollback's events share one `dedup_key`: `ROLLBACK_INITIATED` triggers the incident,
/// `ROLLBACK_FAILED` and `ROLLBACK_REFUSED` trigger it again (updating it), and
/// `ROLLBACK_COMPLETED` resolves it. Other events trigger an incident of their own.
struct PagerDutyEvent: Encodable {
    /// The Events API v2 endpoint.
    static let eventsURL = "https://events.pagerduty.com/v2/enqueue"

    struct Payload: Encodable {
        var summary: String
        var severity: String
        var source: String
        var component: String?
        var group: String
        var `class`: String
        var custom_details: [String: String]
    }

    var routing_key: String
    var event_action: String
    var dedup_key: String
    var payload: Payload?

    init(_ message: AlertMessage, routingKey: String) {
        let event = message.event
        routing_key = routingKey
        dedup_key = "cutover/\(message.run)/" + (event.rollbackID ?? "event-\(message.sequence)")
        event_action = event.kind == .rollbackCompleted ? "resolve" : "trigger"
        payload = event.kind == .rollbackCompleted ? nil : Payload(
            summary: String(([message.subject, event.detail].filter { !$0.isEmpty }.joined(separator: ": ")).prefix(1024)),
            severity: Self.severity(of: event), source: "cutover run \(message.run)", component: event.service,
            group: message.run, class: event.kind.rawValue,
            custom_details: [
                "actor": event.actor, "detail": event.detail, "event": event.kind.rawValue, "sequence": "\(message.sequence)",
                "rollback": event.rollbackID ?? "", "run": message.run,
            ]
        )
    }

    /// PagerDuty's severities are `critical`, `error`, `warning` and `info`.
    private static func severity(of event: MigrationEvent) -> String {
        switch event.severity {
        case .critical: "critical"
        case .warning: "warning"
        default: "info"
        }
    }
}
