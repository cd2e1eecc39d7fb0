extension HealthAnalyzer {
    /// The candidate's latency at ``Thresholds/latencyPercentile`` must stay at most
    /// ``Thresholds/latencyMultiplier`` × the baseline's.
    ///
    /// The ratio's bounds combine the percentile bounds of both histograms
    /// (``QuantileBounds``): lower = candidate lower / baseline upper, upper = candidate
    /// upper / baseline lower. Each of the four percentile bounds is taken at half the
    /// allowed error, so each ratio bound holds with at least ``Configuration/confidence``.
    /// This is equivalent to a binomial test on the number of candidate calls slower than
    /// multiplier × the baseline's percentile (under a healthy candidate at most 1 − q of
    /// them are), with the baseline's own sampling error accounted for.
    func latencyCheck(
        _ candidate: CohortMetrics, baseline: CohortMetrics?, source: BaselineSource, _ thresholds: Thresholds
    ) -> CheckResult {
        let multiplier = thresholds.latencyMultiplier
        let limit = CheckResult.Limit.atMost(multiplier)
        let warningLevel = Self.warningLevel(of: limit, fraction: thresholds.warningFraction, isFraction: false)
        let calls = candidate.latency.totalCount
        let quantile = min(max(thresholds.latencyPercentile / 100, 0), 1)
        let action = HealthCheck.latency.defaultAction
        guard let baseline else {
            return CheckResult(
                check: .latency, status: .inconclusive, observed: nil, threshold: limit, warningLevel: warningLevel,
                interval: nil, method: .quantileOrderStatistics, evidence: .init(events: 0, trials: calls, baseline: source),
                action: action, isWarning: false, note: "no baseline with enough calls"
            )
        }
        let z = NormalDistribution.quantile(1 - (1 - configuration.confidence) / 2)
        let mine = QuantileBounds(candidate.latency, quantile: quantile, z: z)
        let theirs = QuantileBounds(baseline.latency, quantile: quantile, z: z)
        let observed = calls > 0 && theirs.point > 0 ? mine.point / theirs.point : nil
        let interval = ConfidenceInterval(
            lower: theirs.upper.isFinite ? mine.lower / theirs.upper : 0,
            upper: theirs.lower > 0 ? mine.upper / theirs.lower : .infinity,
            confidence: configuration.confidence
        )
        let slowerThan = UInt64(min(theirs.point * multiplier, Double(UInt64.max / 2)))
        let evidence = CheckResult.Evidence(
            events: candidate.latency.count(above: slowerThan), trials: calls,
            baselineCalls: baseline.latency.totalCount, baseline: source
        )
        let enough = calls >= configuration.minimumCandidateCalls
        let status = enough ? limit.judge(interval) : .inconclusive
        return CheckResult(
            check: .latency, status: status, observed: observed, threshold: limit, warningLevel: warningLevel,
            interval: interval, method: .quantileOrderStatistics, evidence: evidence, action: action,
            isWarning: enough && status != .violated && Self.isPast(warningLevel, limit, interval)
        )
    }
}
