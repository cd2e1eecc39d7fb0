import Cutover
import CutoverCore

/// The `cache-manager` service: recommendations cached per user and CV in a `DualWriteCache`
/// over a legacy and a candidate ``RecommendationStore``.
public struct RecommendationCache: Sendable {
    /// The dual-write cache the router drives.
    public let cache: DualWriteCache<[Recommendation]>
    /// The legacy store.
    public let legacy: RecommendationStore
    /// The candidate store.
    public let candidate: RecommendationStore
    /// How long cached recommendations live.
    public let timeToLive: Duration

    /// A cache over `legacy` and `candidate`, registered with `router` as `cache-manager`.
    public init(legacy: RecommendationStore, candidate: RecommendationStore, router: MigrationRouter, timeToLive: Duration) {
        self.legacy = legacy
        self.candidate = candidate
        self.timeToLive = timeToLive
        cache = DualWriteCache(CVPlusService.cacheManager.rawValue, legacy: legacy, candidate: candidate, router: router)
    }

    /// The cache key of `cv`'s recommendations for `userID`.
    public static func key(userID: String, cvID: String) -> String {
        "recommendations/\(userID)/\(cvID)"
    }

    /// The cached recommendations of `request`'s user and CV, if any.
    public func recommendations(for request: UserRequest, context: EvaluationContext) async throws -> [Recommendation]? {
        try await cache.value(forKey: Self.key(userID: request.user.id, cvID: request.cv.id), context: context)
    }

    /// Caches `recommendations` for `request`'s user and CV.
    public func store(_ recommendations: [Recommendation], for request: UserRequest, context: EvaluationContext) async throws {
        try await cache.setValue(
            recommendations, forKey: Self.key(userID: request.user.id, cvID: request.cv.id), timeToLive: timeToLive,
            context: context
        )
    }
}
