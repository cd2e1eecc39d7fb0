import CutoverCore
import Testing

@testable import Cutover

@Suite("Circuit breaker: batched successes")
struct CircuitBreakerBatchingTests {
    func breaker(window: CircuitBreaker.Configuration.Window, clock: VirtualClock = VirtualClock()) throws -> CircuitBreaker {
        var configuration = CircuitBreaker.Configuration()
        configuration.window = window
        configuration.minimumCalls = 4
        configuration.failureRateThreshold = 0.5
        return try CircuitBreaker(configuration: configuration, clock: clock)
    }

    @Test("successes batched on many tasks count toward the window before the next failure",
          arguments: [CircuitBreaker.Configuration.Window.count(100), .time(.seconds(60))])
    func batchedSuccessesDiluteFailures(window: CircuitBreaker.Configuration.Window) async throws {
        let breaker = try breaker(window: window)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<10 { breaker.record(.success, duration: .milliseconds(1)) }
                }
            }
        }
        for _ in 0..<10 {
            breaker.record(.failure, duration: .milliseconds(1))
        }
        // 10 failures in 90 calls is 11 %: below the 50 % threshold only if no success was lost.
        #expect(breaker.state == .closed)
        #expect(breaker.counters.callsRecorded == 90)
        #expect(breaker.snapshot().state == .closed)
    }

    @Test("with too few successes batched, the same failures trip the breaker")
    func failuresTripWithoutDilution() throws {
        let breaker = try breaker(window: .count(100))
        for _ in 0..<2 { breaker.record(.success, duration: .milliseconds(1)) }
        for _ in 0..<2 { breaker.record(.failure, duration: .milliseconds(1)) }
        #expect(breaker.state == .open)
    }

    @Test("a time window forgets batched successes of seconds that slid out")
    func timeWindowForgetsOldBatches() throws {
        let clock = VirtualClock()
        let breaker = try breaker(window: .time(.seconds(10)), clock: clock)
        for _ in 0..<50 { breaker.record(.success, duration: .milliseconds(1)) }
        clock.advance(by: .seconds(30))
        for _ in 0..<4 { breaker.record(.failure, duration: .milliseconds(1)) }
        #expect(breaker.state == .open)
    }

    @Test("a slow success is judged at once, not batched")
    func slowSuccessIsNotBatched() throws {
        var configuration = CircuitBreaker.Configuration()
        configuration.minimumCalls = 2
        configuration.slowCallRateThreshold = 0.5
        configuration.slowCallDurationThreshold = .milliseconds(100)
        let breaker = try CircuitBreaker(configuration: configuration, clock: VirtualClock())
        breaker.record(.success, duration: .milliseconds(500))
        breaker.record(.success, duration: .milliseconds(500))
        #expect(breaker.state == .open)
    }
}
