import CutoverCore

/// The simulated time one request has spent so far: the sum of its ``SimulatedWork``.
///
/// A request's tasks share one accumulator through the task-local ``current``; child tasks
/// inherit it, so work done in a task group counts towards the request (concurrent work adds
/// up rather than overlapping).
public final class RequestTime: Sendable {
    /// The accumulator of the request the current task serves, if any.
    @TaskLocal public static var current: RequestTime?

    private let spent = Locked<Duration>(.zero)

    /// A request that has spent nothing yet.
    public init() {}

    /// The work time spent so far.
    public var elapsed: Duration {
        spent.withLock { $0 }
    }

    /// Adds `duration` of work.
    public func add(_ duration: Duration) {
        spent.withLock { $0 += duration }
    }
}
