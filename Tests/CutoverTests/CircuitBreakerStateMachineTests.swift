import Cutover
import Testing

@Suite("CircuitBreakerStateMachine")
struct CircuitBreakerStateMachineTests {
    typealias Configuration = CircuitBreaker.Configuration

    private static func machine(
        _ configure: (inout Configuration) -> Void = { _ in }
    ) throws -> CircuitBreakerStateMachine {
        var configuration = Configuration(window: .count(10), minimumCalls: 5, openDuration: .seconds(30), halfOpenProbes: 3)
        configure(&configuration)
        return try CircuitBreakerStateMachine(configuration: configuration)
    }

    /// Records `count` calls of one kind at `now`.
    private static func record(
        _ machine: inout CircuitBreakerStateMachine,
        _ outcome: CircuitBreaker.Outcome,
        times count: Int,
        duration: Duration = .milliseconds(10),
        now: Duration = .zero
    ) {
        for _ in 0..<count {
            machine.record(outcome, duration: duration, now: now)
        }
    }

    /// A machine tripped open at time zero.
    private static func tripped(_ configure: (inout Configuration) -> Void = { _ in }) throws -> CircuitBreakerStateMachine {
        var machine = try machine(configure)
        record(&machine, .failure, times: machine.configuration.minimumCalls)
        #expect(machine.state == .open)
        return machine
    }

    @Test func tripsOnFailureRateOnlyOnceMinimumCallsAreIn() throws {
        var machine = try Self.machine()
        Self.record(&machine, .failure, times: 4)
        #expect(machine.state == .closed)
        #expect(machine.acquire(now: .zero) == .admitted)
        Self.record(&machine, .failure, times: 1)
        #expect(machine.state == .open)
        #expect(machine.acquire(now: .seconds(1)) == .rejected)
        #expect(machine.counters == .init(timesOpened: 1, callsRejected: 1, callsRecorded: 5, failuresRecorded: 5))
    }

    @Test func tripsWhenFailureRateReachesThresholdExactly() throws {
        var machine = try Self.machine()
        Self.record(&machine, .success, times: 3)
        Self.record(&machine, .failure, times: 2)
        #expect(machine.state == .closed, "2 of 5 is below 0.5")
        Self.record(&machine, .failure, times: 1)
        #expect(machine.state == .open, "3 of 6 reaches 0.5")
    }

    @Test func countWindowForgetsTheOldestCalls() throws {
        var machine = try Self.machine { $0.window = .count(4); $0.minimumCalls = 4; $0.failureRateThreshold = 0.75 }
        for (outcome, expected) in [
            (CircuitBreaker.Outcome.failure, CircuitBreaker.State.closed), (.failure, .closed), (.success, .closed),
            (.success, .closed), (.success, .closed), (.failure, .closed), (.failure, .closed), (.failure, .open),
        ] {
            machine.record(outcome, duration: .zero, now: .zero)
            #expect(machine.state == expected)
        }
    }

    @Test func aCountWindowSmallerThanMinimumCallsTripsWhenFull() throws {
        var machine = try Self.machine { $0.window = .count(3); $0.minimumCalls = 20 }
        Self.record(&machine, .failure, times: 2)
        #expect(machine.state == .closed)
        Self.record(&machine, .failure, times: 1)
        #expect(machine.state == .open)
    }

    @Test func tripsOnSlowCallRate() throws {
        var machine = try Self.machine { $0.slowCallDurationThreshold = .seconds(1); $0.slowCallRateThreshold = 0.6 }
        Self.record(&machine, .success, times: 2, duration: .milliseconds(999))
        Self.record(&machine, .success, times: 2, duration: .seconds(1))
        #expect(machine.state == .closed)
        Self.record(&machine, .success, times: 1, duration: .seconds(5))
        #expect(machine.state == .open, "3 slow of 5 reaches 0.6")
        #expect(machine.counters.slowCallsRecorded == 3)
        #expect(machine.counters.failuresRecorded == 0)
    }

    @Test(arguments: [
        (Duration.seconds(9), CircuitBreaker.State.open),
        (.milliseconds(9_999), .open),
        (.seconds(10), .closed),
        (.seconds(600), .closed),
    ])
    func timeWindowForgetsBucketsOlderThanItsSpan(lastCallAt: Duration, expected: CircuitBreaker.State) throws {
        var machine = try Self.machine { $0.window = .time(.seconds(10)); $0.minimumCalls = 4 }
        Self.record(&machine, .failure, times: 3, now: .milliseconds(500))
        machine.record(.failure, duration: .zero, now: lastCallAt)
        #expect(machine.state == expected)
    }

    @Test func opensForOpenDurationThenAdmitsProbes() throws {
        var machine = try Self.tripped()
        #expect(machine.acquire(now: .milliseconds(29_999)) == .rejected)
        #expect(machine.state == .open)
        #expect(machine.acquire(now: .seconds(30)) == .probe)
        #expect(machine.state == .halfOpen)
        #expect(machine.acquire(now: .seconds(30)) == .probe)
        #expect(machine.acquire(now: .seconds(30)) == .probe)
        #expect(machine.acquire(now: .seconds(30)) == .rejected, "only 3 probes")
        #expect(machine.counters.probesAdmitted == 3)
    }

    @Test func successfulProbesCloseWithAFreshWindow() throws {
        var machine = try Self.tripped()
        for _ in 0..<3 { _ = machine.acquire(now: .seconds(30)) }
        Self.record(&machine, .success, times: 2, now: .seconds(31))
        #expect(machine.state == .halfOpen)
        Self.record(&machine, .success, times: 1, now: .seconds(31))
        #expect(machine.state == .closed)
        #expect(machine.acquire(now: .seconds(31)) == .admitted)
        Self.record(&machine, .failure, times: 4, now: .seconds(32))
        #expect(machine.state == .closed, "the failures before the trip are forgotten")
        Self.record(&machine, .failure, times: 1, now: .seconds(32))
        #expect(machine.state == .open)
    }

    @Test(arguments: [(CircuitBreaker.Outcome.failure, Duration.milliseconds(1)), (.success, .seconds(2))])
    func aFailedOrSlowProbeReopensWithANewDeadline(outcome: CircuitBreaker.Outcome, duration: Duration) throws {
        var machine = try Self.tripped()
        #expect(machine.acquire(now: .seconds(30)) == .probe)
        machine.record(.success, duration: .zero, now: .seconds(30))
        machine.record(outcome, duration: duration, now: .seconds(31))
        #expect(machine.state == .open)
        #expect(machine.acquire(now: .seconds(60)) == .rejected)
        #expect(machine.acquire(now: .seconds(61)) == .probe)
        #expect(machine.counters.timesOpened == 2)
    }

    @Test func probesThatNeverReportAreRenewedAfterOpenDuration() throws {
        var machine = try Self.tripped { $0.halfOpenProbes = 1 }
        #expect(machine.acquire(now: .seconds(30)) == .probe)
        #expect(machine.acquire(now: .seconds(59)) == .rejected)
        #expect(machine.acquire(now: .seconds(60)) == .probe)
    }

    @Test func forcedOpenRejectsEverythingUntilReset() throws {
        var machine = try Self.machine()
        machine.forceOpen()
        #expect(machine.acquire(now: .zero) == .rejected)
        #expect(machine.acquire(now: .seconds(3600)) == .rejected)
        #expect(machine.state == .forcedOpen)
        machine.reset()
        #expect(machine.state == .closed)
        #expect(machine.acquire(now: .seconds(3600)) == .admitted)
        #expect(machine.counters.callsRejected == 2)
    }

    @Test func disabledAdmitsEverythingAndRecordsNothing() throws {
        var machine = try Self.tripped()
        machine.disable()
        #expect(machine.acquire(now: .seconds(1)) == .admitted)
        Self.record(&machine, .failure, times: 50, now: .seconds(1))
        #expect(machine.state == .disabled)
        #expect(machine.counters.callsRecorded == 5, "only the calls before disable()")
        machine.reset()
        Self.record(&machine, .failure, times: 4, now: .seconds(2))
        #expect(machine.state == .closed)
    }

    @Test(arguments: [
        (Configuration(window: .count(0)), "window", CircuitBreaker.ConfigurationError.Code.invalidWindow),
        (Configuration(window: .count(100_001)), "window", .invalidWindow),
        (Configuration(window: .time(.milliseconds(1500))), "window", .invalidWindow),
        (Configuration(window: .time(.zero)), "window", .invalidWindow),
        (Configuration(window: .time(.seconds(3601))), "window", .invalidWindow),
        (Configuration(failureRateThreshold: 1.5), "failureRateThreshold", .invalidRate),
        (Configuration(failureRateThreshold: 0), "failureRateThreshold", .invalidRate),
        (Configuration(failureRateThreshold: .nan), "failureRateThreshold", .invalidRate),
        (Configuration(slowCallRateThreshold: -0.1), "slowCallRateThreshold", .invalidRate),
        (Configuration(slowCallDurationThreshold: .zero), "slowCallDurationThreshold", .invalidDuration),
        (Configuration(openDuration: .seconds(-1)), "openDuration", .invalidDuration),
        (Configuration(minimumCalls: 0), "minimumCalls", .invalidCount),
        (Configuration(halfOpenProbes: 0), "halfOpenProbes", .invalidCount),
    ])
    func invalidConfigurationsNameTheirField(
        configuration: Configuration,
        field: String,
        code: CircuitBreaker.ConfigurationError.Code
    ) {
        let error = #expect(throws: CircuitBreaker.ConfigurationError.self) {
            try CircuitBreakerStateMachine(configuration: configuration)
        }
        #expect(error?.field == field)
        #expect(error?.code == code)
        #expect(error?.description.contains(field) == true)
    }

    @Test(arguments: [Configuration(), Configuration(window: .time(.seconds(60))), Configuration(window: .count(1))])
    func validConfigurationsAreAccepted(configuration: Configuration) throws {
        try configuration.validate()
        let machine = try CircuitBreakerStateMachine(configuration: configuration)
        #expect(machine.state == .closed)
    }
}
