/// Where events of some kinds are announced: a Slack channel, a PagerDuty service, an e-mail
/// or SMS provider's webhook, or any JSON webhook.
///
/// A route never holds a secret: ``targetEnvironmentVariable`` and
/// ``endpointEnvironmentVariable`` name environment variables, and header values refer to them
/// as `${NAME}`; they are read when an alert is delivered.
public struct NotificationRoute: Hashable, Sendable {
    /// How a route delivers.
    public enum Channel: String, Hashable, Sendable, CaseIterable {
        /// A Slack incoming webhook; the target is the webhook's URL.
        case slack
        /// PagerDuty's Events API v2; the target is the integration's routing key.
        case pagerduty
        /// An e-mail provider's HTTP API; the target is the recipient's address.
        case email
        /// An SMS provider's HTTP API; the target is the recipient's number.
        case sms
        /// A JSON POST of the event; the target is the URL.
        case webhook

        /// Whether the route posts to a provider's endpoint that the plan must name
        /// (``NotificationRoute/endpointEnvironmentVariable``): e-mail and SMS.
        public var needsEndpoint: Bool {
            self == .email || self == .sms
        }
    }

    /// What a route carries.
    public enum Severity: String, Hashable, Sendable, CaseIterable {
        /// Service or phase complete.
        case success
        /// A metric past its warning fraction, a paused run, a failed preflight.
        case warning
        /// Rollbacks initiated, completed, failed or refused.
        case critical
        /// Every event.
        case all
    }

    /// The route's name.
    public var name: String
    /// The channel.
    public var channel: Channel
    /// The severities it carries.
    public var severities: Set<Severity>
    /// Event kinds it carries besides its severities (e.g. `APPROVAL_REQUESTED`).
    public var events: Set<MigrationEvent.Kind> = []
    /// Name of the environment variable that holds the target: the webhook's URL (Slack,
    /// webhook), the routing key (PagerDuty), the recipient (e-mail, SMS).
    public var targetEnvironmentVariable: String
    /// Name of the environment variable that holds the URL alerts are posted to: the e-mail or
    /// SMS provider's API (required there), or another PagerDuty Events API endpoint.
    public var endpointEnvironmentVariable: String?
    /// HTTP headers sent with each delivery, as `Name: value`; `${NAME}` in a value is replaced
    /// by the environment variable `NAME` (e.g. `Authorization: Bearer ${MAIL_API_KEY}`).
    public var headers: [String] = []
    /// The JSON body of an e-mail or SMS delivery, with `{{placeholders}}` (see
    /// ``AlertMessage/placeholders``); `nil` takes the channel's default.
    public var body: String?

    /// Creates a route.
    public init(
        name: String, channel: Channel, severities: Set<Severity>, events: Set<MigrationEvent.Kind> = [],
        targetEnvironmentVariable: String, endpointEnvironmentVariable: String? = nil, headers: [String] = [],
        body: String? = nil
    ) {
        self.name = name
        self.channel = channel
        self.severities = severities
        self.events = events
        self.targetEnvironmentVariable = targetEnvironmentVariable
        self.endpointEnvironmentVariable = endpointEnvironmentVariable
        self.headers = headers
        self.body = body
    }

    /// Whether the route carries `event`.
    public func carries(_ event: MigrationEvent) -> Bool {
        if events.contains(event.kind) || severities.contains(.all) { return true }
        return event.severity.map(severities.contains) ?? false
    }
}
