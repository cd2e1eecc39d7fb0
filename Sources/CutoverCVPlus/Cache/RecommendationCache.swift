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

    /// The cache key of a CV's recommendations: the CV's id, which names its user
    /// (`user-00042-cv2`). The stores hold recommendations only, so the key needs no prefix,
    /// and an id this short is stored inline in the string: a look-up allocates nothing.
    public static func key(cvID: String) -> String {
        cvID
    }

    /// The cached recommendations of `request`'s user and CV, if any.
    public func recommendations(for request: UserRequest, context: EvaluationContext) async throws -> [Recommendation]? {
        try await cache.value(forKey: Self.key(cvID: request.cv.id), context: context)
    }

    /// Caches `recommendations` for `request`'s user and CV.
    public func store(_ recommendations: [Recommendation], for request: UserRequest, context: EvaluationContext) async throws {
        try await cache.setValue(
            recommendations, forKey: Self.key(cvID: request.cv.id), timeToLive: timeToLive,
            context: context
        )
    }
}
