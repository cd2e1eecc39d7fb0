/// The pure logic of a circuit breaker: no clock, no lock, no I/O.
///
/// The caller passes the current time (a monotonic `Duration` since any fixed origin) to every
/// method that needs it; ``CircuitBreaker`` is the thread-safe shell around this value.
///
/// - **closed**: calls are admitted and judged over the sliding window. Once the window holds at
///   least `minimumCalls` calls, a failure rate ≥ `failureRateThreshold` or a slow-call rate ≥
///   `slowCallRateThreshold` opens the breaker.
/// - **open**: calls are rejected until `openDuration` has passed; the next acquire half-opens.
/// - **halfOpen**: `halfOpenProbes` probes are admitted, the rest rejected. All probes succeeding
///   (none slow) closes the breaker with a fresh window; any failed or slow probe reopens it.
///   If the probes never report, a new round of probes starts after another `openDuration`.
/// - **forcedOpen** / **disabled**: operator overrides, left only by ``reset()``.
///
/// Every admitted call should be recorded exactly once; while half-open, any recorded outcome
/// counts as a probe's.
public struct CircuitBreakerStateMachine: Sendable {
    /// The configuration, validated.
    public let configuration: CircuitBreaker.Configuration
    /// The current state. An open breaker whose time is up stays `open` until the next acquire.
    public private(set) var state: CircuitBreaker.State = .closed
    /// What the breaker has done so far.
    public private(set) var counters = CircuitBreaker.Counters()

    private var window: CircuitBreakerWindow
    /// Open: when probes may start. Half-open: when a stalled round of probes is renewed.
    private var deadline: Duration = .zero
    private var probesIssued = 0
    private var probesSucceeded = 0

    /// Creates a closed breaker with an empty window, validating `configuration`.
    public init(configuration: CircuitBreaker.Configuration = .init()) throws(CircuitBreaker.ConfigurationError) {
        try configuration.validate()
        self.configuration = configuration
        self.window = CircuitBreakerWindow(configuration.window)
    }

    /// Asks whether a call may go to the candidate at time `now`.
    public mutating func acquire(now: Duration) -> CircuitBreaker.Permission {
        switch state {
        case .closed, .disabled:
            return .admitted
        case .forcedOpen:
            counters.callsRejected += 1
            return .rejected
        case .open:
            guard now >= deadline else {
                counters.callsRejected += 1
                return .rejected
            }
            state = .halfOpen
            startProbeRound(now: now)
            return issueProbe()
        case .halfOpen:
            if probesIssued >= configuration.halfOpenProbes, now >= deadline {
                startProbeRound(now: now)
            }
            guard probesIssued < configuration.halfOpenProbes else {
                counters.callsRejected += 1
                return .rejected
            }
            return issueProbe()
        }
    }

    /// Records how an admitted call ended and how long it took, at time `now`.
    public mutating func record(_ outcome: CircuitBreaker.Outcome, duration: Duration, now: Duration) {
        guard state != .disabled else { return }
        let failed = outcome == .failure
        let slow = duration >= configuration.slowCallDurationThreshold
        counters.callsRecorded += 1
        if failed { counters.failuresRecorded += 1 }
        if slow { counters.slowCallsRecorded += 1 }

        switch state {
        case .closed:
            window.record(failed: failed, slow: slow, now: now)
            if shouldTrip {
                open(now: now)
            }
        case .halfOpen:
            if failed || slow {
                open(now: now)
            } else {
                probesSucceeded += 1
                if probesSucceeded >= configuration.halfOpenProbes {
                    close()
                }
            }
        case .open, .forcedOpen, .disabled:
            // A call admitted before the breaker opened: the breaker has already judged.
            break
        }
    }

    /// Records `count` successful calls that were faster than the slow-call threshold and were
    /// admitted while closed: the batched form of ``record(_:duration:now:)``.
    public mutating func recordSuccesses(_ count: Int, now: Duration) {
        guard count > 0, state != .disabled else { return }
        counters.callsRecorded += count
        if state == .closed {
            window.recordSuccesses(count, now: now)
        }
    }

    /// Rejects every call until ``reset()``.
    public mutating func forceOpen() {
        state = .forcedOpen
    }

    /// Admits every call and records nothing until ``reset()``.
    public mutating func disable() {
        state = .disabled
    }

    /// Closes the breaker with an empty window, from any state. Counters are kept.
    public mutating func reset() {
        close()
    }

    /// The state and window as of `now`, with times relative to `now`.
    public func snapshot(now: Duration) -> CircuitBreaker.Snapshot {
        CircuitBreaker.Snapshot(
            state: state,
            remainingOpenTime: state == .open ? max(deadline - now, .zero) : nil,
            window: configuration.window,
            calls: window.snapshotCalls(),
            buckets: window.snapshotBuckets(now: now)
        )
    }

    /// Takes over a snapshot's state and window as of `now` (see ``CircuitBreaker/Snapshot``).
    /// An open snapshot stays open for its remaining time, at most this breaker's `openDuration`.
    /// Counters are kept.
    public mutating func restore(_ snapshot: CircuitBreaker.Snapshot, now: Duration) {
        close()
        if (snapshot.window.duration != nil) == (configuration.window.duration != nil) {
            window.load(calls: snapshot.calls, buckets: snapshot.buckets, now: now)
        }
        state = snapshot.state
        switch snapshot.state {
        case .open:
            deadline = now + min(max(snapshot.remainingOpenTime ?? configuration.openDuration, .zero), configuration.openDuration)
        case .halfOpen:
            startProbeRound(now: now)
        case .closed, .forcedOpen, .disabled:
            break
        }
    }

    private var shouldTrip: Bool {
        guard window.calls >= configuration.effectiveMinimumCalls else { return false }
        let calls = Double(window.calls)
        return Double(window.failures) / calls >= configuration.failureRateThreshold
            || Double(window.slowCalls) / calls >= configuration.slowCallRateThreshold
    }

    private mutating func open(now: Duration) {
        state = .open
        deadline = now + configuration.openDuration
        counters.timesOpened += 1
    }

    private mutating func close() {
        state = .closed
        window.clear()
        probesIssued = 0
        probesSucceeded = 0
    }

    private mutating func startProbeRound(now: Duration) {
        probesIssued = 0
        probesSucceeded = 0
        deadline = now + configuration.openDuration
    }

    private mutating func issueProbe() -> CircuitBreaker.Permission {
        probesIssued += 1
        counters.probesAdmitted += 1
        return .probe
    }
}
