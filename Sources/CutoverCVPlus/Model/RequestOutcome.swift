/// How one user task ended, as the user experienced it.
public struct RequestOutcome: Hashable, Sendable {
    /// The request.
    public var requestID: String
    /// The service whose error reached the user, or `nil` when the user saw none.
    public var failedService: CVPlusService?
    /// The error the user saw, described.
    public var error: String?
    /// Whether recommendations came from the cache.
    public var cacheHit: Bool
    /// Whether the AI service's breaker was open, so the user got basic recommendations.
    public var degraded: Bool
    /// The plan the user got, when the task succeeded.
    public var plan: RecommendationPlan?
    /// How long the task took on the app's clock (simulated work included).
    public var latency: Duration

    /// An outcome.
    public init(
        requestID: String, failedService: CVPlusService? = nil, error: String? = nil, cacheHit: Bool = false,
        degraded: Bool = false, plan: RecommendationPlan? = nil, latency: Duration = .zero
    ) {
        self.requestID = requestID
        self.failedService = failedService
        self.error = error
        self.cacheHit = cacheHit
        self.degraded = degraded
        self.plan = plan
        self.latency = latency
    }

    /// Whether the user saw an error.
    public var userSawError: Bool {
        failedService != nil
    }

    /// Whether the user's task succeeded.
    public var succeeded: Bool {
        !userSawError
    }
}
