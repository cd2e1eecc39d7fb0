import CutoverCore

/// The clock of a simulation: a base time the driver moves, plus the current request's work.
///
/// ``now`` is the base time (moved only by ``advance(by:)`` and ``advance(to:)``) plus the
/// ``RequestTime`` of the calling task. A router created with this clock therefore measures a
/// call as the ``SimulatedWork`` spent inside it, and a driver replays hours of traffic by
/// advancing the base between requests. Sleepers wait, like on a `VirtualClock`, until the base
/// passes their deadline.
///
/// ```swift
/// let clock = SimulationClock()
/// let router = try MigrationRouter(flags: flags, clock: clock)
/// for request in traffic.requests(from: .zero, to: .seconds(60)) {
///     clock.advance(to: request.arrival)
///     _ = await app.handle(request)   // binds a fresh RequestTime
/// }
/// ```
public final class SimulationClock: Clock, Sendable {
    /// A point in simulated time, measured from the clock's creation.
    public typealias Instant = VirtualClock.Instant

    private let base = VirtualClock()

    /// A clock at simulated time zero.
    public init() {}

    /// The base time plus the work the current request has spent.
    public var now: Instant {
        base.now.advanced(by: RequestTime.current?.elapsed ?? .zero)
    }

    /// The base time since the clock's creation, without any request's work.
    public var elapsed: Duration {
        base.now.offset
    }

    public var minimumResolution: Duration { .zero }

    /// The number of tasks waiting for the base time to pass their deadline.
    public var sleeperCount: Int {
        base.sleeperCount
    }

    /// Suspends until ``now`` reaches `deadline`: until the base passes the deadline less the
    /// calling request's work. Throws when the task is cancelled.
    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let spent = RequestTime.current?.elapsed ?? .zero
        try await base.sleep(until: deadline.advanced(by: .zero - spent), tolerance: tolerance)
    }

    /// Moves the base time forward by `duration`, waking the sleepers whose deadline passed.
    public func advance(by duration: Duration) {
        base.advance(by: duration)
    }

    /// Moves the base time forward to `time` since the clock's creation; never moves it back.
    public func advance(to time: Duration) {
        let step = time - base.now.offset
        if step > .zero { base.advance(by: step) }
    }

    /// Moves the base time forward to `instant`; never moves it back.
    public func advance(to instant: Instant) {
        advance(to: instant.offset)
    }

    /// Runs `body` as one request: with a fresh ``RequestTime`` that its ``SimulatedWork`` adds to.
    public static func withRequest<T>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> T
    ) async rethrows -> T {
        try await RequestTime.$current.withValue(RequestTime(), operation: body)
    }
}
