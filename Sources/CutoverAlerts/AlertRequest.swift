import CutoverCore
import Foundation

/// One HTTP POST that delivers an alert: where, with which headers, what body.
public struct AlertRequest: Sendable {
    /// The URL (a secret: never logged).
    public var url: String
    /// Header names and values; values may be secrets.
    public var headers: [(name: String, value: String)]
    /// The JSON body.
    public var body: Data
    /// Other secrets the request carries (a routing key in the body), kept out of messages
    /// like the URL and the header values.
    public var secrets: [String]

    /// Creates a request.
    public init(url: String, headers: [(name: String, value: String)] = [], body: Data, secrets: [String] = []) {
        self.url = url
        self.headers = headers
        self.body = body
        self.secrets = secrets
    }

    /// Every secret of the request: the URL, the header values and ``secrets``.
    var allSecrets: [String] {
        [url] + headers.map(\.value) + secrets
    }
}

extension AlertRequest {
    /// The request that delivers `message` through `route`, its secrets read from `environment`.
    ///
    /// - Slack: `{"text": …}` to the incoming webhook.
    /// - PagerDuty: an Events API v2 event; a rollback's events share the dedup key
    ///   `cutover/RUN/ROLLBACK`, so its start triggers one incident and its completion resolves it.
    /// - E-mail and SMS: the route's body template (or the channel's default) to the provider's endpoint.
    /// - Webhook: the route's body template, or the event as JSON.
    public static func delivering(
        _ message: AlertMessage, through route: NotificationRoute, environment: [String: String]
    ) throws(AlertDeliveryError) -> AlertRequest {
        let target = try variable(route.targetEnvironmentVariable, of: route, in: environment)
        switch route.channel {
        case .slack:
            return AlertRequest(url: target, body: json(["text": message.text]))
        case .pagerduty:
            let url = route.endpointEnvironmentVariable.flatMap { environment[$0] } ?? PagerDutyEvent.eventsURL
            return AlertRequest(url: url, body: json(PagerDutyEvent(message, routingKey: target)), secrets: [target])
        case .email, .sms:
            let endpoint = try variable(route.endpointEnvironmentVariable ?? "", of: route, in: environment)
            let template = route.body.map(AlertTemplate.init) ?? (route.channel == .sms ? .sms : .email)
            let body = Data(template.render(message.placeholderValues(recipient: target)).utf8)
            return AlertRequest(url: endpoint, headers: try headers(of: route, in: environment), body: body, secrets: [target])
        case .webhook:
            let body = route.body.map { Data(AlertTemplate($0).render(message.placeholderValues(recipient: "")).utf8) }
                ?? json(WebhookEvent(message))
            return AlertRequest(url: target, headers: try headers(of: route, in: environment), body: body)
        }
    }

    private static func variable(
        _ name: String, of route: NotificationRoute, in environment: [String: String]
    ) throws(AlertDeliveryError) -> String {
        guard let value = environment[name], !value.isEmpty else {
            throw AlertDeliveryError(.notConfigured, "route '\(route.name)': the environment variable \(name) is not set")
        }
        return value
    }

    private static func headers(
        of route: NotificationRoute, in environment: [String: String]
    ) throws(AlertDeliveryError) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json")]
        for line in route.headers {
            guard let header = AlertHeader(line) else { continue }
            switch header.resolved(in: environment) {
            case .success(let value): headers.append((header.name, value))
            case .failure(let missing):
                throw AlertDeliveryError(.notConfigured, "route '\(route.name)': the environment variable \(missing.name) is not set")
            }
        }
        return headers
    }

    static func json(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }
}
