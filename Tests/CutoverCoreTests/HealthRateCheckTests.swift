import CutoverCore
import Testing

/// Error rate, user success, throughput and integrity on clearly bad, clearly good and scarce data.
@Suite("Health rate checks")
struct HealthRateCheckTests {
    @Test("15 % errors over 1 000 calls violates the 5 % error rate: immediate rollback")
    func errorRateViolates() throws {
        let verdict = healthyTenPercent(errors: 150)
        let result = try #require(verdict[.errorRate])
        #expect(result.status == .violated)
        #expect(result.action == .immediateRollback)
        #expect(try #require(result.interval).lower > 0.05)
        #expect(result.decisiveBound == result.interval?.lower)
        #expect(result.evidence == .init(events: 150, trials: 1_000))
        #expect(verdict.status == .violated)
        #expect(verdict.action == .immediateRollback)
    }

    @Test("1 % errors over 1 000 calls passes with confidence")
    func errorRatePasses() throws {
        let result = try #require(healthyTenPercent(errors: 10)[.errorRate])
        #expect(result.status == .passed)
        #expect(try #require(result.interval).upper <= 0.05)
        #expect(!result.isWarning)
    }

    @Test(
        "Borderline or bad-looking error rates on few calls are inconclusive",
        arguments: [(calls: 150, errors: 15), (calls: 199, errors: 30), (calls: 300, errors: 18), (calls: 400, errors: 26)]
    )
    func errorRateInconclusive(calls: Int, errors: Int) throws {
        let verdict = analyze(candidate: .cohort(calls: calls, errors: errors), legacy: .cohort(calls: calls * 9))
        #expect(try #require(verdict[.errorRate]).status == .inconclusive)
        #expect(verdict.status == .inconclusive)
    }

    @Test("No calls at all is inconclusive, never healthy")
    func noDataIsInconclusive() {
        let verdict = analyze(candidate: CohortMetrics(), legacy: CohortMetrics(), share: 0)
        #expect(verdict.status == .inconclusive)
        #expect(verdict.action == nil)
    }

    @Test("A user success rate of 85 % violates the 95 % minimum: graceful rollback")
    func userSuccessViolates() throws {
        let verdict = healthyTenPercent {
            $0.outcomeSuccesses = 850
            $0.outcomeFailures = 150
        }
        let result = try #require(verdict[.userSuccess])
        #expect(result.status == .violated)
        #expect(result.action == .gracefulRollback)
        #expect(try #require(result.interval).upper < 0.95)
        #expect(verdict.action == .gracefulRollback)
    }

    @Test("A user success rate of 99.5 % passes")
    func userSuccessPasses() throws {
        let verdict = healthyTenPercent {
            $0.outcomeSuccesses = 995
            $0.outcomeFailures = 5
        }
        #expect(try #require(verdict[.userSuccess]).status == .passed)
    }

    @Test("Without reported outcomes, user success counts the errors users saw")
    func userSuccessFromUserFacingErrors() throws {
        let verdict = healthyTenPercent { $0.userFacingErrors = 120 }
        let result = try #require(verdict[.userSuccess])
        #expect(result.status == .violated)
        #expect(result.evidence == .init(events: 880, trials: 1_000))
    }

    @Test(
        "A candidate serving 60 % (or none) of the calls routed to it violates throughput",
        arguments: [(served: 300, diverted: 200), (served: 0, diverted: 1_000)]
    )
    func throughputViolates(served: Int, diverted: Int) throws {
        var candidate = CohortMetrics.cohort(calls: served)
        candidate.shortCircuited = UInt64(diverted)
        let verdict = analyze(candidate: candidate, legacy: .cohort(calls: 1_000), share: 0.5)
        let result = try #require(verdict[.throughput])
        #expect(result.status == .violated)
        #expect(result.action == .gracefulRollback)
        #expect(result.evidence == .init(events: UInt64(served), trials: UInt64(served + diverted)))
        #expect(try #require(result.observed) < 0.9)
    }

    @Test("A candidate serving every call routed to it passes throughput, whatever its share of all calls")
    func throughputPasses() throws {
        let verdict = analyze(candidate: .cohort(calls: 3_000), legacy: .cohort(calls: 7_000), share: 0.5)
        let result = try #require(verdict[.throughput])
        #expect(result.status == .passed)
        #expect(result.observed == 1)
    }

    @Test("Few routed candidate calls leave throughput inconclusive")
    func throughputInconclusive() throws {
        let verdict = analyze(candidate: .cohort(calls: 5), legacy: .cohort(calls: 995), share: 0.1)
        #expect(try #require(verdict[.throughput]).status == .inconclusive)
    }

    @Test("One confirmed integrity failure violates at once, even on few calls")
    func integrityViolates() throws {
        let verdict = analyze(candidate: .cohort(calls: 10) { $0.integrityFailures = 1 }, legacy: .cohort(calls: 90))
        let result = try #require(verdict[.integrity])
        #expect(result.status == .violated)
        #expect(result.action == .immediateRollback)
        #expect(verdict.status == .violated)
        #expect(verdict.action == .immediateRollback)
    }

    @Test("No integrity failure passes; a tolerated one passes with a warning")
    func integrityPasses() throws {
        #expect(try #require(healthyTenPercent()[.integrity]).status == .passed)
        var thresholds = Thresholds()
        thresholds.integrityFailures = 1
        let verdict = analyze(
            candidate: .cohort(calls: 1_000) { $0.integrityFailures = 1 }, legacy: .cohort(calls: 9_000),
            thresholds: thresholds
        )
        let result = try #require(verdict[.integrity])
        #expect(result.status == .passed)
        #expect(result.isWarning)
    }

    @Test("Clearly good data is healthy overall")
    func healthyOverall() {
        let verdict = healthyTenPercent()
        #expect(verdict.status == .healthy, "\(verdict)")
        #expect(verdict.severity == .none)
        #expect(verdict.baseline == .concurrent)
    }
}
