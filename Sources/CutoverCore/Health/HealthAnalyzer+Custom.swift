extension HealthAnalyzer {
    /// One result per bound (maximum, minimum) of `custom`, on the candidate's metrics.
    ///
    /// Fractions are judged like the error rate (Wilson bounds). `costUnitsPerCall` is judged
    /// on its point estimate once the minimum of calls is reached: only the total is recorded,
    /// not the per-call spread a confidence bound would need, and its action is a pause for a
    /// human, not a rollback. A metric measured outside Cutover (``CohortMetrics/external``,
    /// e.g. a Prometheus query) is judged the same way, on the mean of the window's samples.
    /// A metric nothing measured is inconclusive, so a typo in a plan can hold a service but
    /// never promote it unchecked.
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
            let external = candidate.external[custom.metric]
            return pointEstimateCheck(
                check, observed: external?.mean, evidence: .init(events: external?.samples ?? 0, trials: candidate.calls),
                limit: limit, warningFraction: warningFraction, action: custom.action,
                note: external == nil
                    ? "nothing measured '\(custom.metric)': it is no built-in metric "
                        + "(\(CustomMetric.allCases.map(\.rawValue).joined(separator: ", "))) and the metrics source gave no value"
                    : nil
            )
        }
        let (events, trials) = metric.counts(in: candidate)
        if metric.isFraction {
            return proportionCheck(
                check, events: events, trials: trials, limit: limit, warningFraction: warningFraction,
                action: custom.action
            )
        }
        return pointEstimateCheck(
            check, observed: trials > 0 ? Double(events) / Double(trials) : nil, evidence: .init(events: events, trials: trials),
            limit: limit, warningFraction: warningFraction, action: custom.action, note: nil
        )
    }

    /// A value judged as it is, once the candidate served the minimum of calls; inconclusive
    /// before, or without a value.
    private func pointEstimateCheck(
        _ check: HealthCheck, observed: Double?, evidence: CheckResult.Evidence, limit: CheckResult.Limit,
        warningFraction: Double, action: ViolationAction, note: String?
    ) -> CheckResult {
        let warningLevel = Self.warningLevel(of: limit, fraction: warningFraction, isFraction: false)
        let enough = observed != nil && evidence.trials >= configuration.minimumCandidateCalls
        let exceeded = observed.map(limit.isExceeded) ?? false
        let status: CheckResult.Status = enough ? (exceeded ? .violated : .passed) : .inconclusive
        return CheckResult(
            check: check, status: status, observed: observed, threshold: limit, warningLevel: warningLevel,
            interval: nil, method: .pointEstimate, evidence: evidence, action: action,
            isWarning: enough && !exceeded
                && observed.map { Self.warningLevel(warningLevel, isPassedBy: $0, direction: limit.direction) } == true,
            note: note
        )
    }
}
