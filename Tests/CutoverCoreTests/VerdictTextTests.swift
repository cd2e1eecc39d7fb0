import CutoverCore
import Testing

/// The exact texts of verdicts: a controller stores one with every judgement, so a change in
/// them shows in every run's audit trail.
@Suite("Verdict texts")
struct VerdictTextTests {
    @Test("a violated verdict names its action, then each violation")
    func violated() {
        #expect(healthyTenPercent(errors: 150).description == "violated → immediate-rollback: errorRate violated: 15.00 % "
            + "(at most 5.00 %, warning above 4.00 %; lower bound 12.56 % at 99 %; 150 of 1000) → immediate-rollback")
    }

    @Test("a healthy verdict counts its checks, then lists its warnings")
    func healthy() {
        #expect(healthyTenPercent().description == "healthy: 5 checks passed over 1000 candidate calls (baseline concurrent)")
        let warned = analyze(candidate: .cohort(calls: 20_000, errors: 900), legacy: .cohort(calls: 180_000))
        #expect(warned.description == "healthy: 5 checks passed over 20000 candidate calls (baseline concurrent); warnings: "
            + "errorRate passed (warning): 4.50 % (at most 5.00 %, warning above 4.00 %; upper bound 4.85 % at 99 %; 900 of 20000)")
    }

    @Test("an inconclusive verdict lists each undecided check with its baseline")
    func inconclusive() {
        let verdict = analyze(candidate: .cohort(calls: 40, errors: 1), legacy: .cohort(calls: 9_000, errors: 45))
        #expect(verdict.description == "inconclusive over 40 candidate calls: "
            + "errorRate inconclusive: 2.50 % (at most 5.00 %, warning above 4.00 %; upper bound 15.98 % at 99 %; 1 of 40); "
            + "latency inconclusive: 0.99× (at most 2.00×, warning above 1.60×; upper bound ∞ at 99 %; 0 of 40; "
            + "baseline concurrent, 9000 calls); "
            + "userSuccess inconclusive: 100.00 % (at least 95.00 %, warning below 96.00 %; lower bound 88.08 % at 99 %; 40 of 40); "
            + "throughput inconclusive: 100.00 % (at least 90.00 %, warning below 92.00 %; lower bound 88.08 % at 99 %; 40 of 40)")
    }
}
