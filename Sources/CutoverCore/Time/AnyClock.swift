/// A type-erased `Clock` measured in `Duration`, for components that hand one clock to many parts.
public struct AnyClock: Clock, Sendable {
    /// An instant of the erased clock: time since the erasure was made.
    public typealias Instant = VirtualClock.Instant

    private let elapsed: ElapsedTime

    /// Erases `clock`.
    public init<C: Clock>(_ clock: C) where C.Duration == Duration, C: Sendable {
        elapsed = ElapsedTime(clock)
    }

    public var now: Instant {
        Instant(offset: elapsed.now())
    }

    public var minimumResolution: Duration { .nanoseconds(1) }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try await elapsed.sleep(for: now.duration(to: deadline))
    }
}
