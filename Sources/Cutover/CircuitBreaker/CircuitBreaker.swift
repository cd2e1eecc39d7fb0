import CutoverCore
import Synchronization

/// A candidate's local circuit breaker: sends traffic back to legacy within milliseconds on this
/// instance when the candidate fails or slows down, while the fleet-level analysis decides.
///
/// It sits on the request path of every candidate call:
/// ```swift
/// let breaker = try CircuitBreaker(configuration: .init(window: .time(.seconds(60))))
/// let permission = breaker.acquire()
/// guard permission.isAdmitted else { return try await legacy.call(request) }
/// let start = ContinuousClock.now
/// do {
///     let response = try await candidate.call(request)
///     breaker.record(.success, duration: start.duration(to: .now))
///     return response
/// } catch {
///     breaker.record(.failure, duration: start.duration(to: .now))
///     throw error
/// }
/// ```
///
/// ``acquire()`` in the closed and disabled states reads one atomic and takes no lock;
/// ``record(_:duration:)`` holds a lock for a few arithmetic operations. Neither allocates.
/// The logic lives in ``CircuitBreakerStateMachine``; this class adds the clock and the lock.
///
/// Its state is portable: ``snapshot()`` and ``restore(_:)`` back it up and bring it back,
/// ``transferState(from:)`` hands a legacy breaker's state to the candidate's at cutover.
public final class CircuitBreaker: Sendable {
    /// The configuration, validated.
    public let configuration: Configuration

    private let elapsed: ElapsedTime
    private let machine: Mutex<CircuitBreakerStateMachine>
    /// ``State/code`` of the machine's state, written under the lock, read without it.
    private let stateCode: Atomic<UInt8>

    /// Creates a closed breaker reading time from `clock`.
    ///
    /// - Throws: ``ConfigurationError`` naming the first invalid field of `configuration`.
    public init<C: Clock>(
        configuration: Configuration = .init(),
        clock: C = ContinuousClock()
    ) throws(ConfigurationError) where C.Duration == Duration, C: Sendable {
        let machine = try CircuitBreakerStateMachine(configuration: configuration)
        self.configuration = configuration
        self.elapsed = ElapsedTime(clock)
        self.stateCode = Atomic(machine.state.code)
        self.machine = Mutex(machine)
    }

    /// The current state. An open breaker whose time is up reads `open` until the next acquire.
    public var state: State {
        switch stateCode.load(ordering: .relaxed) {
        case State.closed.code: .closed
        case State.open.code: .open
        case State.halfOpen.code: .halfOpen
        case State.forcedOpen.code: .forcedOpen
        default: .disabled
        }
    }

    /// What the breaker has done since it was created, for metrics.
    public var counters: Counters {
        machine.withLock { $0.counters }
    }

    /// Asks whether this call may go to the candidate. Record the outcome of every admitted call.
    public func acquire() -> Permission {
        let code = stateCode.load(ordering: .relaxed)
        if code == State.closed.code || code == State.disabled.code {
            return .admitted
        }
        let now = elapsed.now()
        return update { $0.acquire(now: now) }
    }

    /// Records how an admitted call ended and how long it took.
    ///
    /// A call at or above the configuration's `slowCallDurationThreshold` counts as slow.
    public func record(_ outcome: Outcome, duration: Duration) {
        if stateCode.load(ordering: .relaxed) == State.disabled.code {
            return
        }
        let now = elapsed.now()
        update { $0.record(outcome, duration: duration, now: now) }
    }

    /// Operator override: rejects every call until ``reset()``.
    public func forceOpen() {
        update { $0.forceOpen() }
    }

    /// Operator override: admits every call and records nothing until ``reset()``.
    public func disable() {
        update { $0.disable() }
    }

    /// Closes the breaker with an empty window, from any state. Counters are kept.
    public func reset() {
        update { $0.reset() }
    }

    /// The state and window now, with relative times, to back up or move to another process.
    public func snapshot() -> Snapshot {
        let now = elapsed.now()
        return machine.withLock { $0.snapshot(now: now) }
    }

    /// Takes over a snapshot's state and window (see ``Snapshot`` for the rules). Counters are kept.
    ///
    /// A snapshot taken with the other window kind keeps its state and starts a fresh window.
    public func restore(_ snapshot: Snapshot) {
        let now = elapsed.now()
        update { $0.restore(snapshot, now: now) }
    }

    /// Takes over `other`'s state and window: the `statePreservation` cutover, where the legacy
    /// breaker's state moves to the candidate's. `other` is left unchanged.
    public func transferState(from other: CircuitBreaker) {
        guard other !== self else { return }
        restore(other.snapshot())
    }

    /// Runs `body` on the machine under the lock and republishes its state.
    private func update<Result>(_ body: (inout CircuitBreakerStateMachine) -> Result) -> Result {
        machine.withLock { machine in
            let result = body(&machine)
            stateCode.store(machine.state.code, ordering: .relaxed)
            return result
        }
    }
}
