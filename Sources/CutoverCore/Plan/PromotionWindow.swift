/// When traffic may increase, e.g. weekdays 09:00–17:00 in the plan's time zone.
public struct PromotionWindow: Hashable, Sendable {
    /// The window's name, referenced by phases.
    public var name: String
    /// Days of the week (1 = Monday … 7 = Sunday, ISO 8601).
    public var weekdays: Set<Int>
    /// Start, in minutes after local midnight.
    public var startMinute: Int
    /// End (exclusive), in minutes after local midnight.
    public var endMinute: Int

    /// Creates a window.
    public init(name: String, weekdays: Set<Int>, startMinute: Int, endMinute: Int) {
        self.name = name
        self.weekdays = weekdays
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// Whether a local time (ISO weekday and minute of the day) is inside the window.
    public func contains(weekday: Int, minuteOfDay: Int) -> Bool {
        weekdays.contains(weekday) && minuteOfDay >= startMinute && minuteOfDay < endMinute
    }
}

/// Where events of some kinds are announced.
public struct NotificationRoute: Hashable, Sendable {
    /// How a route delivers.
    public enum Channel: String, Hashable, Sendable, CaseIterable {
        case slack, pagerduty, email, sms, webhook
    }

    /// What a route carries.
    public enum Severity: String, Hashable, Sendable, CaseIterable {
        /// Service or phase complete.
        case success
        /// A metric past its warning fraction.
        case warning
        /// Rollbacks initiated, completed or failed.
        case critical
        /// Every event.
        case all
    }

    /// The route's name.
    public var name: String
    /// The channel.
    public var channel: Channel
    /// What it carries.
    public var severities: Set<Severity>
    /// Name of the environment variable that holds the target (webhook URL, routing key).
    public var targetEnvironmentVariable: String

    /// Creates a route.
    public init(name: String, channel: Channel, severities: Set<Severity>, targetEnvironmentVariable: String) {
        self.name = name
        self.channel = channel
        self.severities = severities
        self.targetEnvironmentVariable = targetEnvironmentVariable
    }
}
