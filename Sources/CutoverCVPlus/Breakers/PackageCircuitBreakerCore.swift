import Cutover
import CutoverCore

/// The candidate ("package") `circuit-breaker-core`: one breaker per known dependency, created
/// up front, looked up without a lock.
public final class PackageCircuitBreakerCore: CircuitBreakerManaging, BreakerTable {
    let environment: ServiceEnvironment
    private let breakers: [CVPlusDependency: CircuitBreaker]

    /// A core whose breakers use `configuration` and `clock`, running in `environment`.
    ///
    /// - Throws: when `configuration` is invalid.
    public init<C: Clock>(
        environment: ServiceEnvironment, configuration: CircuitBreaker.Configuration = .init(), clock: C = ContinuousClock()
    ) throws(CircuitBreaker.ConfigurationError) where C.Duration == Duration, C: Sendable {
        self.environment = environment
        var breakers: [CVPlusDependency: CircuitBreaker] = [:]
        for dependency in CVPlusDependency.allCases {
            breakers[dependency] = try CircuitBreaker(configuration: configuration, clock: clock)
        }
        self.breakers = breakers
    }

    public func state(of dependency: CVPlusDependency) -> CircuitBreaker.State {
        breaker(dependency).state
    }

    public func snapshot() -> CircuitBreakerStates {
        CircuitBreakerStates(breakers: Dictionary(uniqueKeysWithValues: breakers.map { ($0.rawValue, $1.snapshot()) }))
    }

    public func restore(_ states: CircuitBreakerStates) {
        for (dependency, breaker) in breakers {
            if let snapshot = states[dependency] {
                breaker.restore(snapshot)
            } else {
                breaker.reset()
            }
        }
    }

    func breaker(_ dependency: CVPlusDependency) -> CircuitBreaker {
        guard let breaker = breakers[dependency] else {
            preconditionFailure("every dependency has a breaker from the start")
        }
        return breaker
    }
}
