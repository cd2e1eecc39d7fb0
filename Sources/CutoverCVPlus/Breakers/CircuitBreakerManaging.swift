import Cutover

/// A dependency of the CVPlus app that the `circuit-breaker-core` guards.
public enum CVPlusDependency: String, CaseIterable, Codable, Hashable, Sendable {
    /// The external AI API behind the `recommendation-generator`.
    case aiService = "ai-service"
}

/// The `circuit-breaker-core` service: one `CircuitBreaker` per dependency.
///
/// Its state is what the controller backs up before changing the service and restores on
/// rollback; with `statePreservation` the legacy core's states move to the candidate's.
public protocol CircuitBreakerManaging: Sendable {
    /// Whether a call to `dependency` may go ahead now. Record the outcome of every permitted call.
    func permit(_ dependency: CVPlusDependency) async throws -> Bool

    /// Records how a permitted call to `dependency` ended and how long it took.
    func record(_ outcome: CircuitBreaker.Outcome, duration: Duration, for dependency: CVPlusDependency) async throws

    /// The state of `dependency`'s breaker.
    func state(of dependency: CVPlusDependency) -> CircuitBreaker.State

    /// Every breaker's state and window.
    func snapshot() -> CircuitBreakerStates

    /// Brings every breaker to the state in `states`; breakers it does not mention start afresh.
    func restore(_ states: CircuitBreakerStates)
}

extension CircuitBreakerManaging {
    /// Takes over `other`'s breaker states: the `statePreservation` cutover. `other` is unchanged.
    public func transferState(from other: any CircuitBreakerManaging) {
        restore(other.snapshot())
    }
}

/// The states of a breaker core's breakers, by dependency name: a portable, `Codable` backup.
public struct CircuitBreakerStates: Hashable, Codable, Sendable {
    /// Each breaker's snapshot, by dependency name.
    public var breakers: [String: CircuitBreaker.Snapshot]

    /// States of `breakers`.
    public init(breakers: [String: CircuitBreaker.Snapshot] = [:]) {
        self.breakers = breakers
    }

    /// The snapshot of `dependency`'s breaker, if it has one.
    public subscript(dependency: CVPlusDependency) -> CircuitBreaker.Snapshot? {
        get { breakers[dependency.rawValue] }
        set { breakers[dependency.rawValue] = newValue }
    }
}

/// The part both breaker cores share: calls go to a dependency's breaker after the call's latency.
protocol BreakerTable: CircuitBreakerManaging {
    var environment: ServiceEnvironment { get }
    func breaker(_ dependency: CVPlusDependency) -> CircuitBreaker
}

extension BreakerTable {
    public func permit(_ dependency: CVPlusDependency) async throws -> Bool {
        try await environment.perform(jitterKey: dependency.rawValue) {
            breaker(dependency).acquire().isAdmitted
        }
    }

    public func record(_ outcome: CircuitBreaker.Outcome, duration: Duration, for dependency: CVPlusDependency) async throws {
        _ = try await environment.enter(jitterKey: dependency.rawValue)
        breaker(dependency).record(outcome, duration: duration)
    }
}
