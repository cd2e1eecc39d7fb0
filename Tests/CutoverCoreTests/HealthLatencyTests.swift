import CutoverCore
import Testing

/// The latency check from the two cohorts' HDR histograms.
@Suite("Health latency check")
struct HealthLatencyTests {
    @Test("A candidate 3× slower than legacy violates the 2× multiplier: graceful rollback")
    func regressionDetected() throws {
        let verdict = analyze(candidate: .cohort(calls: 1_000, milliseconds: 150), legacy: .cohort(calls: 9_000))
        let result = try #require(verdict[.latency])
        #expect(result.status == .violated)
        #expect(result.action == .gracefulRollback)
        let observed = try #require(result.observed)
        #expect(abs(observed - 3) < 0.1)
        #expect(try #require(result.interval).lower > 2)
        #expect(result.evidence.trials == 1_000)
        #expect(result.evidence.events > 500, "most candidate calls are slower than 2 × the baseline p95")
        #expect(verdict.action == .gracefulRollback)
    }

    @Test("Equal or slightly slower latency passes", arguments: [50.0, 55.0, 70.0])
    func equalLatencyPasses(milliseconds: Double) throws {
        let verdict = analyze(
            candidate: .cohort(calls: 1_000, milliseconds: milliseconds), legacy: .cohort(calls: 9_000)
        )
        let result = try #require(verdict[.latency])
        #expect(result.status == .passed)
        #expect(try #require(result.interval).upper <= 2)
        #expect(!result.isWarning)
    }

    @Test("A regression on few candidate calls is inconclusive")
    func fewCallsInconclusive() throws {
        let verdict = analyze(candidate: .cohort(calls: 150, milliseconds: 150), legacy: .cohort(calls: 1_350))
        #expect(try #require(verdict[.latency]).status == .inconclusive)
    }

    @Test("Close to the multiplier on a small sample, the interval straddles it: inconclusive")
    func straddlingInconclusive() throws {
        let verdict = analyze(candidate: .cohort(calls: 250, milliseconds: 100), legacy: .cohort(calls: 250))
        let result = try #require(verdict[.latency])
        #expect(result.status == .inconclusive)
        let interval = try #require(result.interval)
        #expect(interval.lower < 2 && interval.upper > 2)
    }

    @Test("The p99 is compared when the thresholds say so")
    func percentileFromThresholds() throws {
        var thresholds = Thresholds()
        thresholds.latencyPercentile = 99
        var candidate = CohortMetrics.cohort(calls: 1_000)
        for _ in 0..<20 { candidate.recordCall(nanoseconds: 1_000_000_000, failed: false) }
        let p99 = analyze(candidate: candidate, legacy: .cohort(calls: 9_000), thresholds: thresholds)
        #expect(try #require(p99[.latency]).status == .violated)
        let p95 = analyze(candidate: candidate, legacy: .cohort(calls: 9_000))
        #expect(try #require(p95[.latency]).status == .passed, "\(p95)")
    }

    @Test("At 100 % the preflight baseline stands in for the empty legacy cohort")
    func preflightBaseline() throws {
        let verdict = analyze(
            candidate: .cohort(calls: 2_000, milliseconds: 150), legacy: CohortMetrics(),
            preflight: .cohort(calls: 5_000), share: 1
        )
        let result = try #require(verdict[.latency])
        #expect(verdict.baseline == .preflight)
        #expect(result.evidence.baseline == .preflight)
        #expect(result.evidence.baselineCalls == 5_000)
        #expect(result.status == .violated)
    }

    @Test("Without any baseline the latency check is inconclusive")
    func noBaseline() throws {
        let verdict = analyze(candidate: .cohort(calls: 2_000), legacy: .cohort(calls: 20), share: 1)
        let result = try #require(verdict[.latency])
        #expect(verdict.baseline == BaselineSource.none)
        #expect(result.status == .inconclusive)
        #expect(result.note != nil)
        #expect(verdict.status == .inconclusive)
    }
}
