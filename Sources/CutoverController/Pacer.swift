/// Holds a run's time to the wall clock: run time passes `scale` times as fast as real time,
/// from the run time it was created at.
public struct Pacer: Sendable {
    /// How many times faster than real time run time passes.
    public let scale: Double
    private let originRunTime: Duration
    private let origin: ContinuousClock.Instant

    /// A pacer whose run time is `runTime` now.
    public init(scale: Double, runTime: Duration, clock: ContinuousClock = .continuous) {
        self.scale = scale
        self.originRunTime = runTime
        self.origin = clock.now
    }

    /// Run time now.
    public var runTime: Duration {
        originRunTime + (ContinuousClock.now - origin) * scale
    }

    /// Sleeps until the wall clock reaches run time `runTime` (returns at once when it has).
    public func wait(until runTime: Duration) async throws {
        let deadline = origin + (runTime - originRunTime) / scale
        try await ContinuousClock().sleep(until: deadline, tolerance: .milliseconds(1))
    }
}
