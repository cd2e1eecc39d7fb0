/// A named risk policy: steps, monitoring, approvals and thresholds.
public struct RiskTier: Hashable, Sendable {
    /// The tier's name, e.g. `LOW`.
    public var name: String
    /// Rollout percentages, strictly increasing, ending at 100.
    public var steps: [Double]
    /// How long each step is held and judged.
    public var monitoringInterval: Duration
    /// How often health is sampled inside a window.
    public var sampleInterval: Duration
    /// Steps at or above this percentage wait for a human approval before they start.
    public var approvalFrom: Double?
    /// Health thresholds.
    public var thresholds: Thresholds
    /// What the tier is for, in the plan's words.
    public var description: String?

    /// Creates a tier.
    public init(
        name: String, steps: [Double], monitoringInterval: Duration, sampleInterval: Duration = .seconds(30),
        approvalFrom: Double? = nil, thresholds: Thresholds = Thresholds(), description: String? = nil
    ) {
        self.description = description
        self.name = name
        self.steps = steps
        self.monitoringInterval = monitoringInterval
        self.sampleInterval = sampleInterval
        self.approvalFrom = approvalFrom
        self.thresholds = thresholds
    }
}

/// What a violated threshold does.
public enum ViolationAction: String, Hashable, Sendable, Codable, CaseIterable {
    /// Roll back in one step.
    case immediateRollback = "immediate-rollback"
    /// Roll back in steps over a few minutes.
    case gracefulRollback = "graceful-rollback"
    /// Pause and alert; a human decides.
    case pause
}

/// Health thresholds of a tier or service (the defaults are the CVPlus plan's).
public struct Thresholds: Hashable, Sendable {
    /// Highest acceptable candidate error rate.
    public var errorRate: Double = 0.05
    /// Highest acceptable ratio of candidate to baseline latency at ``latencyPercentile``.
    public var latencyMultiplier: Double = 2.0
    /// The latency percentile compared, e.g. 95.
    public var latencyPercentile: Double = 95
    /// Lowest acceptable user success rate.
    public var userSuccessRate: Double = 0.95
    /// Lowest acceptable ratio of served to expected candidate traffic.
    public var throughputMinimum: Double = 0.9
    /// Confirmed integrity failures tolerated (0 in the CVPlus plan).
    public var integrityFailures: Int = 0
    /// Business and cost checks.
    public var custom: [CustomThreshold] = []
    /// A metric past this fraction of its threshold raises a warning.
    public var warningFraction: Double = 0.8

    /// The defaults.
    public init() {}
}

/// A business or cost check: a named metric compared with a bound.
public struct CustomThreshold: Hashable, Sendable {
    /// The metric, e.g. `costUnitsPerCall`.
    public var metric: String
    /// The candidate's value must stay at or below this (when set).
    public var maximum: Double?
    /// The candidate's value must stay at or above this (when set).
    public var minimum: Double?
    /// What a violation does (pause and alert by default).
    public var action: ViolationAction

    /// Creates a custom threshold.
    public init(metric: String, maximum: Double? = nil, minimum: Double? = nil, action: ViolationAction = .pause) {
        self.metric = metric
        self.maximum = maximum
        self.minimum = minimum
        self.action = action
    }
}

/// Per-service replacements for some tier thresholds; `nil` keeps the tier's.
public struct ThresholdOverrides: Hashable, Sendable {
    /// Replaces ``Thresholds/errorRate``.
    public var errorRate: Double?
    /// Replaces ``Thresholds/latencyMultiplier``.
    public var latencyMultiplier: Double?
    /// Replaces ``Thresholds/userSuccessRate``.
    public var userSuccessRate: Double?
    /// Replaces ``Thresholds/throughputMinimum``.
    public var throughputMinimum: Double?
    /// Added to the tier's custom thresholds.
    public var custom: [CustomThreshold] = []

    /// No overrides.
    public init() {}

    /// `base` with these overrides applied.
    public func applied(to base: Thresholds) -> Thresholds {
        var result = base
        result.errorRate = errorRate ?? base.errorRate
        result.latencyMultiplier = latencyMultiplier ?? base.latencyMultiplier
        result.userSuccessRate = userSuccessRate ?? base.userSuccessRate
        result.throughputMinimum = throughputMinimum ?? base.throughputMinimum
        result.custom = base.custom + custom
        return result
    }
}
