import Cutover
import CutoverCore

/// The legacy ("violation") `circuit-breaker-core`: creates a dependency's breaker on first use,
/// in a locked table.
public final class LegacyCircuitBreakerCore: CircuitBreakerManaging, BreakerTable {
    let environment: ServiceEnvironment
    private let configuration: CircuitBreaker.Configuration
    private let clock: AnyClock
    private let breakers = Locked<[CVPlusDependency: CircuitBreaker]>([:])

    /// A core whose breakers use `configuration` and `clock`, running in `environment`.
    ///
    /// - Throws: when `configuration` is invalid.
    public init<C: Clock>(
        environment: ServiceEnvironment, configuration: CircuitBreaker.Configuration = .init(), clock: C = ContinuousClock()
    ) throws(CircuitBreaker.ConfigurationError) where C.Duration == Duration, C: Sendable {
        try configuration.validate()
        self.environment = environment
        self.configuration = configuration
        self.clock = AnyClock(clock)
    }

    public func state(of dependency: CVPlusDependency) -> CircuitBreaker.State {
        breakers.withLock { $0[dependency]?.state } ?? .closed
    }

    public func snapshot() -> CircuitBreakerStates {
        let current = breakers.withLock { $0 }
        return CircuitBreakerStates(breakers: Dictionary(uniqueKeysWithValues: current.map { ($0.rawValue, $1.snapshot()) }))
    }

    public func restore(_ states: CircuitBreakerStates) {
        breakers.withLock { breakers in
            breakers = [:]
            for dependency in CVPlusDependency.allCases {
                guard let snapshot = states[dependency] else { continue }
                let breaker = makeBreaker()
                breaker.restore(snapshot)
                breakers[dependency] = breaker
            }
        }
    }

    func breaker(_ dependency: CVPlusDependency) -> CircuitBreaker {
        breakers.withLock { breakers in
            if let breaker = breakers[dependency] { return breaker }
            let breaker = makeBreaker()
            breakers[dependency] = breaker
            return breaker
        }
    }

    private func makeBreaker() -> CircuitBreaker {
        do {
            return try CircuitBreaker(configuration: configuration, clock: clock)
        } catch {
            preconditionFailure("the breaker configuration was validated when the core was created: \(error)")
        }
    }
}
