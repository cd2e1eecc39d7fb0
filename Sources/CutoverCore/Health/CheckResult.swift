/// The outcome of one health check on one sample, with the numbers that justify it.
public struct CheckResult: Hashable, Sendable {
    /// Whether the check has evidence either way.
    public enum Status: String, Codable, Hashable, Sendable {
        /// The confidence bound is on the good side of the threshold.
        case passed
        /// Too few data, or the confidence interval straddles the threshold.
        case inconclusive
        /// The confidence bound is past the threshold: a violation with evidence.
        case violated
    }

    /// How the check reached its status.
    public enum Method: String, Codable, Hashable, Sendable {
        /// One-sided Wilson score bounds of a binomial proportion.
        case wilsonScore
        /// Distribution-free confidence bounds of two percentiles (order statistics), as a ratio.
        case quantileOrderStatistics
        /// A count of confirmed events compared with a tolerated number.
        case count
        /// The point estimate, once enough calls were seen (no variance is recorded).
        case pointEstimate
    }

    /// The check.
    public var check: HealthCheck
    /// The status.
    public var status: Status
    /// The observed value (point estimate), or `nil` without data.
    public var observed: Double?
    /// The threshold the value must respect.
    public var threshold: Limit
    /// Where a value raises a warning (``Thresholds/warningFraction`` of the threshold).
    public var warningLevel: Double
    /// The confidence bounds of the value, for statistical methods.
    public var interval: ConfidenceInterval?
    /// How the status was decided.
    public var method: Method
    /// The counts behind the value.
    public var evidence: Evidence
    /// What a violation of this check does.
    public var action: ViolationAction
    /// Whether the value is past ``warningLevel`` without a proven violation: shown by the
    /// confidence interval for statistical methods, by the value itself for counts and point estimates.
    public var isWarning: Bool
    /// Why the check could not decide, when that is not just a matter of more calls.
    public var note: String?

    /// Creates a result.
    public init(
        check: HealthCheck, status: Status, observed: Double?, threshold: Limit, warningLevel: Double,
        interval: ConfidenceInterval?, method: Method, evidence: Evidence, action: ViolationAction,
        isWarning: Bool, note: String? = nil
    ) {
        self.check = check
        self.status = status
        self.observed = observed
        self.threshold = threshold
        self.warningLevel = warningLevel
        self.interval = interval
        self.method = method
        self.evidence = evidence
        self.action = action
        self.isWarning = isWarning
        self.note = note
    }

    /// The confidence bound the status rests on: the bound nearest the threshold's bad side
    /// for a violation (e.g. the lower bound of an error rate), the other one otherwise.
    public var decisiveBound: Double? {
        guard let interval else { return nil }
        let provesViolation = status == .violated
        switch threshold.direction {
        case .atMost: return provesViolation ? interval.lower : interval.upper
        case .atLeast: return provesViolation ? interval.upper : interval.lower
        }
    }

    /// How bad the result is: a violation ranks by its action, a warning above a pass.
    public var severity: Severity {
        if status == .violated { return Severity(action) }
        return isWarning ? .warning : .none
    }
}

extension CheckResult {
    /// A threshold: a bound and the side of it a healthy value stays on.
    public struct Limit: Codable, Hashable, Sendable {
        /// The side of ``value`` a healthy value stays on.
        public enum Direction: String, Codable, Hashable, Sendable {
            /// Healthy values are at most ``Limit/value``.
            case atMost
            /// Healthy values are at least ``Limit/value``.
            case atLeast
        }

        /// Which side is healthy.
        public var direction: Direction
        /// The bound.
        public var value: Double

        /// Healthy values are at most `value`.
        public static func atMost(_ value: Double) -> Limit { Limit(direction: .atMost, value: value) }
        /// Healthy values are at least `value`.
        public static func atLeast(_ value: Double) -> Limit { Limit(direction: .atLeast, value: value) }

        /// Whether `value` is on the unhealthy side.
        public func isExceeded(by value: Double) -> Bool {
            direction == .atMost ? value > self.value : value < self.value
        }

        /// Whether an interval proves a violation (`.violated`), proves compliance (`.passed`), or neither.
        public func judge(_ interval: ConfidenceInterval) -> Status {
            switch direction {
            case .atMost: interval.lower > value ? .violated : interval.upper <= value ? .passed : .inconclusive
            case .atLeast: interval.upper < value ? .violated : interval.lower >= value ? .passed : .inconclusive
            }
        }
    }

    /// The counts behind a value.
    public struct Evidence: Codable, Hashable, Sendable {
        /// The events counted: errors, successes, slow calls, failures, candidate calls, cost units.
        public var events: UInt64
        /// What the events are counted out of: calls, outcomes, all calls of both cohorts.
        public var trials: UInt64
        /// Calls of the baseline compared with, for checks that compare.
        public var baselineCalls: UInt64?
        /// Which baseline, for checks that compare.
        public var baseline: BaselineSource?

        /// Creates evidence.
        public init(events: UInt64, trials: UInt64, baselineCalls: UInt64? = nil, baseline: BaselineSource? = nil) {
            self.events = events
            self.trials = trials
            self.baselineCalls = baselineCalls
            self.baseline = baseline
        }
    }
}
