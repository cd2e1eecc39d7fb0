/// What the health analysis judges: both cohorts of one service over the same window.
///
/// The legacy cohort of the same window is the baseline (a *concurrent* baseline sees the
/// same load, time of day and downstream health as the candidate). When it has fewer calls
/// than ``HealthAnalyzer/Configuration/minimumBaselineCalls`` — at 100 % rollout it has none —
/// the preflight baseline stands in.
public struct HealthSample: Sendable {
    /// The candidate cohort over the window.
    public var candidate: CohortMetrics
    /// The legacy cohort over the same window.
    public var legacy: CohortMetrics
    /// The legacy baseline captured during preflight, if any.
    public var preflightBaseline: CohortMetrics?
    /// The share of calls the candidate should serve, in 0…1 (the rollout percentage / 100).
    public var expectedCandidateShare: Double

    /// Creates a sample.
    public init(
        candidate: CohortMetrics, legacy: CohortMetrics, preflightBaseline: CohortMetrics? = nil,
        expectedCandidateShare: Double
    ) {
        self.candidate = candidate
        self.legacy = legacy
        self.preflightBaseline = preflightBaseline
        self.expectedCandidateShare = expectedCandidateShare
    }
}

/// Which legacy metrics a verdict compared the candidate with.
public enum BaselineSource: String, Codable, Hashable, Sendable {
    /// The legacy cohort of the same window.
    case concurrent
    /// The legacy baseline captured during preflight.
    case preflight
    /// Neither had enough calls; checks that need a baseline are inconclusive.
    case none
}
