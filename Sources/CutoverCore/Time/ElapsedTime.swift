/// A monotonic reading of "time since start" taken from any `Clock`.
///
/// Runtime components that keep deadlines (breakers, pins, caches) store this rather than a
/// generic clock, so they accept any `Clock` without becoming generic themselves.
public struct ElapsedTime: Sendable {
    private let read: @Sendable () -> Duration

    /// Reads `clock`, measuring from the moment of this call.
    public init<C: Clock>(_ clock: C) where C.Duration == Duration, C: Sendable {
        let origin = clock.now
        self.read = { origin.duration(to: clock.now) }
    }

    /// Time elapsed since this reading was created.
    public func now() -> Duration {
        read()
    }
}
