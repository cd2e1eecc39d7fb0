import CutoverCore

// Builders for the health analysis tests: deterministic cohorts, no randomness.

extension CohortMetrics {
    /// `calls` calls of which the first `errors` failed, with latencies spread evenly over
    /// 0.5…1.5 × `milliseconds` (so the p95 is 1.45 × `milliseconds`).
    static func cohort(
        calls: Int, errors: Int = 0, milliseconds: Double = 50, configure: (inout CohortMetrics) -> Void = { _ in }
    ) -> CohortMetrics {
        var metrics = CohortMetrics()
        for index in 0..<calls {
            let spread = 0.5 + (Double(index) + 0.5) / Double(calls)
            metrics.recordCall(nanoseconds: UInt64(milliseconds * spread * 1_000_000), failed: index < errors)
        }
        configure(&metrics)
        return metrics
    }
}

extension Verdict {
    /// The result of `check` (the first one, for custom metrics with two bounds).
    subscript(check: HealthCheck) -> CheckResult? {
        checks.first { $0.check == check }
    }
}

/// Analyzes a candidate and a legacy cohort at `share` with the default configuration.
func analyze(
    candidate: CohortMetrics, legacy: CohortMetrics, preflight: CohortMetrics? = nil, share: Double = 0.1,
    thresholds: Thresholds = Thresholds(), configuration: HealthAnalyzer.Configuration = .init()
) -> Verdict {
    HealthAnalyzer(configuration: configuration).analyze(
        HealthSample(candidate: candidate, legacy: legacy, preflightBaseline: preflight, expectedCandidateShare: share),
        thresholds: thresholds
    )
}

/// 1 000 healthy candidate calls and 9 000 legacy calls at 10 %, with `configure` applied to the candidate.
func healthyTenPercent(errors: Int = 5, milliseconds: Double = 50, configure: (inout CohortMetrics) -> Void = { _ in })
    -> Verdict
{
    analyze(
        candidate: .cohort(calls: 1_000, errors: errors, milliseconds: milliseconds, configure: configure),
        legacy: .cohort(calls: 9_000, errors: 45)
    )
}
