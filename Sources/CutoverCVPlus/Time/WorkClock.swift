import CutoverCore

/// How an implementation takes the time its work costs.
///
/// Services call ``spend(_:)`` for their latency: in production-like runs ``RealWork`` sleeps;
/// in simulations ``SimulatedWork`` only adds the duration to the request's elapsed time, which
/// a ``SimulationClock`` reads, so hours of traffic simulate in seconds.
public protocol WorkClock: Sendable {
    /// Takes `duration` of work time.
    func spend(_ duration: Duration) async

    /// Takes `duration` of work time at once if that needs no waiting, and says whether it did;
    /// a caller told `false` awaits ``spend(_:)`` instead. The default takes nothing at once.
    ///
    /// A simulated call that spends its latency here passes no suspension point, so it pays no
    /// executor hop on its way back to its caller.
    func spendWithoutWaiting(_ duration: Duration) -> Bool
}

extension WorkClock {
    public func spendWithoutWaiting(_ duration: Duration) -> Bool {
        false
    }
}

/// Work that really takes its time: sleeps on a clock (the continuous clock by default).
public struct RealWork: WorkClock {
    private let time: ElapsedTime

    /// Sleeps on `clock`.
    public init<C: Clock>(clock: C = ContinuousClock()) where C.Duration == Duration, C: Sendable {
        time = ElapsedTime(clock)
    }

    /// Sleeps for `duration`; returns early when the task is cancelled.
    public func spend(_ duration: Duration) async {
        guard duration > .zero else { return }
        try? await time.sleep(for: duration)
    }
}

/// Work that takes no real time: adds its duration to the current request's ``RequestTime``.
///
/// Outside a request (no ``SimulationClock/withRequest(_:)`` in the task) the work is free:
/// background calls such as shadow comparisons then complete instantly.
public struct SimulatedWork: WorkClock {
    /// Simulated work.
    public init() {}

    /// Adds `duration` to the current request's elapsed time.
    public func spend(_ duration: Duration) async {
        _ = spendWithoutWaiting(duration)
    }

    /// Adds `duration` to the current request's elapsed time; always `true`.
    public func spendWithoutWaiting(_ duration: Duration) -> Bool {
        if duration > .zero { RequestTime.current?.add(duration) }
        return true
    }
}
