import Cutover

/// One `cache-manager` store of recommendations (legacy or candidate): an `InMemoryLRUCache`
/// whose calls cost a little latency and, for the candidate, meet the injected faults.
///
/// A corruption fault spoils the value *written*, so the wrong value stays in the store where a
/// coherence check finds it.
public struct RecommendationStore: CacheBackend {
    /// The values kept: recommendations for one user and CV.
    public typealias Value = [Recommendation]

    private let cache: InMemoryLRUCache<[Recommendation]>
    private let environment: ServiceEnvironment

    /// A store over `cache`, running in `environment`.
    public init(cache: InMemoryLRUCache<[Recommendation]>, environment: ServiceEnvironment) {
        self.cache = cache
        self.environment = environment
    }

    /// The number of entries held.
    public var count: Int {
        cache.count
    }

    public func value(forKey key: String) async throws -> [Recommendation]? {
        _ = try await environment.enter(jitterKey: key)
        return try await cache.value(forKey: key)
    }

    public func setValue(_ value: [Recommendation], forKey key: String, timeToLive: Duration?) async throws {
        let draw = try await environment.enter(jitterKey: key)
        try await cache.setValue(draw.corrupts ? value.corrupted() : value, forKey: key, timeToLive: timeToLive)
    }

    public func removeValue(forKey key: String) async throws {
        _ = try await environment.enter(jitterKey: key)
        try await cache.removeValue(forKey: key)
    }
}
