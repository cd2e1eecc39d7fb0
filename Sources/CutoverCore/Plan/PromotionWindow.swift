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

