extension HealthAnalyzer {
    /// One result per bound (maximum, minimum) of `custom`, on the candidate's metrics.
    ///
    /// Fractions are judged like the error rate (Wilson bounds). `costUnitsPerCall` is judged
    /// on its point estimate once the minimum of calls is reached: only the total is recorded,
    /// not the per-call spread a confidence bound would need, and its action is a pause for a
    /// human, not a rollback. A metric the analysis does not know is inconclusive, so a typo
    /// in a plan can hold a service but never promote it unchecked.
    func customChecks(_ custom: CustomThreshold, _ candidate: CohortMetrics, _ thresholds: Thresholds)
        -> [CheckResult]
    {
        let limits = [custom.maximum.map(CheckResult.Limit.atMost), custom.minimum.map(CheckResult.Limit.atLeast)]
        return limits.compactMap { $0 }.map { limit in
            customCheck(custom, limit: limit, candidate, warningFraction: thresholds.warningFraction)
        }
    }

    private func customCheck(
        _ custom: CustomThreshold, limit: CheckResult.Limit, _ candidate: CohortMetrics, warningFraction: Double
    ) -> CheckResult {
        let check = HealthCheck.custom(custom.metric)
        guard let metric = CustomMetric(rawValue: custom.metric) else {
            return CheckResult(
                check: check, status: .inconclusive, observed: nil, threshold: limit,
                warningLevel: Self.warningLevel(of: limit, fraction: warningFraction, isFraction: false),
                interval: nil, method: .pointEstimate, evidence: .init(events: 0, trials: 0), action: custom.action,
                isWarning: false, note: "unknown metric; known: \(CustomMetric.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        let (events, trials) = metric.counts(in: candidate)
        if metric.isFraction {
            return proportionCheck(
                check, events: events, trials: trials, limit: limit, warningFraction: warningFraction,
                action: custom.action
            )
        }
        let warningLevel = Self.warningLevel(of: limit, fraction: warningFraction, isFraction: false)
        let observed = trials > 0 ? Double(events) / Double(trials) : nil
        let enough = trials >= configuration.minimumCandidateCalls
        let exceeded = observed.map(limit.isExceeded) ?? false
        let status: CheckResult.Status = enough ? (exceeded ? .violated : .passed) : .inconclusive
        return CheckResult(
            check: check, status: status, observed: observed, threshold: limit, warningLevel: warningLevel,
            interval: nil, method: .pointEstimate, evidence: .init(events: events, trials: trials),
            action: custom.action,
            isWarning: enough && !exceeded
                && observed.map { Self.warningLevel(warningLevel, isPassedBy: $0, direction: limit.direction) } == true
        )
    }
}
