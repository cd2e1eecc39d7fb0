import Cutover
import CutoverCore
import Foundation
import Testing

@Suite("CircuitBreaker")
struct CircuitBreakerTests {
    private static func configuration(window: CircuitBreaker.Configuration.Window = .count(10)) -> CircuitBreaker.Configuration {
        .init(window: window, minimumCalls: 5, openDuration: .seconds(30), halfOpenProbes: 2)
    }

    private static func fail(_ breaker: CircuitBreaker, times count: Int) {
        for _ in 0..<count {
            breaker.record(.failure, duration: .milliseconds(5))
        }
    }

    /// Encodes and decodes `snapshot` as another process would.
    private static func jsonRoundTrip(_ snapshot: CircuitBreaker.Snapshot) throws -> CircuitBreaker.Snapshot {
        try JSONDecoder().decode(CircuitBreaker.Snapshot.self, from: JSONEncoder().encode(snapshot))
    }

    @Test func tripsHalfOpensAndClosesOnAVirtualClock() throws {
        let clock = VirtualClock()
        let breaker = try CircuitBreaker(configuration: Self.configuration(), clock: clock)
        Self.fail(breaker, times: 5)
        #expect(breaker.state == .open)
        #expect(breaker.acquire() == .rejected)
        clock.advance(by: .seconds(30))
        #expect(breaker.acquire() == .probe)
        #expect(breaker.acquire() == .probe)
        #expect(breaker.acquire() == .rejected)
        #expect(breaker.state == .halfOpen)
        breaker.record(.success, duration: .milliseconds(1))
        breaker.record(.success, duration: .milliseconds(1))
        #expect(breaker.state == .closed)
        #expect(breaker.acquire() == .admitted)
        #expect(breaker.counters == .init(timesOpened: 1, callsRejected: 2, probesAdmitted: 2, callsRecorded: 7, failuresRecorded: 5))
    }

    @Test func operatorOverrides() throws {
        let breaker = try CircuitBreaker(configuration: Self.configuration(), clock: VirtualClock())
        breaker.disable()
        Self.fail(breaker, times: 20)
        #expect(breaker.acquire() == .admitted)
        #expect(breaker.state == .disabled)
        #expect(breaker.counters.callsRecorded == 0)
        breaker.forceOpen()
        #expect(breaker.acquire() == .rejected)
        #expect(breaker.state == .forcedOpen)
        breaker.reset()
        #expect(breaker.acquire() == .admitted)
        #expect(breaker.state == .closed)
    }

    @Test func anOpenSnapshotStaysOpenForItsRemainingTimeInANewBreaker() throws {
        let legacyClock = VirtualClock()
        let original = try CircuitBreaker(configuration: Self.configuration(), clock: legacyClock)
        Self.fail(original, times: 5)
        legacyClock.advance(by: .seconds(10))
        let snapshot = try Self.jsonRoundTrip(original.snapshot())
        #expect(snapshot.state == .open)
        #expect(snapshot.remainingOpenTime == .seconds(20))

        let clock = VirtualClock()
        clock.advance(by: .seconds(1000))
        let restored = try CircuitBreaker(configuration: Self.configuration(), clock: clock)
        restored.restore(snapshot)
        #expect(restored.state == .open)
        clock.advance(by: .seconds(19))
        #expect(restored.acquire() == .rejected)
        clock.advance(by: .seconds(1))
        #expect(restored.acquire() == .probe)
    }

    @Test func aCountWindowSnapshotKeepsItsCalls() throws {
        let original = try CircuitBreaker(configuration: Self.configuration(), clock: VirtualClock())
        Self.fail(original, times: 4)
        let snapshot = try Self.jsonRoundTrip(original.snapshot())
        #expect(snapshot.calls.count == 4)

        let restored = try CircuitBreaker(configuration: Self.configuration(), clock: VirtualClock())
        let fresh = try CircuitBreaker(configuration: Self.configuration(), clock: VirtualClock())
        restored.restore(snapshot)
        Self.fail(restored, times: 1)
        Self.fail(fresh, times: 1)
        #expect(restored.state == .open)
        #expect(fresh.state == .closed)
    }

    @Test(arguments: [(Duration.seconds(4), CircuitBreaker.State.open), (.seconds(5), .closed)])
    func aTimeWindowSnapshotKeepsTheAgeOfItsBuckets(waitAfterRestore: Duration, expected: CircuitBreaker.State) throws {
        let configuration = Self.configuration(window: .time(.seconds(10)))
        let legacyClock = VirtualClock()
        let original = try CircuitBreaker(configuration: configuration, clock: legacyClock)
        Self.fail(original, times: 4)
        legacyClock.advance(by: .seconds(5))
        let snapshot = try Self.jsonRoundTrip(original.snapshot())
        #expect(snapshot.buckets == [.init(secondsAgo: 5, calls: 4, failures: 4, slowCalls: 0)])

        let clock = VirtualClock()
        let restored = try CircuitBreaker(configuration: configuration, clock: clock)
        restored.restore(snapshot)
        clock.advance(by: waitAfterRestore)
        Self.fail(restored, times: 1)
        #expect(restored.state == expected)
    }

    @Test(arguments: [(CircuitBreaker.Configuration.Window.count(10), CircuitBreaker.Configuration.Window.time(.seconds(10))),
                      (.time(.seconds(10)), .count(10))])
    func aSnapshotOfTheOtherWindowKindKeepsItsStateWithAFreshWindow(
        from: CircuitBreaker.Configuration.Window,
        to: CircuitBreaker.Configuration.Window
    ) throws {
        let original = try CircuitBreaker(configuration: Self.configuration(window: from), clock: VirtualClock())
        Self.fail(original, times: 4)
        let closed = try Self.jsonRoundTrip(original.snapshot())
        Self.fail(original, times: 1)
        let open = try Self.jsonRoundTrip(original.snapshot())

        let restored = try CircuitBreaker(configuration: Self.configuration(window: to), clock: VirtualClock())
        restored.restore(closed)
        #expect(restored.state == .closed)
        Self.fail(restored, times: 1)
        #expect(restored.state == .closed, "the 4 failures of the other window kind are not carried over")
        #expect(restored.snapshot().window == to)
        restored.restore(open)
        #expect(restored.state == .open)
        #expect(restored.acquire() == .rejected)
    }

    @Test func transferStateMovesTheLegacyBreakersStateToTheCandidates() throws {
        let clock = VirtualClock()
        let legacy = try CircuitBreaker(configuration: Self.configuration(), clock: clock)
        let candidate = try CircuitBreaker(configuration: Self.configuration(), clock: clock)
        Self.fail(legacy, times: 5)
        let legacyCounters = legacy.counters
        clock.advance(by: .seconds(25))
        candidate.transferState(from: legacy)
        #expect(candidate.state == .open)
        #expect(candidate.acquire() == .rejected)
        #expect(legacy.counters == legacyCounters, "the source is left unchanged")
        #expect(legacy.state == .open)
        clock.advance(by: .seconds(5))
        #expect(candidate.acquire() == .probe)
    }

    @Test func configurationCodableUsesSecondsAndDefaults() throws {
        let configuration = CircuitBreaker.Configuration(window: .time(.seconds(60)), openDuration: .milliseconds(1500))
        let json = try JSONEncoder().encode(configuration)
        let text = try #require(String(data: json, encoding: .utf8))
        #expect(text.contains(#""openDuration":1.5"#))
        #expect(text.contains(#""seconds":60"#))
        #expect(try JSONDecoder().decode(CircuitBreaker.Configuration.self, from: json) == configuration)

        let partial = try JSONDecoder().decode(CircuitBreaker.Configuration.self, from: Data(#"{"minimumCalls":3}"#.utf8))
        #expect(partial == .init(minimumCalls: 3))
    }

    @Test func anInvalidConfigurationFailsToDecodeNamingTheField() throws {
        let decodingError = #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(CircuitBreaker.Configuration.self, from: Data(#"{"halfOpenProbes":0}"#.utf8))
        }
        guard case .dataCorrupted(let context) = decodingError else {
            Issue.record("expected dataCorrupted, got \(String(describing: decodingError))")
            return
        }
        let error = try #require(context.underlyingError as? CircuitBreaker.ConfigurationError)
        #expect(error.field == "halfOpenProbes")
        #expect(error.code == .invalidCount)
    }

    @Test func anInvalidConfigurationIsRejectedByTheBreaker() {
        let error = #expect(throws: CircuitBreaker.ConfigurationError.self) {
            try CircuitBreaker(configuration: .init(slowCallRateThreshold: 2))
        }
        #expect(error?.field == "slowCallRateThreshold")
    }

    @Test(arguments: [CircuitBreaker.Outcome.success, .failure])
    func concurrentCallsAddUp(outcome: CircuitBreaker.Outcome) async throws {
        let breaker = try CircuitBreaker(
            configuration: .init(window: .count(50), minimumCalls: 50, openDuration: .seconds(30)),
            clock: VirtualClock()
        )
        let tasks = 8
        let callsPerTask = 2_000
        let (admitted, rejected) = await withTaskGroup(of: (Int, Int).self) { group in
            for _ in 0..<tasks {
                group.addTask {
                    var admitted = 0
                    var rejected = 0
                    for _ in 0..<callsPerTask {
                        if breaker.acquire().isAdmitted {
                            admitted += 1
                            breaker.record(outcome, duration: .milliseconds(1))
                        } else {
                            rejected += 1
                        }
                    }
                    return (admitted, rejected)
                }
            }
            return await group.reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
        }
        let counters = breaker.counters
        #expect(admitted + rejected == tasks * callsPerTask)
        #expect(counters.callsRecorded == admitted)
        #expect(counters.callsRejected == rejected)
        switch outcome {
        case .success:
            #expect(rejected == 0)
            #expect(breaker.state == .closed)
        case .failure:
            #expect(admitted >= 50)
            #expect(counters.failuresRecorded == admitted)
            #expect(counters.timesOpened == 1)
            #expect(breaker.state == .open)
        }
    }

    @Test func concurrentAcquiresWhileHalfOpenAdmitExactlyTheProbes() async throws {
        let clock = VirtualClock()
        let breaker = try CircuitBreaker(configuration: .init(minimumCalls: 5, halfOpenProbes: 7), clock: clock)
        Self.fail(breaker, times: 5)
        clock.advance(by: .seconds(30))
        let probes = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    (0..<500).count { _ in breaker.acquire() == .probe }
                }
            }
            return await group.reduce(0, +)
        }
        #expect(probes == 7)
        #expect(breaker.counters.probesAdmitted == 7)
        #expect(breaker.counters.callsRejected == 8 * 500 - 7)
    }
}
