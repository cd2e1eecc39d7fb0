/// Time since start, and sleeping, read from any `Clock`.
///
/// Runtime components that keep deadlines (breakers, pins, caches, time budgets) store this
/// rather than a generic clock, so they accept any `Clock` — the continuous clock in
/// production, a ``VirtualClock`` in simulations and tests — without becoming generic.
public struct ElapsedTime: Sendable {
    private let read: @Sendable () -> Duration
    private let wait: @Sendable (Duration) async throws -> Void

    /// Reads `clock`, measuring from the moment of this call.
    public init<C: Clock>(_ clock: C) where C.Duration == Duration, C: Sendable {
        let origin = clock.now
        read = { origin.duration(to: clock.now) }
        wait = { try await clock.sleep(for: $0) }
    }

    /// Time elapsed since this reading was created.
    public func now() -> Duration {
        read()
    }

    /// Sleeps for `duration` on the underlying clock; throws when the task is cancelled.
    public func sleep(for duration: Duration) async throws {
        try await wait(duration)
    }
}
