/// The seven services of the CVPlus Phase 3 plan, by the names their flags route.
///
/// Each service has a legacy implementation (the plan's "violation" service) and a candidate
/// (its "package" service); ``CVPlusApp`` composes them over one `MigrationRouter`.
public enum CVPlusService: String, CaseIterable, Codable, Hashable, Sendable, CustomStringConvertible {
    /// Scores a CV: sections found, keywords, length (Week 2, low risk).
    case cvAnalyzer = "cv-analyzer"
    /// Turns an analysis into improvement suggestions (Week 2, low risk).
    case improvementOrchestrator = "improvement-orchestrator"
    /// Caches recommendations per user and CV, dual-written (Week 3, medium risk).
    case cacheManager = "cache-manager"
    /// Asks the AI service for recommendations (Week 3, medium risk).
    case recommendationGenerator = "recommendation-generator"
    /// Keeps the circuit breakers of the app's dependencies (Week 4, critical).
    case circuitBreakerCore = "circuit-breaker-core"
    /// Runs the generate → rank → store workflow (Week 4, critical).
    case recommendationOrchestrator = "recommendation-orchestrator"
    /// Performs idempotent actions for the user (Week 4, critical).
    case actionOrchestrator = "action-orchestrator"

    /// The service name, as in flags and plans.
    public var description: String { rawValue }

    /// The key of the service's flag in the plan's `MigrationFeatureFlags`.
    public var flagKey: String {
        switch self {
        case .cacheManager: "cache-package-enabled"
        case .circuitBreakerCore: "circuit-breaker-package-enabled"
        default: "\(rawValue)-package-enabled"
        }
    }
}
