extension HealthAnalyzer {
    /// Candidate errors / calls must stay at most ``Thresholds/errorRate``.
    func errorRateCheck(_ candidate: CohortMetrics, _ thresholds: Thresholds) -> CheckResult {
        proportionCheck(
            .errorRate, events: candidate.errors, trials: candidate.calls, limit: .atMost(thresholds.errorRate),
            warningFraction: thresholds.warningFraction
        )
    }

    /// The candidate cohort's user tasks must succeed at least ``Thresholds/userSuccessRate``.
    ///
    /// Uses the outcomes the application reported; without any, the calls whose error did
    /// not reach the user (short-circuited calls count as tasks).
    func userSuccessCheck(_ candidate: CohortMetrics, _ thresholds: Thresholds) -> CheckResult {
        let reported = candidate.outcomeSuccesses &+ candidate.outcomeFailures
        let successes: UInt64
        let tasks: UInt64
        if reported > 0 {
            (successes, tasks) = (candidate.outcomeSuccesses, reported)
        } else {
            tasks = candidate.calls &+ candidate.shortCircuited
            successes = tasks - min(candidate.userFacingErrors, tasks)
        }
        return proportionCheck(
            .userSuccess, events: successes, trials: tasks, limit: .atLeast(thresholds.userSuccessRate),
            warningFraction: thresholds.warningFraction
        )
    }

    /// The calls the candidate served, out of the calls routed to it, must stay at least
    /// ``Thresholds/throughputMinimum``.
    ///
    /// Routed calls are the ones it served plus the ones its breaker sent to legacy instead
    /// (`shortCircuited`), so a candidate that cannot keep up with its cohort is caught, and
    /// the check does not depend on how far the cohort's share of traffic strays from the
    /// rollout (routing is per user, so with a few heavy users it strays far more than
    /// independent calls would).
    func throughputCheck(_ sample: HealthSample, _ thresholds: Thresholds) -> CheckResult {
        let served = sample.candidate.calls
        let routed = served &+ sample.candidate.shortCircuited
        return proportionCheck(
            .throughput, events: served, trials: routed, limit: .atLeast(thresholds.throughputMinimum),
            warningFraction: thresholds.warningFraction
        )
    }

    /// Confirmed integrity failures of both cohorts must stay at most ``Thresholds/integrityFailures``.
    ///
    /// Each failure is a confirmed fact (a mismatch seen), not an estimate, so no minimum of
    /// calls applies and one failure past the tolerance violates.
    func integrityCheck(_ sample: HealthSample, _ thresholds: Thresholds) -> CheckResult {
        let failures = sample.candidate.integrityFailures &+ sample.legacy.integrityFailures
        let tolerated = Double(max(thresholds.integrityFailures, 0))
        let limit = CheckResult.Limit.atMost(tolerated)
        let warningLevel = tolerated * thresholds.warningFraction
        let violated = limit.isExceeded(by: Double(failures))
        return CheckResult(
            check: .integrity, status: violated ? .violated : .passed, observed: Double(failures), threshold: limit,
            warningLevel: warningLevel, interval: nil, method: .count,
            evidence: .init(events: failures, trials: sample.candidate.calls &+ sample.candidate.shadowCalls),
            action: HealthCheck.integrity.defaultAction,
            isWarning: !violated && failures > 0 && Double(failures) > warningLevel
        )
    }

    /// A binomial proportion `events / trials`, divided by `scale`, against `limit`, judged
    /// with one-sided Wilson bounds.
    func proportionCheck(
        _ check: HealthCheck, events: UInt64, trials: UInt64, limit: CheckResult.Limit, warningFraction: Double,
        scale: Double = 1, enoughData: Bool? = nil, action: ViolationAction? = nil
    ) -> CheckResult {
        let warningLevel = Self.warningLevel(of: limit, fraction: warningFraction, isFraction: true)
        let evidence = CheckResult.Evidence(events: events, trials: trials)
        let action = action ?? check.defaultAction
        guard trials > 0 else {
            return CheckResult(
                check: check, status: .inconclusive, observed: nil, threshold: limit, warningLevel: warningLevel,
                interval: nil, method: .wilsonScore, evidence: evidence, action: action, isWarning: false
            )
        }
        let wilson = ConfidenceInterval.wilson(events: events, trials: trials, confidence: configuration.confidence)
        let interval = ConfidenceInterval(
            lower: wilson.lower / scale, upper: wilson.upper / scale, confidence: wilson.confidence
        )
        let observed = Double(events) / Double(trials) / scale
        let enough = enoughData ?? (trials >= configuration.minimumCandidateCalls)
        let status = enough ? limit.judge(interval) : .inconclusive
        return CheckResult(
            check: check, status: status, observed: observed, threshold: limit, warningLevel: warningLevel,
            interval: interval, method: .wilsonScore, evidence: evidence, action: action,
            isWarning: enough && status != .violated && Self.isPast(warningLevel, limit, interval)
        )
    }

    /// Where a value starts to warn: `fraction` of an upper limit; for a lower limit, the same
    /// fraction of the allowed shortfall from 100 % (rates) or the limit divided by `fraction`.
    ///
    /// With the defaults: error rate 5 % warns above 4 %, latency 2× above 1.6×, user success
    /// 95 % below 96 %, throughput 90 % below 92 %.
    static func warningLevel(of limit: CheckResult.Limit, fraction: Double, isFraction: Bool) -> Double {
        switch limit.direction {
        case .atMost: limit.value * fraction
        case .atLeast: isFraction ? 1 - (1 - limit.value) * fraction : limit.value / max(fraction, .leastNonzeroMagnitude)
        }
    }

    /// Whether `interval` shows, at its confidence, that the value is past the warning `level`
    /// on `limit`'s unhealthy side: warnings need evidence too, or noise in the first samples
    /// of every step would raise them.
    static func isPast(_ level: Double, _ limit: CheckResult.Limit, _ interval: ConfidenceInterval) -> Bool {
        CheckResult.Limit(direction: limit.direction, value: level).judge(interval) == .violated
    }

    /// Whether `value` is past `level` on the unhealthy side.
    static func warningLevel(_ level: Double, isPassedBy value: Double, direction: CheckResult.Limit.Direction) -> Bool {
        direction == .atMost ? value > level : value < level
    }
}
