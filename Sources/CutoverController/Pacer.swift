import CutoverCore

/// Holds a run's time to the wall clock: run time passes `scale` times as fast as real time,
/// from the run time it was created at.
///
/// A driver that falls behind (a slow commit, a long preflight) does not catch up in a burst
/// of samples that would each see almost no traffic: once it is more than ``slack`` late, run
/// time slips, continuing from where the driver is.
public final class Pacer: Sendable {
    /// How many times faster than real time run time passes.
    public let scale: Double
    /// How late the driver may be before run time slips.
    public let slack: Duration
    private let anchor: Locked<(runTime: Duration, wall: ContinuousClock.Instant)>

    /// A pacer whose run time is `runTime` now.
    public init(scale: Double, runTime: Duration, slack: Duration = .milliseconds(100)) {
        self.scale = scale
        self.slack = slack
        self.anchor = Locked((runTime, ContinuousClock.now))
    }

    /// Run time now.
    public var runTime: Duration {
        let (runTime, wall) = anchor.withLock { $0 }
        return runTime + (ContinuousClock.now - wall) * scale
    }

    /// Sleeps until the wall clock reaches run time `runTime`; returns at once when it has,
    /// and lets run time slip to `runTime` when that was more than ``slack`` ago.
    public func wait(until runTime: Duration) async throws {
        let now = ContinuousClock.now
        let deadline = anchor.withLock { anchor in
            let deadline = anchor.wall + (runTime - anchor.runTime) / scale
            if now - deadline > slack { anchor = (runTime, now) }
            return deadline
        }
        if deadline > now {
            try await ContinuousClock().sleep(until: deadline, tolerance: .milliseconds(1))
        }
    }
}
