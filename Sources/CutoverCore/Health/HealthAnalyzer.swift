/// Judges a sample's health against thresholds, with statistical evidence.
///
/// Pure: no I/O, no clock, no state. Each check yields a ``CheckResult`` and the results add
/// up to a ``Verdict``:
///
/// | check | statistic | violated when |
/// |---|---|---|
/// | error rate | errors / calls, Wilson bound | lower bound > threshold |
/// | integrity | confirmed failures (count) | count > tolerated |
/// | latency | candidate pXX / baseline pXX, order-statistic bounds | lower bound > multiplier |
/// | user success | successful / reported tasks, Wilson bound | upper bound < threshold |
/// | throughput | candidate share of calls / expected share, Wilson bound | upper bound < minimum |
/// | custom | see ``CustomMetric`` | bound past maximum or minimum |
///
/// A check passes when the opposite bound is on the healthy side, and is inconclusive below
/// the minimum number of calls or while its interval straddles the threshold.
/// `docs/analysis.md` justifies the method and reports its simulated false-rollback rate
/// and detection delay.
public struct HealthAnalyzer: Sendable {
    /// Tuning of the analysis.
    public struct Configuration: Sendable, Hashable {
        /// Candidate calls (or, for throughput, expected candidate calls) below which a rate
        /// check is inconclusive.
        public var minimumCandidateCalls: UInt64 = 200
        /// Legacy calls below which the concurrent baseline is replaced by the preflight one.
        public var minimumBaselineCalls: UInt64 = 200
        /// The one-sided confidence of every bound, e.g. `0.99`: the chance that one look at
        /// a sample exactly at a threshold reports a violation is at most `1 − confidence`.
        public var confidence: Double = 0.99

        /// The defaults: 200 calls, 99 % one-sided confidence.
        public init() {}

        /// For judging single, independent samples rather than a growing window: 99.9 %
        /// confidence, because independent looks add up their false alarms.
        public static var singleSample: Configuration {
            var configuration = Configuration()
            configuration.confidence = 0.999
            return configuration
        }
    }

    /// The analysis's tuning.
    public var configuration: Configuration

    /// Creates an analyzer.
    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
    }

    /// Judges `sample` against `thresholds`.
    public func analyze(_ sample: HealthSample, thresholds: Thresholds) -> Verdict {
        let (baseline, source) = baseline(of: sample)
        var checks = [
            errorRateCheck(sample.candidate, thresholds),
            integrityCheck(sample, thresholds),
            latencyCheck(sample.candidate, baseline: baseline, source: source, thresholds),
            userSuccessCheck(sample.candidate, thresholds),
        ]
        if sample.expectedCandidateShare > 0 {
            checks.append(throughputCheck(sample, thresholds))
        }
        for custom in thresholds.custom {
            checks += customChecks(custom, sample.candidate, thresholds)
        }
        return Verdict(checks: checks, candidateCalls: sample.candidate.calls, baseline: source)
    }

    /// The concurrent legacy cohort when it has enough calls, else the preflight baseline when
    /// it has, else none.
    func baseline(of sample: HealthSample) -> (CohortMetrics?, BaselineSource) {
        let minimum = configuration.minimumBaselineCalls
        if sample.legacy.calls >= minimum { return (sample.legacy, .concurrent) }
        if let preflight = sample.preflightBaseline, preflight.calls >= minimum {
            return (preflight, .preflight)
        }
        return (nil, .none)
    }
}

extension HealthCheck {
    /// What a violation of a built-in check does (``CustomThreshold/action`` for custom ones).
    public var defaultAction: ViolationAction {
        switch self {
        case .errorRate, .integrity: .immediateRollback
        case .latency, .userSuccess, .throughput: .gracefulRollback
        case .custom: .pause
        }
    }
}
