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
/// ``acquire()`` in the closed and disabled states reads one atomic and takes no lock.
/// ``record(_:duration:)`` of a fast success while closed only bumps a counter of the calling
/// thread's stripe: successes cannot trip a breaker, so they are handed to the window in a
/// batch just before anything that can (a failure, a slow call) or that reads the window. Every
/// other record holds the breaker's lock for a few arithmetic operations. Nothing allocates.
/// The logic lives in ``CircuitBreakerStateMachine``; this class adds the clock and the lock.
///
/// Its state is portable: ``snapshot()`` and ``restore(_:)`` back it up and bring it back,
/// ``transferState(from:)`` hands a legacy breaker's state to the candidate's at cutover.
public final class CircuitBreaker: Sendable {
    /// The configuration, validated.
    public let configuration: Configuration

    private let elapsed: ElapsedTime
    private let machine: Locked<CircuitBreakerStateMachine>
    /// ``State/code`` of the machine's state, written under the lock, read without it.
    private let stateCode: Atomic<UInt8>
    /// Fast successes recorded while closed and not yet handed to the machine, per thread stripe.
    private let pendingSuccesses: [PendingSuccesses]

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
        self.machine = Locked(machine)
        pendingSuccesses = (0..<PendingSuccesses.stripeCount).map { _ in PendingSuccesses() }
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
        update { $0.counters }
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
        let code = stateCode.load(ordering: .relaxed)
        if code == State.disabled.code {
            return
        }
        if code == State.closed.code, outcome == .success, duration < configuration.slowCallDurationThreshold {
            recordPendingSuccess()
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
        return update { $0.snapshot(now: now) }
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

    /// Counts a fast success on this thread's stripe; hands the stripe's batch to the machine
    /// when a time window has moved on to another second.
    private func recordPendingSuccess() {
        let stripe = pendingSuccesses[ThreadIndex.current % pendingSuccesses.count]
        let second = configuration.window.duration == nil ? 0 : elapsed.now().components.seconds
        guard let (count, ofSecond) = stripe.add(atSecond: second) else { return }
        machine.withLock { machine in
            machine.recordSuccesses(count, now: .seconds(ofSecond))
        }
    }

    /// Runs `body` on the machine under the lock, after handing it every pending success,
    /// and republishes its state.
    private func update<Result>(_ body: (inout CircuitBreakerStateMachine) -> Result) -> Result {
        machine.withLock { machine in
            let now = elapsed.now()
            for stripe in pendingSuccesses {
                if let (count, second) = stripe.take() {
                    machine.recordSuccesses(count, now: configuration.window.duration == nil ? now : .seconds(second))
                }
            }
            let result = body(&machine)
            stateCode.store(machine.state.code, ordering: .relaxed)
            return result
        }
    }
}

/// One thread stripe's batch of fast successes (``Locked`` pads it onto cache lines of its own).
private final class PendingSuccesses: Sendable {
    static let stripeCount = 16

    private let batch = Locked<(second: Int64, count: Int)>((0, 0))

    /// Adds a success at `second`; returns the previous second's batch when the second changed.
    func add(atSecond second: Int64) -> (count: Int, second: Int64)? {
        batch.withLock { batch in
            if batch.second == second || batch.count == 0 {
                batch = (second, batch.count + 1)
                return nil
            }
            let finished = (batch.count, batch.second)
            batch = (second, 1)
            return finished
        }
    }

    /// Removes and returns the batch, if it holds any success.
    func take() -> (count: Int, second: Int64)? {
        batch.withLock { batch in
            guard batch.count > 0 else { return nil }
            defer { batch = (batch.second, 0) }
            return (batch.count, batch.second)
        }
    }
}
