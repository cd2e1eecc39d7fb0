import CutoverCore
import Foundation

extension AlertRequest {
    /// The kind of the message a preflight sends through each route.
    public static let preflightKind = MigrationEvent.Kind(rawValue: "PREFLIGHT_CHECK")

    /// A test delivery through `route` before run `run` starts: a short message saying so,
    /// except on PagerDuty, which gets a change event (it shows in the service's timeline and
    /// pages nobody).
    public static func preflight(
        through route: NotificationRoute, run: String, environment: [String: String]
    ) throws(AlertDeliveryError) -> AlertRequest {
        let event = MigrationEvent(
            preflightKind, at: .zero, actor: "preflight",
            detail: "Cutover checks that the route '\(route.name)' delivers before run \(run) starts; nothing to do."
        )
        let message = AlertMessage(run: run, sequence: 0, event: event)
        var request = try delivering(message, through: route, environment: environment)
        if route.channel == .pagerduty {
            request.url = PagerDutyChange.url(forEventsURL: request.url)
            request.body = json(PagerDutyChange(message, routingKey: environment[route.targetEnvironmentVariable] ?? ""))
        }
        return request
    }
}

/// A change event of PagerDuty's Change Events API (`POST /v2/change/enqueue`): recorded on the
/// service, never an incident, so a preflight can prove a routing key without paging anyone.
struct PagerDutyChange: Encodable {
    struct Payload: Encodable {
        var summary: String
        var source: String
    }

    var routing_key: String
    var payload: Payload

    init(_ message: AlertMessage, routingKey: String) {
        routing_key = routingKey
        payload = Payload(summary: String(message.event.detail.prefix(1024)), source: "cutover run \(message.run)")
    }

    /// The change endpoint beside an events endpoint: `…/v2/enqueue` becomes `…/v2/change/enqueue`.
    static func url(forEventsURL events: String) -> String {
        events.hasSuffix("/v2/enqueue") ? String(events.dropLast("/v2/enqueue".count)) + "/v2/change/enqueue" : events
    }
}
